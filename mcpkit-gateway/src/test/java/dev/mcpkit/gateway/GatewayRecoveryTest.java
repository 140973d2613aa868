package dev.mcpkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.McpRpcException;
import dev.mcpkit.client.ServerNotification;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.TextContent;
import dev.mcpkit.core.schema.Tool;
import dev.mcpkit.core.testing.LoopbackPorts;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.http.McpHttpServer;
import dev.mcpkit.server.stdio.StdioServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Upstreams that come and go: one down at start that comes up later, a stdio upstream that dies
 * mid-call and is restarted, an HTTP upstream that dies and comes back on the same port, one whose items stay listed
 * while it is down ({@code whenDown: error}), one that answers junk, and a stdio upstream in a crash loop.
 */
class GatewayRecoveryTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /** Quick retries, so that the tests do not wait for the defaults. */
  private static final Resilience QUICK = Resilience.builder().retry(Duration.ofMillis(100), Duration.ofMillis(400))
      .build();

  private static List<String> toolNames(McpClient c) {
    return c.listAllTools().stream().map(Tool::name).toList();
  }

  private static String text(dev.mcpkit.core.schema.CallToolResult r) {
    return ((TextContent) r.content().getFirst()).text();
  }

  private static HttpResponse<String> readyz(McpHttpServer front) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(front.endpoint().resolve("/readyz")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static McpClient client2025(McpHttpServer front, List<ServerNotification> seen) {
    return McpClient.builder().url(front.endpoint().toString()).protocolVersion(ProtocolVersion.V2025_11_25)
        .onNotification(seen::add).connect();
  }

  @Test
  void anUpstreamDownAtStartIsServedOnceItComesUp() throws Exception {
    int port = LoopbackPorts.free();
    List<ServerNotification> seen = new CopyOnWriteArrayList<>();
    try (McpHttpServer other = Upstreams.other();
        Gateway gw = Gateway.builder()
            .upstream(Upstream.builder("late", Upstreams.http("late", "http://127.0.0.1:" + port + "/mcp"))
                .connectTimeout(Duration.ofSeconds(2)).resilience(QUICK).build())
            .upstream(Upstream.http("up", other.endpoint().toString()))
            .build();
        McpHttpServer front = McpHttpServer.builder(gw.server()).handler(gw.healthHandler()).port(0).build().start();
        McpClient c = client2025(front, seen)) {
      assertThat(toolNames(c)).containsExactly("up__echo");
      assertThat(readyz(front).statusCode()).isEqualTo(503);
      try (McpHttpServer late = McpHttpServer.builder(McpServer.builder().name("late").tool(Upstreams.echo("late"))
          .build()).port(port).build().start()) {
        Awaitility.await("the late upstream is reached and its tools are announced").atMost(Duration.ofSeconds(20))
            .until(() -> seen.contains(new ServerNotification.ToolsListChanged()));
        assertThat(toolNames(c)).containsExactlyInAnyOrder("late__echo", "up__echo");
        assertThat(text(c.callTool("late__echo", Map.of("text", "x")))).isEqualTo("late: x");
        assertThat(readyz(front).statusCode()).isEqualTo(200);
        assertThat(gw.upstreams()).extracting(UpstreamStatus::available).containsExactly(true, true);
      }
    }
  }

  @Test
  void aStdioUpstreamThatDiesMidCallIsAnErrorThenRestarted() throws Exception {
    List<ServerNotification> seen = new CopyOnWriteArrayList<>();
    try (Gateway gw = Gateway.builder().upstream(Upstream.builder("local", ServerSpecs.stdio(Upstreams.stdioArgv()))
            .resilience(QUICK).build()).build();
        McpHttpServer front = McpHttpServer.builder(gw.server()).handler(gw.healthHandler()).port(0).build().start();
        McpClient c = client2025(front, seen)) {
      assertThat(toolNames(c)).contains("local__echo", "local__die");
      assertThatThrownBy(() -> c.callTool("local__die", Map.of())).isInstanceOfSatisfying(McpRpcException.class, e -> {
        assertThat(e.code()).isEqualTo(-32603);
        assertThat(e.serverMessage()).startsWith("upstream 'local' is unavailable");
        assertThat(e.data().path("upstream").asString()).isEqualTo("local");
      });
      Awaitility.await("the process is started again and its tools served again").atMost(Duration.ofSeconds(30))
          .ignoreExceptions().until(() -> text(c.callTool("local__echo", Map.of("text", "back"))).equals("local: back"));
      assertThat(seen).as("hidden while down, shown when back: clients were told").contains(
          new ServerNotification.ToolsListChanged());
      assertThat(toolNames(c)).contains("local__echo", "local__die");
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> readyz(front).statusCode() == 200);
    }
  }

  @Test
  void anHttpUpstreamThatDiesIsHiddenThenBackOnItsPort() throws Exception {
    int port = LoopbackPorts.free();
    List<ServerNotification> seen = new CopyOnWriteArrayList<>();
    McpServer server = McpServer.builder().name("flaky").tool(Upstreams.echo("flaky")).build();
    McpHttpServer first = McpHttpServer.builder(server).port(port).build().start();
    try (Gateway gw = Gateway.builder().upstream(Upstream.builder("flaky",
            Upstreams.http("flaky", "http://127.0.0.1:" + port + "/mcp")).resilience(QUICK).build())
            .upstream(Upstream.builder("kept", Upstreams.http("kept", "http://127.0.0.1:" + port + "/mcp"))
                .resilience(Resilience.builder().whenDown(Resilience.WhenDown.ERROR)
                    .retry(Duration.ofMillis(100), Duration.ofMillis(400)).build()).build())
            .build();
        McpHttpServer front = McpHttpServer.builder(gw.server()).handler(gw.healthHandler()).port(0).build().start();
        McpClient c = client2025(front, seen)) {
      assertThat(toolNames(c)).containsExactly("flaky__echo", "kept__echo");
      first.close();
      for (String tool : List.of("flaky__echo", "kept__echo")) {
        assertThatThrownBy(() -> c.callTool(tool, Map.of())).isInstanceOfSatisfying(McpRpcException.class, e ->
            assertThat(e.serverMessage()).as(tool).startsWith("upstream '" + tool.substring(0, tool.indexOf("__"))
                + "' is unavailable"));
      }
      Awaitility.await("the lost upstream is hidden").atMost(Duration.ofSeconds(10))
          .until(() -> toolNames(c).equals(List.of("kept__echo")));
      assertThatThrownBy(() -> c.callTool("flaky__echo", Map.of())).as("hidden, and the call says why")
          .isInstanceOfSatisfying(McpRpcException.class, e -> assertThat(e.serverMessage())
              .startsWith("upstream 'flaky' is unavailable"));
      assertThat(readyz(front).statusCode()).isEqualTo(503);
      try (McpHttpServer again = McpHttpServer.builder(server).port(port).build().start()) {
        Awaitility.await("it is probed until it answers").atMost(Duration.ofSeconds(20)).ignoreExceptions()
            .until(() -> toolNames(c).containsAll(List.of("flaky__echo", "kept__echo"))
                && text(c.callTool("flaky__echo", Map.of("text", "y"))).equals("flaky: y")
                && text(c.callTool("kept__echo", Map.of("text", "z"))).equals("flaky: z"));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> readyz(front).statusCode() == 200);
      }
    }
  }

  @Test
  void anUpstreamThatAnswersJunkIsAClearErrorNamingIt() throws Exception {
    try (ServerSocket junk = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread t = Thread.ofVirtual().start(() -> {
        while (!junk.isClosed()) {
          try (var s = junk.accept()) {
            s.getInputStream().read(new byte[8192]);
            s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 9\r\n"
                + "Connection: close\r\n\r\n{\"jsonrp\u0000").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
          } catch (Exception e) {
            // closed at the end of the test
          }
        }
      });
      try (Gateway gw = Gateway.builder().upstream(Upstream.builder("junk", Upstreams.http("junk",
              "http://127.0.0.1:" + junk.getLocalPort() + "/mcp")).connectTimeout(Duration.ofSeconds(2))
              .resilience(QUICK).build()).build();
          McpHttpServer front = McpHttpServer.builder(gw.server()).port(0).build().start();
          McpClient c = McpClient.connect(front.endpoint().toString())) {
        assertThatThrownBy(() -> c.callTool("junk__anything", Map.of()))
            .isInstanceOfSatisfying(McpRpcException.class, e -> {
              assertThat(e.code()).isEqualTo(-32603);
              assertThat(e.serverMessage()).startsWith("upstream 'junk' is unavailable: ")
                  .doesNotContain("Exception").doesNotContain("dev.mcpkit");
            });
        assertThat(gw.upstreams().getFirst().available()).isFalse();
      } finally {
        junk.close();
        t.join(5_000);
      }
    }
  }

  /** A stdio upstream that starts, answers, then exits after a moment; it counts its starts in a file. */
  public static final class Crashing {
    /** Serves for a moment, then exits with 3. */
    public static void main(String[] args) throws Exception {
      Files.writeString(Path.of(args[0]), "start\n", java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      Thread.ofPlatform().daemon().start(() -> {
        try {
          Thread.sleep(300);
        } catch (InterruptedException e) {
          return;
        }
        Runtime.getRuntime().halt(3);
      });
      StdioServer.serve(McpServer.builder().name("crashing").tool(Upstreams.echo("crashing")).build());
    }
  }

  @Test
  void aCrashLoopingStdioUpstreamStaysDownAndReadyzSaysWhy(@TempDir Path dir) throws Exception {
    Path starts = dir.resolve("starts");
    List<String> argv = new ArrayList<>(Upstreams.stdioArgv());
    argv.set(argv.size() - 1, Crashing.class.getName());
    argv.add(starts.toString());
    var log = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.mcpkit.gateway.internal.Health");
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    log.addAppender(events);
    try (Gateway gw = Gateway.builder().upstream(Upstream.builder("loop", ServerSpecs.stdio(argv))
            .resilience(Resilience.builder().retry(Duration.ofMillis(50), Duration.ofMillis(100))
                .crashLoop(3, Duration.ofMinutes(5)).build()).build()).build();
        McpHttpServer front = McpHttpServer.builder(gw.server()).handler(gw.healthHandler()).port(0).build().start()) {
      String why = "crash loop: it failed 3 times within 300 s, not restarted again";
      Awaitility.await("three failures stop the restarts").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        HttpResponse<String> ready = readyz(front);
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(Json.parse(ready.body()).path("unavailable")).isEqualTo(Json.parse("[\"loop (" + why + ")\"]"));
      });
      assertThat(Files.readAllLines(starts)).as("the first start and two restarts").hasSize(3);
      assertThat(events.list).anySatisfy(e -> {
        assertThat(e.getLevel()).isEqualTo(Level.ERROR);
        assertThat(e.getFormattedMessage()).startsWith("upstream 'loop' stays down: " + why);
      });
      try (McpClient c = McpClient.connect(front.endpoint().toString())) {
        assertThatThrownBy(() -> c.callTool("loop__echo", Map.of())).isInstanceOfSatisfying(McpRpcException.class,
            e -> assertThat(e.serverMessage()).startsWith("upstream 'loop' is unavailable"));
      }
      assertThat(Files.readAllLines(starts)).as("not started again").hasSize(3);
    } finally {
      log.detachAppender(events);
    }
  }

  /** Stdio specs without going through a configuration file. */
  static final class ServerSpecs {
    static dev.mcpkit.client.config.ServerSpec stdio(List<String> argv) {
      return dev.mcpkit.client.config.ServerSpec.builder().name("s").transport("stdio").argv(argv).build();
    }
  }
}
