package dev.mcpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.client.OAuthClient;
import dev.mcpkit.auth.resource.JwtValidator;
import dev.mcpkit.auth.resource.ResourceServerGuard;
import dev.mcpkit.auth.server.AuthorizationServer;
import dev.mcpkit.auth.server.PasswordHasher;
import dev.mcpkit.auth.server.ProtectedResource;
import dev.mcpkit.auth.server.UserAccount;
import dev.mcpkit.auth.server.testing.Chromium;
import dev.mcpkit.auth.server.testing.MutableClock;
import dev.mcpkit.cli.demo.DemoServer;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.core.schema.CallToolResult;
import dev.mcpkit.core.schema.TextContent;
import dev.mcpkit.core.schema.Tool;
import dev.mcpkit.core.testing.LoopbackPorts;
import dev.mcpkit.server.http.McpHttpServer;
import dev.mcpkit.store.memory.MemoryStore;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The library path end to end: {@code McpClient} with {@code OAuthClient} as its {@code AuthProvider} calls the demo
 * MCP server guarded by the resource-server guard ({@code dev.mcpkit.auth.resource}), whose tokens come from the
 * embedded authorization server; real headless Chromium signs in and approves when the client sends it there. Then
 * the server's clock passes the token's expiry (the guard answers 401: the client refreshes and retries), and a tool
 * that needs {@code mcp:write} makes the guard answer 403 {@code insufficient_scope} (the client steps up with the
 * union of scopes, Chromium approves the new consent, the call goes through).
 */
class OAuthBrowserEndToEndTest {

  private static final String PASSWORD = "a long demo password";

  @Test
  void anMcpClientSignsInWithChromiumRefreshesAfterExpiryAndStepsUp() throws Exception {
    MutableClock clock = new MutableClock();
    int port = LoopbackPorts.free();
    String origin = "http://127.0.0.1:" + port;
    String resource = origin + "/mcp";
    String issuer = origin + "/auth";
    MemoryStore store = new MemoryStore(clock);
    AuthorizationServer as = AuthorizationServer.builder().issuer(URI.create(issuer)).store(store).clock(clock)
        .users(List.of(new UserAccount("alice", PasswordHasher.hash(PASSWORD), "Alice")))
        .protectedResources(List.of(new ProtectedResource(resource, List.of(DemoServer.READ_SCOPE, DemoServer.WRITE_SCOPE),
            List.of(DemoServer.READ_SCOPE))))
        .build();
    ResourceServerGuard guard = ResourceServerGuard.builder(resource).authorizationServers(issuer)
        .scopesSupported(DemoServer.READ_SCOPE, DemoServer.WRITE_SCOPE).baseScopes(DemoServer.READ_SCOPE)
        .scopeImplies(DemoServer.WRITE_SCOPE, DemoServer.READ_SCOPE).clock(clock)
        .validator(JwtValidator.builder().jwks(issuer, URI.create(issuer + "/jwks")).build()).build();
    AtomicInteger visits = new AtomicInteger();
    AtomicInteger logins = new AtomicInteger();
    try (McpHttpServer http = McpHttpServer.builder(DemoServer.create(DemoServer.READ_SCOPE))
            .host("127.0.0.1").port(port).guard(guard).handler(guard.metadataHandler()).handler(as.handler()).build().start();
        Chromium browser = new Chromium();
        OAuthClient oauth = OAuthClient.builder().clientName("mcpkit end-to-end test").userAgent((url, redirect) -> {
          visits.incrementAndGet();
          browser.driver().get(url.toString());
          new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(d ->
              !d.findElements(By.id("username")).isEmpty() || !d.findElements(By.id("approve")).isEmpty());
          if (!browser.driver().findElements(By.id("username")).isEmpty()) {
            logins.incrementAndGet();
            browser.logIn("alice", PASSWORD);
          }
          browser.approve();
          browser.waitForUrl(redirect.toString());
        }).build();
        McpClient client = McpClient.builder().url(resource).auth(oauth).requestTimeout(Duration.ofMinutes(2)).connect()) {
      assertThat(visits).hasValue(1);
      assertThat(client.listAllTools()).extracting(Tool::name).contains("add_numbers", "save_note");
      assertThat(text(client.callTool("add_numbers", Map.of("a", 0.1, "b", 0.2)))).isEqualTo("0.3");
      String firstToken = oauth.grant(URI.create(resource)).orElseThrow().accessToken();
      assertThat(oauth.grant(URI.create(resource)).orElseThrow().scopes()).containsExactly(DemoServer.READ_SCOPE);

      // The server's clock passes the token's expiry (10 minutes): the guard answers 401, the client refreshes.
      clock.advance(Duration.ofMinutes(11));
      assertThat(text(client.callTool("echo_message", Map.of("message", "still here")))).contains("still here");
      assertThat(oauth.grant(URI.create(resource)).orElseThrow().accessToken()).isNotEqualTo(firstToken);
      assertThat(visits).hasValue(1); // refreshed, no browser

      // save_note needs mcp:write: 403 insufficient_scope, a step-up for mcp:read and mcp:write, then the call.
      CallToolResult saved = client.callTool("save_note", Map.of("text", "hello from the end-to-end test"));
      assertThat(text(saved)).isEqualTo("Saved note 1");
      assertThat(visits).hasValue(2);
      assertThat(oauth.grant(URI.create(resource)).orElseThrow().scopes())
          .containsExactlyInAnyOrder(DemoServer.READ_SCOPE, DemoServer.WRITE_SCOPE);
      assertThat(logins.get()).isBetween(1, 2);
    } finally {
      guard.close();
      as.close();
      store.close();
    }
  }

  private static String text(CallToolResult r) {
    assertThat(r.isError()).as(String.valueOf(r.content())).isNotEqualTo(Boolean.TRUE);
    return ((TextContent) r.content().getFirst()).text();
  }
}
