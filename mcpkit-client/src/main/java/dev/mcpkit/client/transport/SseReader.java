package dev.mcpkit.client.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads Server-Sent Events from a byte stream, as the WHATWG rules say: lines end with CRLF, LF or
 * CR; {@code data} lines of one event are joined with LF; comments (lines starting with a colon)
 * are skipped; {@code id} and {@code retry} are remembered. Bounded: a line or event longer than
 * the limit throws {@link OversizeException} instead of growing without end; the count starts again at every
 * blank line, dispatched event or not, so a long stream of keep-alive comments is never mistaken for one event.
 */
final class SseReader {

  /** One dispatched event. {@code data} is {@code null} when the event had no data line. */
  record Event(String id, String event, String data, Integer retry) {}

  /** A line or event exceeded the size limit. */
  static final class OversizeException extends IOException {
    OversizeException(String message) {
      super(message);
    }
  }

  private final InputStream in;
  private final int maxEventBytes;
  private final byte[] buf = new byte[8192];
  private int pos;
  private int len;
  private boolean skipLf;
  private String lastEventId;
  private Integer retry;

  SseReader(InputStream in, int maxEventBytes) {
    this.in = in;
    this.maxEventBytes = maxEventBytes;
  }

  /** The id of the last event that set one (it carries over to later events, as in browsers). */
  String lastEventId() {
    return lastEventId;
  }

  /** The last {@code retry} value the server sent, in milliseconds, or {@code null}. */
  Integer retry() {
    return retry;
  }

  /** The next event, or {@code null} at the end of the stream. */
  Event next() throws IOException {
    StringBuilder data = null;
    String event = null;
    String idSeen = null;
    Integer retrySeen = null;
    boolean any = false;
    int size = 0;
    while (true) {
      String line = readLine();
      if (line == null) {
        return null; // an unterminated event at end of stream is discarded, per the SSE rules
      }
      if (line.isEmpty()) {
        if (!any) {
          size = 0; // an empty event (comments, keep-alives, unknown fields) ends here too: its bytes do not carry over
          continue;
        }
        return new Event(idSeen != null ? idSeen : lastEventId, event, data == null ? null : data.toString(), retrySeen);
      }
      size += line.length();
      if (size > maxEventBytes) {
        throw new OversizeException("an SSE event larger than " + maxEventBytes + " bytes");
      }
      if (line.charAt(0) == ':') {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "data" -> {
          data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
          any = true;
        }
        case "event" -> {
          event = value;
          any = true;
        }
        case "id" -> {
          if (value.indexOf('\0') < 0) {
            lastEventId = value;
            idSeen = value;
          }
          any = true;
        }
        case "retry" -> {
          if (!value.isEmpty() && value.chars().allMatch(Character::isDigit) && value.length() < 10) {
            retry = Integer.parseInt(value);
            retrySeen = retry;
          }
          any = true;
        }
        default -> { } // unknown fields are ignored
      }
    }
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    while (true) {
      if (pos == len) {
        len = in.read(buf, 0, buf.length);
        pos = 0;
        if (len <= 0) {
          len = 0;
          return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
        }
      }
      byte b = buf[pos++];
      if (skipLf) {
        skipLf = false;
        if (b == '\n') {
          continue;
        }
      }
      if (b == '\n') {
        return line.toString(StandardCharsets.UTF_8);
      }
      if (b == '\r') {
        skipLf = true;
        return line.toString(StandardCharsets.UTF_8);
      }
      if (line.size() >= maxEventBytes) {
        throw new OversizeException("an SSE line longer than " + maxEventBytes + " bytes");
      }
      line.write(b);
    }
  }
}
