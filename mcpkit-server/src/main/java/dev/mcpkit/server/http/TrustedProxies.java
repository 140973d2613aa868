package dev.mcpkit.server.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reverse proxies (load balancers) whose word on the client's address a server takes: addresses and CIDR blocks,
 * IPv4 or IPv6 literals ({@code 10.0.0.7}, {@code 10.0.0.0/8}, {@code ::1}, {@code fd00::/8}). Names are refused:
 * a DNS answer must not decide whom a server trusts. Only a connection from a listed address may name another client
 * address (through {@code X-Forwarded-For} or the PROXY protocol); from any other peer those are ignored, so a client
 * cannot spoof its address. Immutable.
 */
public final class TrustedProxies {

  private static final Pattern V4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern V4_PORT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3}):\\d{1,5}");
  private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]+");
  private static final Pattern V6_PORT = Pattern.compile("\\[([0-9A-Fa-f:.]+)](?::\\d{1,5})?");
  private static final TrustedProxies NONE = new TrustedProxies(List.of());

  private record Block(byte[] network, int bits) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int whole = bits / 8;
      for (int i = 0; i < whole; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[whole] & mask) == (network[whole] & mask);
    }
  }

  private final List<Block> blocks;

  private TrustedProxies(List<Block> blocks) {
    this.blocks = List.copyOf(blocks);
  }

  /** No proxy is trusted (the default): every request's client is its TCP peer. */
  public static TrustedProxies none() {
    return NONE;
  }

  /**
   * The proxies at {@code specs}, each an address or a CIDR block.
   *
   * @throws IllegalArgumentException naming the first entry that is not an IP literal or a valid block
   */
  public static TrustedProxies of(List<String> specs) {
    List<Block> blocks = new ArrayList<>();
    for (String spec : specs) {
      String s = spec.strip();
      int slash = s.indexOf('/');
      InetAddress address = literal(slash < 0 ? s : s.substring(0, slash));
      if (address == null) {
        throw new IllegalArgumentException("trusted proxy '" + spec + "' is not an IP address or CIDR block"
            + " (e.g. 10.0.0.7, 10.0.0.0/8, fd00::/8; host names are not accepted)");
      }
      int max = address.getAddress().length * 8;
      int bits = max;
      if (slash >= 0) {
        String prefix = s.substring(slash + 1);
        bits = prefix.matches("\\d{1,3}") ? Integer.parseInt(prefix) : -1;
        if (bits < 0 || bits > max) {
          throw new IllegalArgumentException("trusted proxy '" + spec + "': the prefix length must be 0.." + max);
        }
      }
      blocks.add(new Block(address.getAddress(), bits));
    }
    return new TrustedProxies(blocks);
  }

  /** Whether no proxy is listed. */
  public boolean isEmpty() {
    return blocks.isEmpty();
  }

  /** Whether {@code address} is a listed proxy. */
  public boolean trusts(InetAddress address) {
    if (address == null) {
      return false;
    }
    byte[] bytes = address.getAddress();
    for (Block b : blocks) {
      if (b.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

  /**
   * An address literal as a proxy writes it in {@code X-Forwarded-For} (IPv4, IPv6, either with a port, IPv6 in
   * brackets), or {@code null} when it is anything else. Never resolves a name.
   */
  static InetAddress forwarded(String entry) {
    String s = entry.strip();
    Matcher m = V4_PORT.matcher(s);
    if (m.matches()) {
      return literal(m.group(1));
    }
    m = V6_PORT.matcher(s);
    return literal(m.matches() ? m.group(1) : s);
  }

  /** An IPv4 or IPv6 literal, or null; the checks keep {@link InetAddress#getByName} from looking up a name. */
  private static InetAddress literal(String s) {
    Matcher v4 = V4.matcher(s);
    if (v4.matches()) {
      for (int i = 1; i <= 4; i++) {
        if (Integer.parseInt(v4.group(i)) > 255) {
          return null;
        }
      }
    } else if (s.indexOf(':') < 0 || !V6.matcher(s).matches()) {
      return null; // only a literal with a colon is parsed as IPv6 without a DNS look-up
    }
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
