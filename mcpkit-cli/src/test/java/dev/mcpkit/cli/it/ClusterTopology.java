package dev.mcpkit.cli.it;

import dev.mcpkit.core.testing.LoopbackPorts;
import dev.mcpkit.core.testing.Repo;
import dev.mcpkit.store.RedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * A real cluster on loopback, for tests: a {@code redis-server} with its append-only file on (AOF,
 * {@code appendfsync always}: mcpkit-store's {@link RedisServer#persistent}), N {@code mcpkit} processes of the
 * packaged jar ({@code java -jar mcpkit.jar COMMAND --port 0 --public-url http://127.0.0.1:LB ...}) and Debian's
 * {@code haproxy} in front of them with {@code deploy/haproxy.cfg} (round robin, no stickiness, health checks on
 * {@code /readyz}; only its {@code bind} and {@code server} lines are replaced by 127.0.0.1 ephemeral ports, and its
 * log goes to a file: warnings, or every request with {@link #start(int, boolean, Map, String...) requestLog}). Every
 * process is killed by {@link #close()}; every wait is bounded.
 *
 * <pre>{@code
 * try (ClusterTopology c = ClusterTopology.start(3, Map.of(), "up", "--store", ClusterTopology.REDIS)) {
 *   c.url();          // http://127.0.0.1:LB, the public URL every instance names
 *   c.instance(0);    // the first mcpkit process (its own endpoint, kill() for kill -9)
 * }
 * }</pre>
 */
public final class ClusterTopology implements AutoCloseable {

  /** Replaced in the command line by the Redis URL of the topology's server. */
  public static final String REDIS = "${redis}";

  private final RedisServer redis;
  private final List<McpkitProcess> instances = new ArrayList<>();
  private final int lbPort;
  private final Path dir;
  private final boolean requestLog;
  private Process haproxy;

  private ClusterTopology(RedisServer redis, int lbPort, Path dir, boolean requestLog) {
    this.redis = redis;
    this.lbPort = lbPort;
    this.dir = dir;
    this.requestLog = requestLog;
  }

  /**
   * Starts Redis, {@code n} instances of {@code mcpkit args... --port 0 --public-url URL --trusted-proxy 127.0.0.1}
   * with {@code env}, and HAProxy; returns once HAProxy has seen every instance ready.
   */
  public static ClusterTopology start(int n, Map<String, String> env, String... args) throws Exception {
    return start(n, false, env, args);
  }

  /**
   * As {@link #start(int, Map, String...)}; with {@code requestLog} HAProxy logs every request it forwarded (see
   * {@link #requests()}), with the {@code X-Peer-Run} and {@code Mcp-Session-Id} request headers and the {@code
   * Mcpkit-Instance} response header captured: which instance served each request of a client, seen from outside.
   */
  public static ClusterTopology start(int n, boolean requestLog, Map<String, String> env, String... args)
      throws Exception {
    Path dir = Files.createTempDirectory("mcpkit-cluster");
    RedisServer redis = RedisServer.persistent(Files.createDirectories(dir.resolve("redis")));
    ClusterTopology t = new ClusterTopology(redis, LoopbackPorts.free(), dir, requestLog);
    try {
      for (int i = 0; i < n; i++) {
        List<String> cmd = new ArrayList<>();
        for (String a : args) {
          cmd.add(a.replace(REDIS, redis.uri().toString()));
        }
        cmd.addAll(List.of("--port", "0", "--public-url", t.url(), "--trusted-proxy", "127.0.0.1",
            "--instance-name", "mcpkit" + (i + 1)));
        t.instances.add(McpkitProcess.startHttp(McpkitProcess.jar(), env, cmd.toArray(String[]::new)));
      }
      t.startHaproxy();
      t.awaitAllReady();
      return t;
    } catch (Exception | Error e) {
      t.close();
      throw e;
    }
  }

  /** The public URL: HAProxy's frontend. */
  public String url() {
    return "http://127.0.0.1:" + lbPort;
  }

  /** The {@code i}-th instance (0-based). */
  public McpkitProcess instance(int i) {
    return instances.get(i);
  }

  public int size() {
    return instances.size();
  }

  public RedisServer redis() {
    return redis;
  }

  /** deploy/haproxy.cfg with its frontend bound to the topology's port and one server line per instance. */
  String haproxyConfig() throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(Repo.root().resolve("deploy/haproxy.cfg"))) {
      String t = line.strip();
      if (t.startsWith("bind ")) {
        out.add("    bind 127.0.0.1:" + lbPort);
        if (requestLog) { // httplog prints captures as {request headers} {response headers}, in this order
          out.add("    capture request header X-Peer-Run len 64");
          out.add("    capture request header Mcp-Session-Id len 128");
          out.add("    capture response header Mcpkit-Instance len 64");
        }
      } else if (t.startsWith("server ")) {
        continue;
      } else if (t.startsWith("log stdout")) {
        out.add("    log stderr format raw local0 " + (requestLog ? "info" : "warning"));
      } else {
        out.add(line);
      }
    }
    for (int i = 0; i < instances.size(); i++) {
      URI e = instances.get(i).endpoint();
      out.add("    server mcpkit" + (i + 1) + " 127.0.0.1:" + e.getPort());
    }
    return String.join("\n", out) + "\n";
  }

  private void startHaproxy() throws IOException {
    Path cfg = dir.resolve("haproxy.cfg");
    Files.writeString(cfg, haproxyConfig());
    String bin = Files.isExecutable(Path.of("/usr/sbin/haproxy")) ? "/usr/sbin/haproxy" : "haproxy";
    // -db: stay in the foreground (the test owns the process); -W not needed for one process.
    haproxy = new ProcessBuilder(bin, "-db", "-f", cfg.toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("haproxy.log").toFile()).start();
  }

  /** Waits (bounded) until requests through HAProxy reach every live instance. */
  public void awaitAllReady() {
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < instances.size(); i++) {
      if (instances.get(i).isAlive()) {
        expected.add("mcpkit" + (i + 1));
      }
    }
    Set<String> seen = new HashSet<>();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Awaitility.await("HAProxy reaching " + expected).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .until(() -> {
          if (!haproxy.isAlive()) {
            throw new IllegalStateException("haproxy exited: " + Files.readString(dir.resolve("haproxy.log")));
          }
          try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/readyz"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
            r.headers().firstValue("Mcpkit-Instance").filter(x -> r.statusCode() == 200).ifPresent(seen::add);
          } catch (IOException e) {
            // HAProxy not listening yet
          }
          return seen.containsAll(expected);
        });
  }

  /** What HAProxy logged (warnings and errors). */
  public String haproxyLog() {
    try {
      return Files.readString(dir.resolve("haproxy.log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One request HAProxy forwarded, from its log: the captured headers ("" when absent), method and status. */
  public record Request(String run, String session, String instance, String method, int status) {}

  private static final Pattern HTTPLOG = Pattern.compile(
      " (\\d{3}) \\d+ .* \\{([^|}]*)\\|([^}]*)\\} \\{([^}]*)\\} \"([A-Z]+) ");

  /**
   * The requests HAProxy has logged so far (a topology started with {@code requestLog}). HAProxy logs a request when
   * its response ends: a stream's when it closes.
   */
  public List<Request> requests() {
    if (!requestLog) {
      throw new IllegalStateException("started without requestLog");
    }
    List<Request> out = new ArrayList<>();
    for (String line : haproxyLog().lines().toList()) {
      Matcher m = HTTPLOG.matcher(line);
      if (m.find()) {
        out.add(new Request(m.group(2), m.group(3), m.group(4), m.group(5), Integer.parseInt(m.group(1))));
      }
    }
    return out;
  }

  /** The logged requests tagged {@code X-Peer-Run: run}. */
  public List<Request> requests(String run) {
    return requests().stream().filter(r -> r.run().equals(run)).toList();
  }

  @Override
  public void close() {
    if (haproxy != null) {
      haproxy.destroy();
      try {
        if (!haproxy.waitFor(10, TimeUnit.SECONDS)) {
          haproxy.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (McpkitProcess p : instances) {
      try {
        p.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    redis.close();
  }
}
