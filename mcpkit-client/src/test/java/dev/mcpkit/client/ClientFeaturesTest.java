package dev.mcpkit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mcpkit.client.auth.AuthChallenge;
import dev.mcpkit.client.auth.AuthProvider;
import dev.mcpkit.client.testing.BadHttpPeer;
import dev.mcpkit.client.testing.BadStdioPeer;
import dev.mcpkit.client.testing.Servers;
import dev.mcpkit.conformance.EverythingServer;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.SubscriptionFilter;
import dev.mcpkit.core.schema.Tool;
import dev.mcpkit.server.Caller;
import dev.mcpkit.server.http.McpHttpServer;
import dev.mcpkit.server.http.RequestGuard;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** List caching, change notifications in both eras, cancellation, credentials, pagination. */
class ClientFeaturesTest {

  static McpHttpServer server;

  @BeforeAll
  static void start() throws Exception {
    server = Servers.http();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static long sent(List<String> frames, String method) {
    return frames.stream().filter(f -> f.contains("\"method\":\"" + method + "\"")).count();
  }

  @Test
  void listsAreCachedForTheirTtlAndAListChangedNotificationInvalidatesThem() {
    List<String> frames = new CopyOnWriteArrayList<>();
    List<ServerNotification> seen = new CopyOnWriteArrayList<>();
    try (McpClient client = McpClient.builder().url(server.endpoint())
        .frameListener((d, json) -> {
          if (d == FrameListener.Direction.SENT) {
            frames.add(json);
          }
        }).connect()) {
      assertThat(client.protocolVersion()).isEqualTo(ProtocolVersion.V2026_07_28);
      boolean before = client.listAllTools().stream().map(Tool::name).anyMatch(n -> n.equals("test_dynamic_tool"));
      client.listAllTools(); // fresh for 60 s (the server's ttlMs): not asked again
      assertThat(sent(frames, "tools/list")).isEqualTo(1);

      try (Subscription sub = client.listen(new SubscriptionFilter(true, null, null, null), seen::add)) {
        assertThat(sub.acknowledged().toolsListChanged()).isTrue();
        client.callTool("test_trigger_tool_change", Map.of());
        try {
          await().atMost(Duration.ofSeconds(20)).until(() -> seen.stream().anyMatch(n -> n instanceof ServerNotification.ToolsListChanged));
          boolean after = client.listAllTools().stream().map(Tool::name).anyMatch(n -> n.equals("test_dynamic_tool"));
          assertThat(sent(frames, "tools/list")).isEqualTo(2); // the notification made the cached list stale
          assertThat(after).isNotEqualTo(before);
        } finally {
          client.callTool("test_trigger_tool_change", Map.of()); // toggle back: the server is shared
        }
      }
    }
  }

  @Test
  void legacySessionsDeliverTheSameTypedNotifications() {
    List<ServerNotification> seen = new CopyOnWriteArrayList<>();
    try (McpClient client = McpClient.builder().url(server.endpoint()).protocolVersion(ProtocolVersion.V2025_11_25).connect()) {
      try (Subscription sub = client.listen(new SubscriptionFilter(true, null, null, null), seen::add)) {
        client.callTool("test_trigger_tool_change", Map.of());
        try {
          await().atMost(Duration.ofSeconds(20)).until(() -> seen.stream().anyMatch(n -> n instanceof ServerNotification.ToolsListChanged));
          assertThat(sub.isOpen()).isTrue();
        } finally {
          client.callTool("test_trigger_tool_change", Map.of()); // toggle back: the server is shared
        }
      }
    }
  }

  @Test
  void cancellingAnHttpCallClosesItsStreamAndTheClientGoesOn() throws Exception {
    try (BadHttpPeer peer = new BadHttpPeer(); McpClient client = McpClient.connect(peer.endpoint().toString())) {
      CompletableFuture<?> f = client.callToolAsync("silent", Json.object(), RequestOptions.defaults());
      Thread.sleep(200);
      f.cancel(true);
      assertThatThrownBy(f::join).isInstanceOf(CancellationException.class);
      assertThat(client.callTool("ok", Map.of()).content()).isNotEmpty();
    }
  }

  @Test
  void cancellingAStdioCallSendsNotificationsCancelled() {
    List<String> stderr = new CopyOnWriteArrayList<>();
    try (McpClient client = McpClient.connect(Servers.java(BadStdioPeer.class, "silent").withStderr(stderr::add))) {
      CompletableFuture<?> f = client.callToolAsync("work", Json.object(), RequestOptions.defaults());
      // cancel once the peer has the call, so that a cancellation has something to cancel on the wire
      await().atMost(Duration.ofSeconds(20)).until(() -> stderr.stream().anyMatch(l -> l.startsWith("received ")));
      f.cancel(true);
      await().atMost(Duration.ofSeconds(20)).until(() -> stderr.stream().anyMatch(l -> l.startsWith("cancelled ")));
      client.ping();
    }
  }

  @Test
  void credentialsComeFromTheAuthProviderAndAChallengeCanRenewThem() throws Exception {
    RequestGuard guard = request -> "Bearer good".equals(request.getHeaders().get("Authorization"))
        ? RequestGuard.Decision.allow(new Caller("alice", "cli", Set.of(), Map.of()))
        : RequestGuard.Decision.deny(401, Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\", scope=\"mcp:read\""), "Unauthorized");
    try (McpHttpServer guarded = McpHttpServer.builder(EverythingServer.create()).port(0).guard(guard).build().start()) {
      URI endpoint = guarded.endpoint();
      assertThatThrownBy(() -> McpClient.builder().url(endpoint).auth(AuthProvider.bearer("stale")).connect())
          .isInstanceOf(McpAuthorizationException.class)
          .hasMessageContaining("requires authorization")
          .satisfies(e -> assertThat(((McpAuthorizationException) e).status()).isEqualTo(401));

      AtomicInteger challenges = new AtomicInteger();
      AuthProvider renewing = new AuthProvider() {
        volatile String token = "stale";

        @Override
        public Map<String, String> headers(URI uri) {
          return Map.of("Authorization", "Bearer " + token);
        }

        @Override
        public boolean onChallenge(AuthChallenge c) {
          challenges.incrementAndGet();
          assertThat(c.bearerParam("scope")).contains("mcp:read");
          token = "good";
          return true;
        }
      };
      try (McpClient client = McpClient.builder().url(endpoint).auth(renewing).connect()) {
        assertThat(client.callTool("test_simple_text", Map.of()).content()).isNotEmpty();
      }
      assertThat(challenges).hasValue(1);
    }
  }

