package dev.mcpkit.store;

import dev.mcpkit.core.testing.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A real {@code redis-server} (Debian's package, installed by scripts/install-system-packages.sh) on a free
 * 127.0.0.1 port, for tests. Throwaway by default; {@link #persistent(Path)} keeps an append-only file in a
 * directory so that a test can restart Redis and find its data again.
 */
public final class RedisServer implements AutoCloseable {

  private final int port;
  private final Path dir;
  private final boolean persistent;
  private Process process;

  private RedisServer(Path dir, boolean persistent) {
    this.port = LoopbackPorts.free();
    this.dir = dir;
    this.persistent = persistent;
  }

  /** Starts a Redis that keeps nothing on disk. */
  public static RedisServer throwaway() {
    try {
      RedisServer r = new RedisServer(Files.createTempDirectory("mcpkit-redis"), false);
      r.start();
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts a Redis that keeps an append-only file in {@code dir}. */
  public static RedisServer persistent(Path dir) {
    RedisServer r = new RedisServer(dir, true);
    r.start();
    return r;
  }

  public URI uri() {
    return URI.create("redis://127.0.0.1:" + port + "/0");
  }

  public int port() {
    return port;
  }

  /** Starts (or starts again, on the same port and directory) and waits until it answers PING. */
  public void start() {
    List<String> cmd = new ArrayList<>(List.of(redisBinary(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--dir", dir.toString(), "--save", "", "--daemonize", "no", "--protected-mode", "yes"));
    cmd.addAll(persistent ? List.of("--appendonly", "yes", "--appendfsync", "always") : List.of("--appendonly", "no"));
    try {
      process = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(dir.resolve("redis.log").toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start redis-server (run scripts/install-system-packages.sh)", e);
    }
    Awaitility.await("redis-server on port " + port).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
        .until(this::answersPing);
  }

  /** Stops the server (SIGTERM: Redis flushes its append-only file) and waits for it to exit. */
  public void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    stop();
  }

  private boolean answersPing() {
    if (!process.isAlive()) {
      throw new IllegalStateException("redis-server exited: " + readLog());
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] buf = new byte[7];
      int n = s.getInputStream().read(buf);
      return n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  private String readLog() {
    try {
      return Files.readString(dir.resolve("redis.log"));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static String redisBinary() {
    for (String p : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
      if (Files.isExecutable(Path.of(p))) {
        return p;
      }
    }
    return "redis-server";
  }

  /** A loopback port with nothing listening on it (for tests of connection failures). */
  public static int throwawayPortThatIsClosed() {
    return LoopbackPorts.free();
  }
}
