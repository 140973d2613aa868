package dev.mcpkit.auth.events;

import dev.mcpkit.core.text.PeerText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Security events, logged at INFO on the logger {@code dev.mcpkit.auth.security} as {@code event=<code> key=value}
 * so that they can be counted and alerted on. Values are identifiers (client ids, user names, hosts, addresses),
 * never token, code, secret or password content. Shared by the authorization server and the resource-server guard
 * ({@code dev.mcpkit.auth.resource}); not meant for applications.
 */
public final class SecurityEvents {

  private static final Logger LOG = LoggerFactory.getLogger("dev.mcpkit.auth.security");

  private SecurityEvents() {}

  /** Logs {@code event=<code>} followed by {@code key=value} pairs (values cleaned to one short line). */
  public static void log(String event, String... keyValues) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    StringBuilder b = new StringBuilder("event=").append(event);
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      b.append(' ').append(keyValues[i]).append('=').append(clean(keyValues[i + 1]));
    }
    LOG.info(b.toString());
  }

  /**
   * Keeps a value on one line, without spaces and short: attacker-chosen names must not forge log lines or
   * {@code key=value} pairs. Controls and white space (C0, DEL, any Unicode space or line break) become {@code _};
   * every other code point that does not print as itself (C1 controls, bidi controls, tag characters) is escaped
   * by {@link PeerText}, read by code point.
   */
  static String clean(String v) {
    if (v == null) {
      return "-";
    }
    StringBuilder b = new StringBuilder(v.length());
    v.codePoints().forEach(cp -> b.appendCodePoint(
        cp < 0x20 || cp == 0x7f || Character.isWhitespace(cp) || Character.isSpaceChar(cp) ? '_' : cp));
    return PeerText.line(b.toString(), 200);
  }
}
