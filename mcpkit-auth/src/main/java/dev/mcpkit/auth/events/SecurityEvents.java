package dev.mcpkit.auth.events;

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

  /** Keeps a value on one line and short: attacker-chosen names must not forge log lines. */
  private static String clean(String v) {
    if (v == null) {
      return "-";
    }
    String s = v.replaceAll("[\\p{Cntrl}\\s]", "_");
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
