package dev.mcpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mcpkit.auth.client.OAuthClient;
import dev.mcpkit.auth.server.AuthorizationServer;
import dev.mcpkit.auth.server.PasswordHasher;
import dev.mcpkit.auth.server.ProtectedResource;
import dev.mcpkit.auth.server.UserAccount;
import dev.mcpkit.auth.server.testing.Chromium;
import dev.mcpkit.auth.server.testing.MutableClock;
import dev.mcpkit.auth.server.testing.TestAuthServer;
import dev.mcpkit.cli.demo.DemoServer;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.core.jsonrpc.JsonRpcRequest;
import dev.mcpkit.core.schema.CallToolResult;
import dev.mcpkit.core.schema.TextContent;
import dev.mcpkit.core.schema.Tool;
import dev.mcpkit.server.Caller;
import dev.mcpkit.server.http.McpHttpServer;
import dev.mcpkit.server.http.RequestGuard;
import dev.mcpkit.store.memory.MemoryStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The library path end to end: {@code McpClient} with {@code OAuthClient} as its {@code AuthProvider} calls the demo
 * MCP server, protected by a bearer-token guard, whose tokens come from mcpkit's embedded authorization server; real
 * headless Chromium signs in and approves when the client sends it there. Then the server's clock passes the token's
 * expiry (401: the client refreshes and retries, no browser), and a tool that needs {@code mcp:write} gets 403
 * {@code insufficient_scope} (the client steps up with the union of scopes, Chromium approves, the call succeeds).
 *
 * <p>The guard here is a minimal test guard (signature, issuer, audience, expiry, one write tool); the same flow
 * against the real resource-server guard and {@code mcpkit up} runs once that lands.
 */
class OAuthBrowserEndToEndTest {

  private static final String PASSWORD = "a long demo password";
  private static final String READ = "mcp:read";
  private static final String WRITE = "mcp:write";

  /** Checks RFC 9068 tokens of one issuer for one resource; {@code add_numbers} needs {@code mcp:write}. */
  private static final class TestGuard implements RequestGuard {
    private final String issuer;
    private final String resource;
    private final String metadata;
    private final MutableClock clock;
    private volatile JWKSet keys;

    TestGuard(String issuer, String resource, String metadata, MutableClock clock) {
      this.issuer = issuer;
      this.resource = resource;
      this.metadata = metadata;
      this.clock = clock;
    }

    @Override
    public Decision authenticate(Request request) {
      String auth = request.getHeaders().get("Authorization");
      String refuse = "Bearer resource_metadata=\"" + metadata + "\", scope=\"" + READ + "\"";
      if (auth == null || !auth.startsWith("Bearer ")) {
        return Decision.deny(401, Map.of("WWW-Authenticate", refuse), "{}");
      }
      try {
        SignedJWT jwt = SignedJWT.parse(auth.substring(7));
        ECKey key = (ECKey) keys().getKeyByKeyId(jwt.getHeader().getKeyID());
        JWTClaimsSet c = jwt.getJWTClaimsSet();
        if (key == null || !jwt.verify(new ECDSAVerifier(key)) || !issuer.equals(c.getIssuer())
            || !c.getAudience().contains(resource) || !c.getExpirationTime().after(Date.from(clock.instant()))) {
          return Decision.deny(401, Map.of("WWW-Authenticate", refuse + ", error=\"invalid_token\""), "{}");
        }
        Set<String> scopes = new HashSet<>(List.of(c.getStringClaim("scope").split(" ")));
        return Decision.allow(new Caller(c.getSubject(), c.getStringClaim("client_id"), scopes, Map.of()));
      } catch (Exception e) {
        return Decision.deny(401, Map.of("WWW-Authenticate", refuse + ", error=\"invalid_token\""), "{}");
      }
    }

    @Override
    public Decision authorize(Caller caller, JsonRpcRequest request) {
      boolean write = request.method().equals("tools/call") && request.params() != null
          && "add_numbers".equals(request.params().path("name").asString(""));
      if (write && !caller.scopes().contains(WRITE)) {
        return Decision.deny(403, Map.of("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"" + READ + " "
            + WRITE + "\", resource_metadata=\"" + metadata + "\""), "{}");
      }
      return Decision.allow(caller);
    }

