package dev.mcpkit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mcpkit.client.config.ServerConfigs;
import dev.mcpkit.client.config.ServerSpec;
import dev.mcpkit.client.testing.HostileServer;
import dev.mcpkit.core.testing.LoopbackPorts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets of configuration files, for HTTP targets: a client built from a {@link ServerSpec} never shows a value substituted
 * from {@code ${input:...}} / {@code ${env:...}} in an exception (message, causes, stack trace) or a warning.
 */
class SpecSecretsTest {

  private static final String SECRET = "tok-5ecret-9f3a";

  @TempDir
  Path dir;

  private final List<String> warnings = new CopyOnWriteArrayList<>();

  private ServerSpec spec(String url) throws Exception {
    Path file = dir.resolve("mcp.json");
    Files.writeString(file, """
        {"mcpServers": {"remote": {"type": "http", "url": "%s?token=${input:tok}"}}}
        """.formatted(url));
    ServerSpec spec = ServerConfigs.read(file).server("remote", (id, def) -> SECRET);
    assertThat(spec.url()).contains(SECRET);
    return spec;
  }

  private static String everything(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return t.getMessage() + "\n" + t + "\n" + w;
  }

  @Test
  void aUrlThatCannotBeReachedDoesNotShowTheSecret() throws Exception {
    int port = LoopbackPorts.free(); // nothing listens: connection refused
    ServerSpec spec = spec("http://127.0.0.1:" + port + "/mcp");
    Throwable t = catchThrowable(() -> McpClient.builder().server(spec).connectTimeout(Duration.ofSeconds(2))
        .requestTimeout(Duration.ofSeconds(2)).onWarning(warnings::add).connect().close());
    assertThat(t).isInstanceOf(McpClientException.class);
    assertThat(everything(t)).doesNotContain(SECRET).contains("127.0.0.1:" + port);
    assertThat(warnings).noneMatch(w -> w.contains(SECRET));
  }

  @Test
  void errorStatusesThatQuoteTheUrlDoNotShowTheSecret() throws Exception {
    for (int status : new int[] {401, 500, 404}) {
      try (HostileServer server = new HostileServer((req, out) -> HostileServer.answer(out, status, "text/plain",
          "cannot serve " + req.path() + " (token=" + SECRET + ")"))) {
        ServerSpec spec = spec(server.url("/mcp").toString());
        Throwable t = catchThrowable(() -> McpClient.builder().server(spec).connectTimeout(Duration.ofSeconds(2))
            .requestTimeout(Duration.ofSeconds(2)).onWarning(warnings::add).connect().close());
        assertThat(t).as("status " + status).isInstanceOf(McpClientException.class);
        assertThat(everything(t)).as("status " + status).doesNotContain(SECRET).contains(ServerSpec.REDACTED);
      }
    }
    assertThat(warnings).noneMatch(w -> w.contains(SECRET));
  }

  @Test
  void failuresAfterConnectingDoNotShowTheSecretEither() throws Exception {
    // Honest for the handshake, then every call is answered with a 500 that quotes the request line.
    try (HostileServer server = new HostileServer((req, out) -> {
      if (!HostileServerTest.handshake(req, out, true)) {
        HostileServer.answer(out, 500, "text/html", "<p>" + req.method() + " " + req.path() + " failed</p>");
      }
    })) {
      ServerSpec spec = spec(server.url("/mcp").toString());
      try (McpClient client = McpClient.builder().server(spec).requestTimeout(Duration.ofSeconds(3))
          .onWarning(warnings::add).connect()) {
        Throwable t = catchThrowable(() -> client.listTools(null));
        assertThat(t).isInstanceOf(McpClientException.class);
        assertThat(everything(t)).doesNotContain(SECRET);
      }
    }
    assertThat(warnings).noneMatch(w -> w.contains(SECRET));
  }
}
