package dev.mcpkit.auth.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Decides, from an address's bytes, whether an outbound fetch may connect to it. Refuses the RFC 6890
 * special-purpose ranges: this host, private networks, shared address space, loopback, link-local, documentation,
 * benchmarking, multicast, reserved, unique-local IPv6, and the IPv6 forms that embed an IPv4 address (mapped,
 * compatible, NAT64, 6to4, Teredo). Loopback is allowed only when the development switch is on.
 */
public record AddressPolicy(boolean allowLoopback) {

  /** The production policy: public unicast addresses only. */
  public static AddressPolicy publicOnly() {
    return new AddressPolicy(false);
  }

  /** Why {@code a} is refused, or {@code null} if it may be used. */
  public String refusal(InetAddress a) {
    if (a.isLoopbackAddress()) {
      return allowLoopback ? null : "loopback address";
    }
    if (a instanceof Inet4Address) {
      return refusal4(a.getAddress());
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet6Address v6 && v6.getScopeId() != 0) {
      return "scoped IPv6 address";
    }
    int first = b[0] & 0xff;
    if (isZero(b, 0, 16)) {
      return "unspecified address";
    }
    if (isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      return refusal4(slice(b, 12)); // IPv4-mapped (the JDK usually converts these already)
    }
    if (isZero(b, 0, 12)) {
      return "IPv4-compatible IPv6 address";
    }
    if (first == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
      return "NAT64 address"; // 64:ff9b::/96 and 64:ff9b:1::/48 carry an IPv4 address we cannot vet
    }
    if (first == 0x01 && b[1] == 0 && isZero(b, 2, 8)) {
      return "discard-only address";
    }
    if (first == 0x20 && (b[1] & 0xff) == 0x01 && ((b[2] & 0xff) < 0x02)) {
      return "IETF protocol assignment (Teredo, benchmarking, ORCHID)"; // 2001::/23
    }
    if (first == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
      return "documentation address";
    }
    if (first == 0x20 && (b[1] & 0xff) == 0x02) {
      return "6to4 address";
    }
    if ((first & 0xfe) == 0xfc) {
      return "unique-local address";
    }
    if (first == 0xfe && ((b[1] & 0xc0) == 0x80 || (b[1] & 0xc0) == 0xc0)) {
      return "link-local or site-local address";
    }
    if (first == 0xff) {
      return "multicast address";
    }
    return null;
  }

  private String refusal4(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    int a2 = b[2] & 0xff;
    if (a0 == 127) {
      return allowLoopback ? null : "loopback address";
    }
    if (a0 == 0) {
      return "this-network address";
    }
    if (a0 == 10 || (a0 == 172 && a1 >= 16 && a1 <= 31) || (a0 == 192 && a1 == 168)) {
      return "private address";
    }
    if (a0 == 100 && a1 >= 64 && a1 <= 127) {
      return "shared address space";
    }
    if (a0 == 169 && a1 == 254) {
      return "link-local address";
    }
    if (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2)) {
      return "IETF protocol or documentation address";
    }
    if (a0 == 192 && a1 == 88 && a2 == 99) {
      return "6to4 relay anycast";
    }
    if (a0 == 198 && (a1 == 18 || a1 == 19)) {
      return "benchmarking address";
    }
    if ((a0 == 198 && a1 == 51 && a2 == 100) || (a0 == 203 && a1 == 0 && a2 == 113)) {
      return "documentation address";
    }
    if (a0 >= 224) {
      return "multicast, reserved or broadcast address";
    }
    return null;
  }

  private static boolean isZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] slice(byte[] b, int from) {
    byte[] r = new byte[4];
    System.arraycopy(b, from, r, 0, 4);
    return r;
  }

  /**
   * Refuses host spellings that name an IP address in a non-canonical way ({@code 0x7f000001}, {@code 2130706433},
   * {@code 0177.0.0.1}, {@code 127.1}): resolvers disagree on them, so they are never worth the risk.
   *
   * @return why the spelling is refused, or {@code null}
   */
  public static String refuseOddLiteral(String host) {
    String h = host.toLowerCase();
    if (h.startsWith("[")) {
      return null; // bracketed IPv6: the address check decides
    }
    if (h.endsWith(".")) {
      return "host name with a trailing dot";
    }
    boolean numeric = true;
    for (String label : h.split("\\.", -1)) {
      if (!label.matches("[0-9]+|0x[0-9a-f]*")) {
        numeric = false;
        break;
      }
    }
    String octet = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    if (numeric && !h.matches(octet + "(\\." + octet + "){3}")) {
      return "non-canonical IP address literal";
    }
    return null;
  }

  /** Parses an IP literal host (dotted quad or bracketed IPv6) without any DNS lookup, or returns {@code null}. */
  static InetAddress literal(String host) {
    try {
      if (host.startsWith("[") && host.endsWith("]")) {
        return InetAddress.getByName(host.substring(1, host.length() - 1));
      }
      if (host.matches("[0-9.]+")) {
        return InetAddress.getByName(host);
      }
      if (host.contains(":")) {
        return InetAddress.getByName(host);
      }
    } catch (UnknownHostException e) {
      return null;
    }
    return null;
  }
}
