package dev.mcpkit.core.net;

import java.util.Locale;
import java.util.regex.Pattern;

/** Host names judged without DNS (a name's addresses are the network's to choose, so they prove nothing). */
public final class Hosts {

  private static final Pattern IPV4_LOOPBACK =
      Pattern.compile("127\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){2}");

  private Hosts() {}

  /** {@code localhost}, an IPv4 loopback literal (127.0.0.0/8), or {@code ::1} (bracketed or not). */
  public static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1") || IPV4_LOOPBACK.matcher(h).matches();
  }
}
