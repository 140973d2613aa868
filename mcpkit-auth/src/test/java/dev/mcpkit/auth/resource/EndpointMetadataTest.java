package dev.mcpkit.auth.resource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.testing.LoopbackPorts;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A second protected endpoint of one server ({@link ResourceServerGuard.Builder#endpoint}), as {@code mcpkit up} uses
 * it for the legacy {@code /sse} transport: its own path-suffixed metadata naming it, challenges on its paths that
 * point there, and tokens bound to it.
 */
class EndpointMetadataTest {

  static final int PORT = LoopbackPorts.free();
  static final String ORIGIN = "http://127.0.0.1:" + PORT;
  static final String MCP = ORIGIN + "/mcp";
  static final String SSE = ORIGIN + "/sse";
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static McpHttpServer http;

  @BeforeAll
  static void start() throws Exception {
    // A validator that accepts token(audience) exactly for that audience: enough to see which one the guard expects.
    TokenValidator byAudience = (token, expected) -> token.equals(token(expected.audience()))
        ? TokenValidator.Valid.builder()
            .subject("alice")
            .clientId("client")
            .scopes(Set.of("mcp:read"))
            .claims(Map.of("aud", expected.audience()))
            .expiresAt(Instant.now().plusSeconds(300)).build()
        : new TokenValidator.Invalid("audience", "The access token was not issued for this resource");
    ResourceServerGuard guard = ResourceServerGuard.builder(MCP).endpoint(SSE, "/sse", "/messages")
        .authorizationServers("https://as.example").baseScopes("mcp:read").validator(byAudience).build();
    McpServer server = McpServer.builder().tool(ServerTool.builder("t").handler(c -> ToolResults.text("ok")).build())
        .build();
    http = McpHttpServer.builder(server).host("127.0.0.1").port(PORT).guard(guard).handler(guard.metadataHandler())
        .build().start();
  }

  @AfterAll
  static void stop() {
    http.close();
  }

  /** A bearer token (b64token characters only) that the validator takes as issued for {@code audience}. */
  static String token(String audience) {
    return audience.endsWith("/sse") ? "token-for-sse" : "token-for-mcp";
  }

  private static HttpResponse<InputStream> request(String method, String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(ORIGIN + path)).timeout(Duration.ofSeconds(10))
        .header("Accept", "application/json, text/event-stream").header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    b.method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"));
    HttpResponse<InputStream> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    r.body().close();
    return r;
  }

  private static String metadataNamedBy(HttpResponse<?> r) {
    String challenge = r.headers().firstValue("WWW-Authenticate").orElseThrow();
    int at = challenge.indexOf("resource_metadata=\"") + "resource_metadata=\"".length();
    return challenge.substring(at, challenge.indexOf('"', at));
  }

  private static String resourceOf(String metadataUrl) throws Exception {
    return Json.parse(HTTP.send(HttpRequest.newBuilder(URI.create(metadataUrl)).build(),
        HttpResponse.BodyHandlers.ofString()).body()).path("resource").asString();
  }

  @Test
  void eachEndpointsChallengeNamesMetadataThatNamesIt() throws Exception {
    HttpResponse<InputStream> sse = request("GET", "/sse", null);
    assertThat(sse.statusCode()).isEqualTo(401);
    assertThat(metadataNamedBy(sse)).isEqualTo(ORIGIN + "/.well-known/oauth-protected-resource/sse");
    assertThat(resourceOf(metadataNamedBy(sse))).isEqualTo(SSE);
    HttpResponse<InputStream> post = request("POST", "/messages?sessionId=x", null);
    assertThat(post.statusCode()).isEqualTo(401);
    assertThat(metadataNamedBy(post)).isEqualTo(ORIGIN + "/.well-known/oauth-protected-resource/sse");
    HttpResponse<InputStream> mcp = request("POST", "/mcp", null);
    assertThat(metadataNamedBy(mcp)).isEqualTo(ORIGIN + "/.well-known/oauth-protected-resource/mcp");
    assertThat(resourceOf(metadataNamedBy(mcp))).isEqualTo(MCP);
    // The root document still describes the main resource.
    assertThat(resourceOf(ORIGIN + "/.well-known/oauth-protected-resource")).isEqualTo(MCP);
  }

  @Test
  void aTokenWorksOnlyOnTheEndpointItWasIssuedFor() throws Exception {
    assertThat(request("GET", "/sse", token(SSE)).statusCode()).isEqualTo(200);
    assertThat(request("GET", "/sse", token(MCP)).statusCode()).isEqualTo(401);
    // Past the guard: the legacy transport's own answer to an unknown session, not 401.
    assertThat(request("POST", "/messages?sessionId=x", token(SSE)).statusCode()).isNotEqualTo(401);
    assertThat(request("POST", "/messages?sessionId=x", token(MCP)).statusCode()).isEqualTo(401);
    assertThat(request("POST", "/mcp", token(SSE)).statusCode()).isEqualTo(401);
  }
}