  @Test
  void theLegacySseTransportAnswersChallengesOnItsStreamAndItsPosts() throws Exception {
    // Tokens t0, t1, t2, t3 in turn, one per answered challenge. The guard takes t1 and later on POST /sse (the
    // Streamable HTTP probe, which then falls back with 405), only t2 on GET /sse and only t3 on POST /messages:
    // so the legacy stream and the legacy post each meet a 401 of their own.
    RequestGuard guard = request -> {
      String auth = String.valueOf(request.getHeaders().get("Authorization"));
      String path = request.getHttpURI().getPath();
      boolean ok = switch (request.getMethod() + " " + path) {
        case "GET /sse" -> auth.equals("Bearer t2");
        case "POST /messages" -> auth.equals("Bearer t3");
        default -> auth.matches("Bearer t[123]");
      };
      return ok ? RequestGuard.Decision.allow(new Caller("alice", "cli", Set.of(), Map.of()))
          : RequestGuard.Decision.deny(401, Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""), "Unauthorized");
    };
    try (McpHttpServer guarded = McpHttpServer.builder(EverythingServer.create()).port(0).guard(guard).build().start()) {
      List<String> seen = new CopyOnWriteArrayList<>();
      AuthProvider renewing = new AuthProvider() {
        volatile int n;

        @Override
        public Map<String, String> headers(URI uri) {
          return Map.of("Authorization", "Bearer t" + n);
        }

        @Override
        public boolean onChallenge(AuthChallenge c) {
          seen.add(c.status() + " " + c.endpoint().getPath());
          n++;
          return true;
        }
      };
      try (McpClient client = McpClient.builder().url(guarded.endpoint().resolve("/sse")).auth(renewing).connect()) {
        assertThat(client.callTool("test_simple_text", Map.of()).content()).isNotEmpty();
      }
      // The stream and the post each met and answered a challenge (only t3 opens POST /messages). The post's
      // challenge is reported for the stream's URL: /sse names the connection's protected resource, and a
      // /messages?sessionId=... URL must not become the endpoint a token is bound to.
      assertThat(seen).containsExactly("401 /sse", "401 /sse", "401 /sse");
    }
  }

  @Test
  void aRequestIsResentAfterEachAnsweredChallengeAtMostThreeTimes() throws Exception {
    // 401 without a token, then 403 for a token without the right scope, then success: two challenges, one request.
    RequestGuard guard = request -> {
      String auth = request.getHeaders().get("Authorization");
      if ("Bearer upgraded".equals(auth)) {
        return RequestGuard.Decision.allow(new Caller("alice", "cli", Set.of(), Map.of()));
      }
      return auth == null
          ? RequestGuard.Decision.deny(401, Map.of("WWW-Authenticate", "Bearer scope=\"a\""), "Unauthorized")
          : RequestGuard.Decision.deny(403, Map.of("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"b\""), "Forbidden");
    };
    try (McpHttpServer guarded = McpHttpServer.builder(EverythingServer.create()).port(0).guard(guard).build().start()) {
      List<AuthChallenge> seen = new CopyOnWriteArrayList<>();
      AuthProvider stepping = new AuthProvider() {
        volatile String token;

        @Override
        public Map<String, String> headers(URI uri) {
          return token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
        }

        @Override
        public boolean onChallenge(AuthChallenge c) {
          seen.add(c);
          token = c.status() == 401 ? "basic" : "upgraded";
          return true;
        }
      };
      try (McpClient client = McpClient.builder().url(guarded.endpoint()).auth(stepping).connect()) {
        assertThat(client.callTool("test_simple_text", Map.of()).content()).isNotEmpty();
      }
      assertThat(seen).extracting(AuthChallenge::status).containsExactly(401, 403);
      assertThat(seen).extracting(AuthChallenge::attempt).containsExactly(1, 2);
      assertThat(seen.get(0).sentAuthorization()).isNull();
      assertThat(seen.get(1).sentAuthorization()).isEqualTo("Bearer basic");

      // A provider that always claims to have fixed it: the request is re-sent three times, then it fails.
      AtomicInteger challenges = new AtomicInteger();
      AuthProvider hopeless = new AuthProvider() {
        @Override
        public Map<String, String> headers(URI uri) {
          return Map.of("Authorization", "Bearer wrong");
        }

        @Override
        public boolean onChallenge(AuthChallenge c) {
          challenges.incrementAndGet();
          return true;
        }
      };
      assertThatThrownBy(() -> McpClient.builder().url(guarded.endpoint()).auth(hopeless).connect())
          .isInstanceOf(McpAuthorizationException.class);
      assertThat(challenges).hasValue(AuthProvider.MAX_RETRIES);
    }
  }

  @Test
  void anExpiredSessionIsReplacedByANewOneAndTheCallSucceeds() throws Exception {
    org.eclipse.jetty.client.HttpClient http = dev.mcpkit.client.transport.HttpTransportOptions.newHttpClient(Duration.ofSeconds(5));
    try {
      var transport = new dev.mcpkit.client.transport.StreamableHttpTransport(server.endpoint(),
          dev.mcpkit.client.transport.HttpTransportOptions.builder()
              .httpClient(http)
              .headers(Map.of())
              .connectTimeout(Duration.ofSeconds(5))
              .maxMessageBytes(1 << 20).build());
      try (McpClient client = McpClient.builder().transport(transport).protocolVersion(ProtocolVersion.V2025_11_25).connect()) {
        String first = transport.sessionId();
        assertThat(first).isNotBlank();
        // The server forgets the session (as after an idle timeout or a restart).
        var r = http.newRequest(server.endpoint()).method("DELETE").headers(h -> h.put("Mcp-Session-Id", first)).send();
        assertThat(r.getStatus()).isBetween(200, 299);
        assertThat(client.callTool("test_simple_text", Map.of()).content()).isNotEmpty();
        assertThat(transport.sessionId()).isNotBlank().isNotEqualTo(first);
      }
    } finally {
      http.stop();
    }
  }

  @Test
  void paginationIteratesOverEveryPage() throws Exception {
    var many = dev.mcpkit.server.McpServer.builder().name("pages").version("1").pageSize(3);
    for (int i = 0; i < 10; i++) {
      many.tool(dev.mcpkit.server.ServerTool.builder("tool" + i).inputSchema("{\"type\":\"object\"}")
          .handler(c -> dev.mcpkit.server.ToolResults.text("x")).build());
    }
    try (McpHttpServer s = McpHttpServer.builder(many.build()).port(0).build().start();
        McpClient client = McpClient.connect(s.endpoint().toString())) {
      assertThat(client.listTools(null).tools()).hasSize(3);
      assertThat(client.listTools(null).nextCursor()).isNotNull();
      assertThat(client.listAllTools()).extracting(Tool::name).hasSize(10).contains("tool0", "tool9");
    }
  }
}
