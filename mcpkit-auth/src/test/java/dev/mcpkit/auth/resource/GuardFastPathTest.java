package dev.mcpkit.auth.resource;

import static dev.mcpkit.auth.server.testing.TestAuthServer.BASIC;
import static dev.mcpkit.auth.server.testing.TestAuthServer.MCP_SERVER;
import static dev.mcpkit.auth.server.testing.TestAuthServer.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.server.AuthorizationServer;
import dev.mcpkit.auth.server.ProtectedResource;
import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.auth.server.testing.TestAuthServer;
import dev.mcpkit.core.jsonrpc.JsonRpcRequest;
import dev.mcpkit.core.testing.LoopbackPorts;
import dev.mcpkit.server.Caller;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import dev.mcpkit.server.http.RequestGuard;
import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.store.RedisServer;
import dev.mcpkit.store.Store;
import dev.mcpkit.store.memory.MemoryStore;
import dev.mcpkit.store.redis.RedisStore;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.junit.jupiter.api.Test;

/**
 * A JWT-guarded request is decided and served on the Jetty thread that received it when the guard can decide at
 * once (the token's check is cached, the revocation feed is in memory), and on its own virtual thread otherwise;
 * every refusal stays what it was. The guard is wrapped in a recorder that only notes which of its methods the
 * server called, and on which kind of thread.
 */
class GuardFastPathTest {

  /** Notes the server's calls into the real guard: "at once", "later" (tryAuthenticate), "authenticate", "authorize". */
  private static final class Recorder implements RequestGuard {
    final RequestGuard inner;
    final List<String> seen = new CopyOnWriteArrayList<>();
    /** The callers {@link #authorize} was given, in order. */
    final List<Caller> callers = new CopyOnWriteArrayList<>();

    Recorder(RequestGuard inner) {
      this.inner = inner;
    }

    @Override
    public Decision tryAuthenticate(Request request) {
      Decision d = inner.tryAuthenticate(request);
      seen.add(d == null ? "later" : "at once");
      return d;
    }

    @Override
    public Decision authenticate(Request request) {
      seen.add("authenticate");
      return inner.authenticate(request);
    }

    @Override
    public Decision authorize(Caller caller, JsonRpcRequest request, Set<String> requiredScopes) {
      seen.add(Thread.currentThread().isVirtual() ? "authorize on a virtual thread" : "authorize on a Jetty thread");
      callers.add(caller);
      return inner.authorize(caller, request, requiredScopes);
    }

    /** What was seen since the last call. */
    List<String> take() {
      List<String> out = new ArrayList<>(seen);
      seen.clear();
      return out;
    }
  }

  /** An authorization server, and an MCP server guarded by a JWT guard with its keys, both on loopback. */
  private static final class Fixture implements AutoCloseable {
    final int port = LoopbackPorts.free();
    final String resource = "http://127.0.0.1:" + port + "/mcp";
    final TestAuthServer as;
    final ResourceServerGuard guard;
    final Recorder recorder;
    final McpHttpServer http;
    final HttpTestClient client;
    /** Whether the last tool call ran on a virtual thread. */
    final AtomicReference<Boolean> virtual = new AtomicReference<>();
    final List<String> ran = new CopyOnWriteArrayList<>();

    Fixture(Store asStore, Function<TestAuthServer, TokenValidator> validator) {
      this(asStore, validator, null);
    }

    /** @param mounted a handler mounted next to the MCP endpoint, in the same Jetty server, or {@code null} */
    Fixture(Store asStore, Function<TestAuthServer, TokenValidator> validator, Handler mounted) {
      as = new TestAuthServer(asStore, "", b -> b.protectedResources(List.of(new ProtectedResource(resource,
          List.of("mcp:read", "mcp:write"), List.of("mcp:read")))));
      guard = ResourceServerGuard.builder(resource).authorizationServers(as.issuer).baseScopes("mcp:read")
          .clock(as.clock).validator(validator.apply(as)).build();
      recorder = new Recorder(guard);
      McpServer server = McpServer.builder().name("fast").requireScopes("mcp:read")
          .tool(ServerTool.builder("where").nonBlocking().handler(call -> {
            virtual.set(Thread.currentThread().isVirtual());
            ran.add("where");
            return ToolResults.text(call.caller().orElseThrow().subject());
          }).build())
          .tool(ServerTool.builder("write").nonBlocking().requiredScopes("mcp:write").handler(call -> {
            ran.add("write");
            return ToolResults.text("written");
          }).build())
          .build();
      try {
        McpHttpServer.Builder b = McpHttpServer.builder(server).port(port).guard(recorder);
        http = (mounted == null ? b : b.handler(mounted)).build().start();
      } catch (Exception e) {
        as.close();
        throw new IllegalStateException(e);
      }
      client = new HttpTestClient(http);
    }

