package dev.mcpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.mcpkit.core.testing.LoopbackPorts;
import dev.mcpkit.core.testing.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/haproxy.cfg} run as is, the way the README's "Running several instances" runs it ({@code haproxy -f
 * deploy/haproxy.cfg}): its defaults make a valid configuration for one machine, and with {@code MCPKIT_BIND} and
 * {@code MCPKIT1..3} from the environment (as compose sets them) it balances over three instances, none sticky, once
 * its {@code /readyz} checks found them up. The instances are HTTP servers on loopback that name themselves in
 * {@code Mcpkit-Instance}, as mcpkit does; the cluster ITs run the same file in front of real instances.
 */
class HaproxyConfigTest {

  private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
  private static final Path CONFIG = Repo.root().resolve("deploy/haproxy.cfg");

  @TempDir Path dir;
  private final List<HttpServer> instances = new ArrayList<>();
  private Process haproxy;

  @AfterEach
  void stop() throws InterruptedException {
    if (haproxy != null) {
      haproxy.destroy();
      if (!haproxy.waitFor(10, TimeUnit.SECONDS)) {
        haproxy.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    instances.forEach(s -> s.stop(0));
  }

  @Test
  void theDefaultsAreAValidConfigurationForOneMachine() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(HAPROXY), "haproxy is not installed");
    Process check = new ProcessBuilder(HAPROXY.toString(), "-c", "-f", CONFIG.toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("check.log").toFile()).start();
    assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(check.exitValue()).as(Files.readString(dir.resolve("check.log"))).isZero();
    assertThat(Files.readString(CONFIG)).contains("${MCPKIT_BIND-127.0.0.1:8080}", "${MCPKIT1-127.0.0.1:8081}",
        "${MCPKIT2-127.0.0.1:8082}", "${MCPKIT3-127.0.0.1:8083}");
  }

  @Test
  void itBalancesOverTheThreeInstancesTheEnvironmentNames() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(HAPROXY), "haproxy is not installed");
    for (int i = 1; i <= 3; i++) {
      instances.add(instance("mcpkit" + i));
    }
    int lb = LoopbackPorts.free();
    ProcessBuilder pb = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", CONFIG.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile());
    pb.environment().put("MCPKIT_BIND", "127.0.0.1:" + lb);
    for (int i = 0; i < 3; i++) {
      pb.environment().put("MCPKIT" + (i + 1), "127.0.0.1:" + instances.get(i).getAddress().getPort());
    }
    haproxy = pb.start();

    URI readyz = URI.create("http://127.0.0.1:" + lb + "/readyz");
    try (HttpClient http = HttpClient.newHttpClient()) {
      Set<String> seen = new HashSet<>();
      await("all three instances answering through haproxy (" + dir.resolve("haproxy.log") + ")")
          .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            assertThat(haproxy.isAlive()).as("haproxy runs").isTrue();
            try {
              HttpResponse<String> r = http.send(HttpRequest.newBuilder(readyz).build(),
                  HttpResponse.BodyHandlers.ofString());
              r.headers().firstValue("Mcpkit-Instance").ifPresent(seen::add);
            } catch (IOException e) {
              // not listening yet
            }
            return seen.size() == 3;
          });
      // round robin without stickiness: three requests in a row, on one keep-alive connection, reach all three
      Set<String> next = new HashSet<>();
      for (int i = 0; i < 3; i++) {
        next.add(http.send(HttpRequest.newBuilder(readyz).build(), HttpResponse.BodyHandlers.ofString()).headers()
            .firstValue("Mcpkit-Instance").orElse("?"));
      }
      assertThat(next).containsExactlyInAnyOrder("mcpkit1", "mcpkit2", "mcpkit3");
    }
  }

  /** An HTTP server on loopback that answers every request 200 naming itself, as mcpkit's {@code /readyz} does. */
  private static HttpServer instance(String name) {
    try {
      HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      s.createContext("/", ex -> {
        byte[] body = "ready\n".getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().putAll(Map.of("Mcpkit-Instance", List.of(name)));
        ex.sendResponseHeaders(200, body.length);
        try (var out = ex.getResponseBody()) {
          out.write(body);
        }
      });
      s.start();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
