package dev.mcpkit.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports for the tests that must know a port before anything listens on it: a server whose URL goes into
 * its own configuration (an issuer, a resource, a config file written first), a peer that cannot bind port 0
 * (redis-server), a port that must refuse connections. Everywhere else a test lets its server bind port 0 and
 * reads the port it got, which cannot race.
 *
 * <p>Why not {@code new ServerSocket(0)} and close: the kernel hands that port out again to the next
 * {@code bind(0)} (another server of the same test, or of a test running next to it), and the server meant for the
 * port then fails with "Failed to bind" (seen in CI). The ports here are taken at random below the kernel's
 * ephemeral range, where {@code bind(0)} never goes, checked free, and never handed out twice in one JVM.
 */
public final class LoopbackPorts {

  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private LoopbackPorts() {}

  /**
   * A loopback port that is free now, below the ephemeral range where it leaves room, not handed out before: for a
   * server to bind next, or to stay closed for a test of "connection refused".
   */
  public static int free() {
    int below = ephemeralLow();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; below > 12_000 && i < 200; i++) {
      int port = random.nextInt(10_000, below);
      if (!HANDED_OUT.contains(port) && isFree(port) && HANDED_OUT.add(port)) {
        return port;
      }
    }
    // no room below the range (or not Linux): the racy last resort, as before
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isFree(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  /** The first port of the kernel's ephemeral range (Linux), or 0 when it cannot be read. */
  private static int ephemeralLow() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
      return Integer.parseInt(range.trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
