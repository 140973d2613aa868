package dev.mcpkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.client.ClientCredentials;
import dev.mcpkit.auth.client.OAuthClient;
import dev.mcpkit.auth.server.AuthorizationServer;
import dev.mcpkit.auth.server.ClientRegistration;
import dev.mcpkit.auth.server.ProtectedResource;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.testing.LoopbackPorts;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.http.McpHttpServer;
import dev.mcpkit.store.Hashes;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-caller sessions: two callers (two clients of the gateway's issuer) through a protected gateway to a 2025-era
 * HTTP upstream that records every request's headers: each caller has its own upstream session (its own {@code
 * Mcp-Session-Id}), apart from the gateway's shared one and from the other caller's, kept across calls, closed when
 * idle and when the cap needs room; no upstream request carries either caller's token.
 */
class GatewayCallerSessionsTest {

  @TempDir Path dir;

  private static String lastSession(UpstreamAuthFixtures.Recorder r) {
    List<Map<String, String>> posts = r.seen.stream().filter(h -> "POST".equals(h.get(":method"))
        && h.containsKey("mcp-session-id")).toList();
    return posts.getLast().get("mcp-session-id");
  }

  /** {@code who} calls {@code up__echo} with {@code text}; returns the upstream session the call went in. */
  private static String echo(UpstreamAuthFixtures.Recorder r, McpClient who, String text) {
    assertThat(GatewayTest.text(who.callTool("up__echo", Map.of("text", text)))).isEqualTo("old: " + text);
    return lastSession(r);
  }

  private static boolean deleted(UpstreamAuthFixtures.Recorder r, String session) {
    return r.seen.stream().anyMatch(h -> "DELETE".equals(h.get(":method")) && session.equals(h.get("mcp-session-id")));
  }

  private void run(int max, Duration idle, Check check) throws Exception {
    run(max, idle, "", "", check);
  }

  /** {@code servers} and {@code options}: more entries (each with a trailing comma) of mcpServers and servers. */
  private void run(int max, Duration idle, String servers, String options, Check check) throws Exception {
    int asPort = LoopbackPorts.free();
    int port = LoopbackPorts.free();
    String issuer = "http://127.0.0.1:" + asPort;
    URI endpoint = URI.create("http://127.0.0.1:" + port + "/mcp");
    UpstreamAuthFixtures.Recorder rec = new UpstreamAuthFixtures.Recorder(null);
    McpServer old = McpServer.builder().name("old").versions(Set.of(ProtocolVersion.V2025_11_25,
        ProtocolVersion.V2025_06_18)).tool(Upstreams.echo("old")).build();
    try (AuthorizationServer as = AuthorizationServer.builder().issuer(URI.create(issuer))
            .clients(List.of(
                ClientRegistration.serviceClient("alice", "a", "sha256:" + Hashes.sha256("alice-secret-0123"), "mcp:gateway"),
                ClientRegistration.serviceClient("bob", "b", "sha256:" + Hashes.sha256("bob-secret-0123"), "mcp:gateway")))
            .protectedResources(List.of(ProtectedResource.of(endpoint.toString(), "mcp:gateway")))
            .build();
        McpHttpServer up = McpHttpServer.builder(old).port(0).guard(rec).build().start()) {
      as.start("127.0.0.1", asPort);
      Path f = dir.resolve("gateway.json");
      Files.writeString(f, """
          {"mcpServers": {%s "up": {"url": "%s"}},
           "gateway": {"auth": {"issuer": "%s", "jwksUri": "%s/jwks"},
                       "servers": {%s "up": {"callerSessions": {"max": %d, "idleMs": %d}}}}}
          """.formatted(servers, up.endpoint(), issuer, issuer, options, max, idle.toMillis()));
      GatewayConfig cfg = GatewayConfig.read(f);
      try (Gateway gw = cfg.builder().build(); GatewayProtection p = cfg.protection().orElseThrow().build(endpoint);
          McpHttpServer front = GatewayProtectionTest.serve(gw, p, port);
          OAuthClient aliceAuth = OAuthClient.builder().clientCredentials(ClientCredentials.secret("alice",
              "alice-secret-0123")).build();
          OAuthClient bobAuth = OAuthClient.builder().clientCredentials(ClientCredentials.secret("bob",
              "bob-secret-0123")).build();
          McpClient alice = McpClient.builder().url(endpoint).auth(aliceAuth).connect();
          McpClient bob = McpClient.builder().url(endpoint).auth(bobAuth).connect()) {
        String shared = lastSession(rec); // the gateway's own session: listing at start
        check.run(rec, shared, alice, bob);
        for (OAuthClient a : List.of(aliceAuth, bobAuth)) {
          String token = a.headers(endpoint).get("Authorization").substring(7);
          assertThat(rec.seen).allSatisfy(h -> assertThat(h.values()).noneMatch(v -> v.contains(token)));
        }
      }
    }
  }

