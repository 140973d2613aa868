package dev.mcpkit.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.McpClientBuilder;
import dev.mcpkit.client.ServerNotification;
import dev.mcpkit.client.Subscription;
import dev.mcpkit.client.transport.StdioCommand;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.SubscriptionFilter;
import dev.mcpkit.core.schema.TextResourceContents;
import dev.mcpkit.server.Caller;
import dev.mcpkit.server.http.McpHttpServer;
import dev.mcpkit.server.http.RequestGuard;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The demo server's note pad: a subscribed client hears of every {@code save_note} on each transport, and each
 * principal has its own notes.
 */
class NotePadTest {

  static McpHttpServer open;

  @BeforeAll
  static void start() throws Exception {
    open = McpHttpServer.builder(DemoServer.create()).host("127.0.0.1").port(0).build().start();
  }

  @AfterAll
  static void stop() {
    open.close();
  }

  private static McpClientBuilder client(String transport) {
    McpClientBuilder b = McpClient.builder().requestTimeout(Duration.ofSeconds(20));
    return switch (transport) {
      case "http 2026" -> b.url(open.endpoint());
      case "http 2025 session" -> b.url(open.endpoint()).protocolVersion(ProtocolVersion.V2025_11_25);
      case "legacy sse" -> b.url(open.endpoint().resolve("/sse"));
      case "stdio" -> b.stdio(demoOverStdio()).protocolVersion(ProtocolVersion.V2025_11_25);
      case "stdio 2026" -> b.stdio(demoOverStdio());
      default -> throw new IllegalArgumentException(transport);
    };
  }

  /** {@code mcpkit serve --stdio} from this module's classes, so the test needs no packaged jar. */
  private static StdioCommand demoOverStdio() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return StdioCommand.of(java, "-cp", System.getProperty("java.class.path"), "dev.mcpkit.cli.Main", "serve",
        "--stdio");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"http 2026", "http 2025 session", "legacy sse", "stdio", "stdio 2026"})
  void aSubscribedClientHearsOfEverySavedNote(String transport) {
    List<ServerNotification> seen = new CopyOnWriteArrayList<>();
    try (McpClient client = client(transport).connect();
        Subscription sub = client.listen(new SubscriptionFilter(null, null, null, List.of(NotePad.URI)), seen::add)) {
      assertThat(sub.isOpen()).isTrue();
      client.callTool("save_note", Map.of("text", "note over " + transport));
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.stream()
          .anyMatch(n -> n instanceof ServerNotification.ResourceUpdated u && u.uri().equals(NotePad.URI)));
      assertThat(text(client)).contains("note over " + transport);
    }
  }

  @Test
  void eachPrincipalHasItsOwnNotesAndAnonymousCallersShareOne() throws Exception {
    // A guard that takes the bearer token as the subject: enough to give each request a principal.
    RequestGuard bySubject = request -> {
      String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
      return RequestGuard.Decision.allow(auth == null ? null
          : new Caller(auth.substring("Bearer ".length()), "test-client", Set.of(DemoServer.READ_SCOPE,
              DemoServer.WRITE_SCOPE), Map.of()));
    };
    try (McpHttpServer guarded = McpHttpServer.builder(DemoServer.create()).host("127.0.0.1").port(0)
        .guard(bySubject).build().start();
        McpClient alice = McpClient.builder().url(guarded.endpoint()).header("Authorization", "Bearer alice").connect();
        McpClient bob = McpClient.builder().url(guarded.endpoint()).header("Authorization", "Bearer bob").connect();
        McpClient anon1 = McpClient.builder().url(guarded.endpoint()).connect();
        McpClient anon2 = McpClient.builder().url(guarded.endpoint()).connect()) {
      alice.callTool("save_note", Map.of("text", "alice's secret"));
      bob.callTool("save_note", Map.of("text", "bob's note"));
      anon1.callTool("save_note", Map.of("text", "shared"));
      assertThat(text(alice)).isEqualTo("alice's secret");
      assertThat(text(bob)).isEqualTo("bob's note");
      assertThat(text(anon2)).isEqualTo("shared");
    }
  }

  private static String text(McpClient client) {
    return ((TextResourceContents) client.readResource(NotePad.URI).contents().getFirst()).text();
  }
}