    private JWKSet keys() throws Exception {
      if (keys == null) {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(issuer + "/jwks")).build(),
            HttpResponse.BodyHandlers.ofString());
        keys = JWKSet.parse(r.body());
      }
      return keys;
    }
  }

  @Test
  void anMcpClientSignsInWithChromiumRefreshesAfterExpiryAndStepsUp() throws Exception {
    MutableClock clock = new MutableClock();
    int port = TestAuthServer.freePort();
    String origin = "http://127.0.0.1:" + port;
    String resource = origin + "/mcp";
    String issuer = origin + "/auth";
    String metadata = origin + "/.well-known/oauth-protected-resource/mcp";
    MemoryStore store = new MemoryStore(clock);
    AuthorizationServer as = AuthorizationServer.builder().issuer(URI.create(issuer)).store(store).clock(clock)
        .users(List.of(new UserAccount("alice", PasswordHasher.hash(PASSWORD), "Alice")))
        .protectedResources(List.of(new ProtectedResource(resource, List.of(READ, WRITE), List.of(READ))))
        .build();
    Handler prm = new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        if (!Request.getPathInContext(request).equals("/.well-known/oauth-protected-resource/mcp")) {
          return false;
        }
        response.getHeaders().put("Content-Type", "application/json");
        response.write(true, ByteBuffer.wrap(("{\"resource\":\"" + resource + "\",\"authorization_servers\":[\"" + issuer
            + "\"],\"scopes_supported\":[\"" + READ + "\",\"" + WRITE + "\"]}").getBytes(StandardCharsets.UTF_8)), callback);
        return true;
      }
    };
    AtomicInteger visits = new AtomicInteger();
    try (McpHttpServer http = McpHttpServer.builder(DemoServer.create()).host("127.0.0.1").port(port)
            .guard(new TestGuard(issuer, resource, metadata, clock)).handler(prm).handler(as.handler()).build().start();
        Chromium browser = new Chromium();
        OAuthClient oauth = OAuthClient.builder().clientName("mcpkit end-to-end test").userAgent((url, redirect) -> {
          visits.incrementAndGet();
          browser.driver().get(url.toString());
          new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(d ->
              !d.findElements(By.id("username")).isEmpty() || !d.findElements(By.id("approve")).isEmpty());
          if (!browser.driver().findElements(By.id("username")).isEmpty()) {
            browser.logIn("alice", PASSWORD);
          }
          browser.approve();
          browser.waitForUrl(redirect.toString());
        }).build();
        McpClient client = McpClient.builder().url(resource).auth(oauth).requestTimeout(Duration.ofMinutes(2)).connect()) {
      assertThat(visits).hasValue(1);
      assertThat(client.listAllTools()).extracting(Tool::name).contains("echo_message", "add_numbers");
      assertThat(text(client.callTool("echo_message", Map.of("message", "hello")))).contains("hello");
      String firstToken = oauth.grant(URI.create(resource)).orElseThrow().accessToken();
      assertThat(oauth.grant(URI.create(resource)).orElseThrow().scopes()).containsExactly(READ);

      // The server's clock passes the token's expiry (10 minutes): the guard answers 401, the client refreshes.
      clock.advance(Duration.ofMinutes(11));
      assertThat(text(client.callTool("echo_message", Map.of("message", "still here")))).contains("still here");
      assertThat(oauth.grant(URI.create(resource)).orElseThrow().accessToken()).isNotEqualTo(firstToken);
      assertThat(visits).hasValue(1); // refreshed, no browser

      // add_numbers needs mcp:write here: 403 insufficient_scope, a step-up for both scopes, then the call.
      assertThat(text(client.callTool("add_numbers", Map.of("a", 0.1, "b", 0.2)))).isEqualTo("0.3");
      assertThat(visits).hasValue(2);
      assertThat(oauth.grant(URI.create(resource)).orElseThrow().scopes()).containsExactlyInAnyOrder(READ, WRITE);
    } finally {
      as.close();
      store.close();
    }
  }

  private static String text(CallToolResult r) {
    assertThat(r.isError()).as(String.valueOf(r.content())).isNotEqualTo(Boolean.TRUE);
    return ((TextContent) r.content().getFirst()).text();
  }
}
