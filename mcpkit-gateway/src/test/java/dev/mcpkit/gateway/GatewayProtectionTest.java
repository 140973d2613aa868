package dev.mcpkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.auth.client.ClientCredentials;
import dev.mcpkit.auth.client.OAuthClient;
import dev.mcpkit.auth.server.AuthorizationServer;
import dev.mcpkit.auth.server.ClientRegistration;
import dev.mcpkit.auth.server.ProtectedResource;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.McpClientException;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.testing.LoopbackPorts;
import dev.mcpkit.server.http.McpHttpServer;
import dev.mcpkit.store.Hashes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The gateway's endpoint as an OAuth protected resource ({@code gateway.auth}): with the embedded authorization server
 * and with an external issuer's JWKS, on real loopback servers, with mcpkit's client and OAuth client as the caller.
 */
class GatewayProtectionTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  /** The gateway of {@code config} served on {@code port} with its protection (as {@code mcpkit gateway} does). */
  static McpHttpServer serve(Gateway gw, GatewayProtection p, int port) throws Exception {
    McpHttpServer.Builder b = McpHttpServer.builder(gw.server()).port(port).guard(p.guard()).handler(gw.healthHandler());
    p.handlers().forEach(b::handler);
    return b.build().start();
  }

  static McpClient caller(URI endpoint, String clientId, String secret) {
    OAuthClient oauth = OAuthClient.builder().clientCredentials(ClientCredentials.secret(clientId, secret)).build();
    return McpClient.builder().url(endpoint.toString()).auth(oauth).connect();
  }

  private Path config(String auth, String upstreamUrl) throws Exception {
    Path f = dir.resolve("gateway.json");
    Files.writeString(f, "{\"mcpServers\": {\"remote\": {\"url\": \"" + upstreamUrl + "\", \"type\": \"http\"}},"
        + " \"gateway\": {\"auth\": " + auth + "}}");
    return f;
  }

  private static HttpResponse<String> post(URI endpoint, String bearer) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"));
    if (bearer != null) {
      r.header("Authorization", "Bearer " + bearer);
    }
    return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theEmbeddedAuthorizationServerProtectsTheEndpointAndItsMetadataNamesTheGatewaysScopes() throws Exception {
    int port = LoopbackPorts.free();
    URI endpoint = URI.create("http://127.0.0.1:" + port + "/mcp");
    try (McpHttpServer up = Upstreams.remote()) {
      GatewayConfig cfg = GatewayConfig.read(config("{\"issuer\": \"embedded\", \"scopes\": [\"tools:call\", "
          + "\"tools:admin\"]}", up.endpoint().toString()));
      try (Gateway gw = cfg.builder().build(); GatewayProtection p = cfg.protection().orElseThrow().build(endpoint);
          McpHttpServer front = serve(gw, p, port)) {
        HttpResponse<String> none = post(endpoint, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate").orElseThrow())
            .contains("resource_metadata=\"http://127.0.0.1:" + port + "/.well-known/oauth-protected-resource/mcp\"")
            .contains("scope=\"tools:call\"");
        assertThat(post(endpoint, "not-a-token").statusCode()).isEqualTo(401);

        JsonNode meta = Json.parse(get(URI.create("http://127.0.0.1:" + port
            + "/.well-known/oauth-protected-resource/mcp")).body());
        assertThat(meta.path("resource").asString()).isEqualTo(endpoint.toString());
        assertThat(meta.path("authorization_servers").get(0).asString()).isEqualTo("http://127.0.0.1:" + port + "/auth");
        assertThat(meta.path("scopes_supported").toString()).isEqualTo("[\"tools:call\",\"tools:admin\"]");
        JsonNode asMeta = Json.parse(get(URI.create("http://127.0.0.1:" + port
            + "/.well-known/oauth-authorization-server/auth")).body());
        assertThat(asMeta.path("issuer").asString()).isEqualTo("http://127.0.0.1:" + port + "/auth");
        assertThat(get(URI.create("http://127.0.0.1:" + port + "/healthz")).statusCode())
            .as("health probes stay unauthenticated").isEqualTo(200);

        // mcpkit's client with mcpkit's OAuth client (client credentials of the embedded service client)
        try (McpClient c = caller(endpoint, GatewayProtection.SERVICE_CLIENT, p.serviceSecret())) {
          assertThat(GatewayTest.text(c.callTool("remote__echo", Map.of("text", "hi")))).isEqualTo("remote: hi");
        }
        assertThatThrownBy(() -> caller(endpoint, GatewayProtection.SERVICE_CLIENT, "wrong").listTools(null))
            .isInstanceOf(McpClientException.class);
      }
    }
  }

  @Test
  void anExternalIssuersTokensAreCheckedWithItsJwksAndTheirAudienceMustBeTheGateway() throws Exception {
    int asPort = LoopbackPorts.free();
    int port = LoopbackPorts.free();
    String issuer = "http://127.0.0.1:" + asPort;
    URI endpoint = URI.create("http://127.0.0.1:" + port + "/mcp");
    String other = "http://127.0.0.1:" + port + "/elsewhere";
    try (McpHttpServer up = Upstreams.remote();
        AuthorizationServer as = AuthorizationServer.builder().issuer(URI.create(issuer))
            .clients(List.of(ClientRegistration.serviceClient("svc", "service", "sha256:" + Hashes.sha256("s3cret-s3cret"),
                "mcp:gateway")))
            .protectedResources(List.of(ProtectedResource.of(endpoint.toString(), "mcp:gateway"),
                ProtectedResource.of(other, "mcp:gateway")))
            .build()) {
      as.start("127.0.0.1", asPort);
      GatewayConfig cfg = GatewayConfig.read(config("{\"issuer\": \"" + issuer + "\", \"jwksUri\": \"" + issuer
          + "/jwks\"}", up.endpoint().toString()));
      try (Gateway gw = cfg.builder().build(); GatewayProtection p = cfg.protection().orElseThrow().build(endpoint);
          McpHttpServer front = serve(gw, p, port)) {
        assertThat(p.embeddedIssuer()).isNull();
        JsonNode meta = Json.parse(get(URI.create("http://127.0.0.1:" + port
            + "/.well-known/oauth-protected-resource/mcp")).body());
        assertThat(meta.path("authorization_servers").toString()).isEqualTo("[\"" + issuer + "\"]");
        assertThat(meta.path("scopes_supported").toString()).isEqualTo("[\"mcp:gateway\"]");
        try (McpClient c = caller(endpoint, "svc", "s3cret-s3cret")) {
          assertThat(GatewayTest.text(c.callTool("remote__echo", Map.of("text", "ok")))).isEqualTo("remote: ok");
        }
        // a token of the same issuer for another resource is refused
        HttpResponse<String> tok = HTTP.send(HttpRequest.newBuilder(URI.create(issuer + "/token"))
            .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Basic "
                + java.util.Base64.getEncoder().encodeToString("svc:s3cret-s3cret".getBytes()))
            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&resource=" + java.net.URLEncoder.encode(other, java.nio.charset.StandardCharsets.UTF_8)))
            .build(), HttpResponse.BodyHandlers.ofString());
        String elsewhere = Json.parse(tok.body()).path("access_token").asString();
        assertThat(elsewhere).as(tok.body()).isNotEmpty();
        HttpResponse<String> refused = post(endpoint, elsewhere);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
      }
    }
  }

  @Test
  void authConfigurationErrorsNameTheJsonPath() throws Exception {
    String url = "http://127.0.0.1:1/mcp";
    Map<String, String> cases = Map.of(
        "{\"issuer\": \"embedded\", \"scopes\": [\"a\"], \"requiredScopes\": [\"b\"]}",
        "/gateway/auth/requiredScopes/0: \"b\" is not one of the gateway's scopes (a)",
        "{\"issuer\": \"https://issuer.example\"}",
        "/gateway/auth: an external issuer needs exactly one of \"jwksUri\"",
        "{\"issuer\": \"embedded\", \"jwksUri\": \"https://issuer.example/jwks\"}",
        "/gateway/auth/jwksUri: the embedded authorization server needs no jwksUri",
        "{\"issuer\": \"embedded\", \"password\": \"hunter2hunter2\"}",
        "/gateway/auth/password",
        "{\"issuer\": \"https://i.example\", \"introspection\": {\"endpoint\": \"https://i.example/introspect\","
            + " \"clientId\": \"gw\", \"clientSecret\": {\"file\": \"missing-secret.txt\"}}}",
        "/gateway/auth/introspection/clientSecret/file: cannot read the secret file",
        "{\"issuer\": \"https://i.example\", \"jwksUri\": \"https://i.example/jwks\", \"scopes\": [\"a b\"]}",
        "/gateway/auth/scopes/0",
        "{\"issuer\": \"ftp://i.example\", \"jwksUri\": \"https://i.example/jwks\"}",
        "/gateway/auth/issuer");
    for (var e : cases.entrySet()) {
      Path f = config(e.getKey(), url);
      assertThatThrownBy(() -> GatewayConfig.read(f)).as(e.getKey()).isInstanceOf(GatewayConfigException.class)
          .hasMessageContaining(e.getValue()).hasMessageNotContaining("hunter2");
    }
    Files.writeString(dir.resolve("pw.txt"), "from-a-file\n");
    GatewayConfig ok = GatewayConfig.read(config("{\"issuer\": \"embedded\", \"user\": \"ops\", \"password\": "
        + "{\"file\": \"pw.txt\"}}", url));
    try (GatewayProtection p = ok.protection().orElseThrow().build(URI.create("http://127.0.0.1:9/mcp"))) {
      assertThat(p.user()).isEqualTo("ops");
      assertThat(p.password()).isEqualTo("from-a-file");
      assertThat(p.passwordGenerated()).isFalse();
      assertThat(p.resource()).isEqualTo("http://127.0.0.1:9/mcp");
    }
    Path plain = dir.resolve("plain.json");
    Files.writeString(plain, "{\"mcpServers\": {\"remote\": {\"url\": \"" + url + "\"}}}");
    assertThat(GatewayConfig.read(plain).protection()).isEmpty();
    assertThatThrownBy(() -> ok.protection().orElseThrow().build(URI.create("http://0.0.0.0:9/mcp")))
        .hasMessageContaining("set the resource (gateway.auth.resource)");
  }
}