    String token(String scope) {
      try (HttpUser u = new HttpUser()) {
        HttpUser.Reply r = u.post(as.endpoint("/token"), Map.of("grant_type", "client_credentials",
            "resource", resource, "scope", scope), Map.of("Authorization", TestAuthServer.basic(BASIC, SECRET)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return TestAuthServer.json(r).get("access_token").asString();
      }
    }

    void revoke(String token) {
      try (HttpUser u = new HttpUser()) {
        assertThat(u.post(as.endpoint("/revoke"), Map.of("token", token),
            Map.of("Authorization", TestAuthServer.basic(BASIC, SECRET))).status()).isEqualTo(200);
      }
    }

    HttpTestClient.Reply call(String tool, String token) {
      return client.call(1, tool, null).header("Authorization", "Bearer " + token).send();
    }

    @Override
    public void close() {
      client.close();
      http.close();
      guard.close();
      as.close();
    }
  }

  /**
   * A JWT validator with the AS's keys and this revocation feed (or none). Its cache lasts as long as the token lives:
   * an entry then ends at exp, which is what the expiry test checks.
   */
  private static Function<TestAuthServer, TokenValidator> jwt(Function<TestAuthServer, Revocations> revocations) {
    return as -> JwtValidator.builder().jwks(as.issuer, URI.create(as.endpoint("/jwks"))).cacheTtl(Duration.ofHours(1))
        .revocations(revocations.apply(as)).build();
  }

  private static String challenge(HttpTestClient.Reply r) {
    return r.headers().firstValue("WWW-Authenticate").orElse(null);
  }

  @Test
  void theSecondCallWithTheSameTokenIsServedOnTheJettyThread() {
    try (Fixture f = new Fixture(null, jwt(as -> null))) {
      String token = f.token("mcp:read");
      HttpTestClient.Reply first = f.call("where", token);
      assertThat(first.status()).isEqualTo(200);
      assertThat(first.result().path("content").get(0).path("text").asString()).isEqualTo(BASIC);
      assertThat(f.virtual.get()).as("first call: the signature is checked on a virtual thread").isTrue();
      assertThat(f.recorder.take()).containsExactly("later", "authenticate", "authorize on a virtual thread");

      HttpTestClient.Reply second = f.call("where", token);
      assertThat(second.status()).isEqualTo(200);
      assertThat(second.result()).isEqualTo(first.result());
      assertThat(f.virtual.get()).as("second call: cached, served where it was read").isFalse();
      assertThat(f.recorder.take()).containsExactly("at once", "authorize on a Jetty thread");

      String other = f.token("mcp:read"); // another token is not in the cache: a thread again
      assertThat(f.call("where", other).status()).isEqualTo(200);
      assertThat(f.virtual.get()).isTrue();
      assertThat(f.recorder.take()).containsExactly("later", "authenticate", "authorize on a virtual thread");
    }
  }

  @Test
  void aCachedTokenThatExpiredIsRefusedAsBeforeAndNeverFromTheCache() {
    try (Fixture f = new Fixture(null, jwt(as -> null))) {
      String token = f.token("mcp:read");
      assertThat(f.call("where", token).status()).isEqualTo(200);
      assertThat(f.call("where", token).status()).isEqualTo(200);
      assertThat(f.recorder.take()).contains("at once");
      f.ran.clear();

      f.as.clock.advance(Duration.ofMinutes(10).plusSeconds(31)); // the AS's token lifetime, plus the guard's skew
      HttpTestClient.Reply expired = f.call("where", token);
      assertThat(expired.status()).isEqualTo(401);
      assertThat(challenge(expired)).contains("error=\"invalid_token\"")
          .contains("error_description=\"The access token has expired\"");
      assertThat(expired.error().path("message").asString()).isEqualTo("Unauthorized: The access token has expired");
      // The cache entry ended at exp: the fast path declines, and the full check refuses.
      assertThat(f.recorder.take()).containsExactly("later", "authenticate");
      assertThat(f.ran).isEmpty();
    }
  }

  /**
   * A cached token's caller is built once and handed out again while the cache answers for that token; another
   * token gets its own; a revoked token gets none, and is refused as before.
   */
  @Test
  void aCachedTokenKeepsItsCallerUntilItIsRevoked() {
    try (Fixture f = new Fixture(null, jwt(as -> as.as.revocations()))) {
      String token = f.token("mcp:read");
      String other = f.token("mcp:read");
      for (String t : List.of(token, token, other, other, token)) {
        assertThat(f.call("where", t).status()).isEqualTo(200);
      }
      List<Caller> c = f.recorder.callers;
      assertThat(c).hasSize(5);
      assertThat(c.get(1)).as("the same token: the same caller").isSameAs(c.get(0));
      assertThat(c.get(4)).isSameAs(c.get(0));
      assertThat(c.get(3)).isSameAs(c.get(2));
      assertThat(c.get(2)).as("another token: its own caller").isNotSameAs(c.get(0)).isNotEqualTo(c.get(0));
      assertThat(c.get(0).scopes()).containsExactly("mcp:read");

      f.revoke(token);
      assertThat(f.call("where", token).status()).isEqualTo(401);
      assertThat(f.call("where", other).status()).isEqualTo(200);
      assertThat(c).hasSize(6).last().isSameAs(c.get(2));
    }
  }

  @Test
  void aRevokedTokenIsRefusedAtOnceWithAnInMemoryRevocationFeed() {
    try (Fixture f = new Fixture(null, jwt(as -> as.as.revocations()))) {
      String token = f.token("mcp:read");
      assertThat(f.call("where", token).status()).isEqualTo(200);
      f.recorder.take();
      assertThat(f.call("where", token).status()).isEqualTo(200);
      assertThat(f.virtual.get()).isFalse();
      assertThat(f.recorder.take()).containsExactly("at once", "authorize on a Jetty thread");
      f.ran.clear();

      f.revoke(token);
      HttpTestClient.Reply revoked = f.call("where", token);
      assertThat(revoked.status()).isEqualTo(401);
      assertThat(challenge(revoked)).contains("error=\"invalid_token\"")
          .contains("error_description=\"The access token has been revoked\"");
      assertThat(revoked.error().path("message").asString())
          .isEqualTo("Unauthorized: The access token has been revoked");
      assertThat(f.recorder.take()).containsExactly("at once");

      // The refusal dropped the cache entry: the next attempt is checked in full, with the same answer.
      HttpTestClient.Reply again = f.call("where", token);
      assertThat(again.status()).isEqualTo(401);
      assertThat(challenge(again)).isEqualTo(challenge(revoked));
      assertThat(again.body()).isEqualTo(revoked.body());
      assertThat(f.recorder.take()).containsExactly("later", "authenticate");
      assertThat(f.ran).isEmpty();
    }
  }

  @Test
  void aRevocationFeedOnRedisNeverTakesTheFastPath() {
    try (RedisServer redis = RedisServer.throwaway(); Store guards = RedisStore.connect(redis.uri());
        Fixture f = new Fixture(RedisStore.connect(redis.uri()),
            jwt(as -> new StoreRevocations(guards, as.issuer)))) {
      String token = f.token("mcp:read");
      for (int i = 0; i < 3; i++) {
        assertThat(f.call("where", token).status()).isEqualTo(200);
        assertThat(f.virtual.get()).as("call %d", i).isTrue();
        assertThat(f.recorder.take()).containsExactly("later", "authenticate", "authorize on a virtual thread");
      }
      f.revoke(token);
      HttpTestClient.Reply revoked = f.call("where", token);
      assertThat(revoked.status()).isEqualTo(401);
      assertThat(revoked.error().path("message").asString())
          .isEqualTo("Unauthorized: The access token has been revoked");
      assertThat(f.recorder.take()).containsExactly("later", "authenticate");
    }
  }

  @Test
  void scopesAreStillEnforcedOnTheFastPath() {
    try (Fixture f = new Fixture(null, jwt(as -> as.as.revocations()))) {
      String token = f.token("mcp:read");
      HttpTestClient.Reply first = f.call("write", token);
      assertThat(f.recorder.take()).containsExactly("later", "authenticate", "authorize on a virtual thread");
      HttpTestClient.Reply second = f.call("write", token);
      assertThat(f.recorder.take()).containsExactly("at once", "authorize on a Jetty thread");
      for (HttpTestClient.Reply r : List.of(first, second)) {
        assertThat(r.status()).isEqualTo(403);
        assertThat(challenge(r)).contains("error=\"insufficient_scope\"").contains("scope=\"mcp:read mcp:write\"");
        assertThat(r.error().path("message").asString())
            .isEqualTo("Forbidden: this request needs the scopes mcp:read mcp:write (missing: mcp:write)");
      }
      assertThat(challenge(second)).isEqualTo(challenge(first));
      assertThat(second.body()).isEqualTo(first.body());
      assertThat(f.ran).isEmpty();

      String writer = f.token("mcp:read mcp:write");
      f.call("write", writer);
      f.recorder.take();
      assertThat(f.call("write", writer).status()).isEqualTo(200);
      assertThat(f.recorder.take()).containsExactly("at once", "authorize on a Jetty thread");
      assertThat(f.ran).containsExactly("write", "write");
    }
  }

  @Test
  void aCachedIntrospectionAnswerIsUsedAtOnceAndAnythingElseIsIntrospectedOnAVirtualThread() {
    try (Fixture f = new Fixture(null, as -> IntrospectionValidator.builder(URI.create(as.endpoint("/introspect")),
        MCP_SERVER, SECRET).build())) {
      String token = f.token("mcp:read");
      assertThat(f.call("where", token).status()).isEqualTo(200);
      assertThat(f.virtual.get()).isTrue();
      assertThat(f.recorder.take()).containsExactly("later", "authenticate", "authorize on a virtual thread");
      assertThat(f.call("where", token).status()).isEqualTo(200);
      assertThat(f.virtual.get()).isFalse();
      assertThat(f.recorder.take()).containsExactly("at once", "authorize on a Jetty thread");

      // A token the AS never issued: inactive, introspected once, then refused from the cache with the same answer.
      HttpTestClient.Reply first = f.call("where", "never-issued");
      assertThat(f.recorder.take()).containsExactly("later", "authenticate");
      HttpTestClient.Reply second = f.call("where", "never-issued");
      assertThat(f.recorder.take()).containsExactly("at once");
      for (HttpTestClient.Reply r : List.of(first, second)) {
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.error().path("message").asString()).isEqualTo("Unauthorized: The access token is not active");
      }
      assertThat(challenge(second)).isEqualTo(challenge(first));
      assertThat(second.body()).isEqualTo(first.body());
    }
  }

