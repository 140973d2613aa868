package dev.mcpkit.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.EncoderBase;
import dev.mcpkit.core.text.PeerText;
import java.nio.charset.Charset;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The line of {@link StderrLogging}'s pattern ({@code %d{HH:mm:ss.SSS} %-5level %logger{0} - %safemsg%n}) made
 * directly, for the gateway's call log, which writes a line per routed call: the pattern's converters (a date
 * formatted per millisecond, the logger name abbreviated per event) cost the gateway more CPU than the line itself.
 * The time of day is formatted once per second; the message goes through {@link PeerText#block} as with
 * {@code %safemsg}.
 */
final class CallLineEncoder extends EncoderBase<ILoggingEvent> {

  private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("HH:mm:ss.");

  private record Second(long epochSecond, String text) {}

  private final ZoneId zone = ZoneId.systemDefault();
  private final Charset charset = Charset.defaultCharset(); // as the pattern encoder without a charset
  private volatile Second second = new Second(Long.MIN_VALUE, "");

  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    Instant at = event.getInstant();
    String msg = PeerText.block(event.getFormattedMessage());
    String name = event.getLoggerName();
    StringBuilder b = new StringBuilder(msg.length() + 48);
    b.append(timeOfSecond(at.getEpochSecond()));
    int ms = at.getNano() / 1_000_000;
    b.append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10)).append((char) ('0' + ms % 10)).append(' ');
    String level = event.getLevel().toString();
    b.append(level);
    for (int i = level.length(); i < 5; i++) {
      b.append(' ');
    }
    b.append(' ').append(name, name.lastIndexOf('.') + 1, name.length()).append(" - ").append(msg)
        .append(CoreConstants.LINE_SEPARATOR);
    return b.toString().getBytes(charset);
  }

  private String timeOfSecond(long epochSecond) {
    Second s = second;
    if (s.epochSecond() != epochSecond) {
      s = new Second(epochSecond, SECOND.format(Instant.ofEpochSecond(epochSecond).atZone(zone)));
      second = s;
    }
    return s.text();
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }
}