  /** A stdio upstream whose tool {@code pid} says which process answered. */
  public static final class Pid {
    public static void main(String[] args) {
      dev.mcpkit.server.stdio.StdioServer.serve(McpServer.builder().name("pid").tool(dev.mcpkit.server.ServerTool.of(
          "pid", "The process id", call -> dev.mcpkit.server.ToolResults.text(String.valueOf(
              ProcessHandle.current().pid())))).build());
    }
  }

  @Test
  void aStdioUpstreamIsOneSharedProcessByDefaultAndOneProcessPerCallerWhenAsked() throws Exception {
    List<String> argv = new java.util.ArrayList<>(Upstreams.stdioArgv());
    argv.set(argv.size() - 1, Pid.class.getName());
    String command = dev.mcpkit.core.json.Json.write(argv.getFirst());
    String args = dev.mcpkit.core.json.Json.write(argv.subList(1, argv.size()));
    run(10, Duration.ofMinutes(5), "\"own\": {\"command\": " + command + ", \"args\": " + args + "}, \"one\":"
        + " {\"command\": " + command + ", \"args\": " + args + "},",
        "\"own\": {\"isolation\": \"per-caller\"},", (rec, shared, alice, bob) -> {
          String a = GatewayTest.text(alice.callTool("own__pid", Map.of()));
          String b = GatewayTest.text(bob.callTool("own__pid", Map.of()));
          assertThat(a).as("a process per caller").isNotEqualTo(b);
          assertThat(GatewayTest.text(alice.callTool("own__pid", Map.of()))).as("alice keeps hers").isEqualTo(a);
          assertThat(GatewayTest.text(alice.callTool("one__pid", Map.of())))
              .as("one process for everyone by default").isEqualTo(GatewayTest.text(bob.callTool("one__pid", Map.of())));
        });
  }

  interface Check {
    void run(UpstreamAuthFixtures.Recorder rec, String shared, McpClient alice, McpClient bob) throws Exception;
  }

  @Test
  void eachCallerHasItsOwnUpstreamSessionWhichIsClosedWhenIdle() throws Exception {
    // 3 s idle: long enough that alice's second call still finds her session when bob's first call is slow on a
    // loaded machine (500 ms was not), short enough for the test to see both closed well inside the wait below.
    run(10, Duration.ofSeconds(3), (rec, shared, alice, bob) -> {
      String a = echo(rec, alice, "a");
      String b = echo(rec, bob, "b");
      assertThat(Set.of(shared, a, b)).as("the gateway's, alice's and bob's sessions").hasSize(3);
      assertThat(echo(rec, alice, "a2")).as("alice keeps her session").isEqualTo(a);
      // unused for longer than idleMs: both are closed upstream (the client's DELETE), the shared one stays
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> deleted(rec, a) && deleted(rec, b));
      assertThat(deleted(rec, shared)).isFalse();
      assertThat(echo(rec, bob, "b2")).as("a new session after the idle one closed").isNotIn(shared, a, b);
    });
  }

  @Test
  void theCapClosesTheLeastRecentlyUsedIdleSession() throws Exception {
    run(1, Duration.ofMinutes(5), (rec, shared, alice, bob) -> {
      String a = echo(rec, alice, "a");
      String b = echo(rec, bob, "b");
      assertThat(b).isNotIn(a, shared);
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> deleted(rec, a));
      assertThat(Objects.requireNonNull(b)).isNotNull();
      assertThat(deleted(rec, b)).isFalse();
    });
  }
}