  @Test
  void anAuthorizationServerMountedNextToTheEndpointLeavesItOnTheJettyThread() {
    // As mcpkit up runs it: the authorization server's handler in the MCP server's own Jetty server. A blocking
    // handler anywhere in the chain would make Jetty move every request to another thread before the guard is asked.
    // (it routes by path: its issuer's /auth prefix)
    try (AuthorizationServer mounted = AuthorizationServer.builder().issuer(URI.create("http://127.0.0.1/auth"))
        .store(new MemoryStore()).build()) {
      assertThat(mounted.handler().getInvocationType()).isEqualTo(org.eclipse.jetty.util.thread.Invocable
          .InvocationType.NON_BLOCKING);
      try (Fixture f = new Fixture(null, jwt(as -> null), mounted.handler()); HttpUser u = new HttpUser()) {
        String token = f.token("mcp:read");
        f.call("where", token);
        assertThat(f.call("where", token).status()).isEqualTo(200);
        assertThat(f.virtual.get()).isFalse();
        assertThat(f.recorder.take()).endsWith("at once", "authorize on a Jetty thread");
        // the mounted server's endpoints still answer, on their own thread
        HttpUser.Reply jwks = u.get("http://127.0.0.1:" + f.port + "/auth/jwks");
        assertThat(jwks.status()).isEqualTo(200);
        assertThat(jwks.body()).contains("\"keys\"");
        HttpUser.Reply wrongMethod = u.post("http://127.0.0.1:" + f.port + "/auth/jwks", Map.of());
        assertThat(wrongMethod.status()).isEqualTo(405);
      }
    }
  }
}
