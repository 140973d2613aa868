package dev.mcpkit.auth.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.auth.oauth.ProtectedResourceMetadata;
import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.testing.LoopbackPorts;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The protected-resource metadata document (RFC 9728) and what the guard's builder refuses. */
class ProtectedResourceMetadataTest {

  static ProtectedMcp p;
  static HttpUser user;

  @BeforeAll
  static void start() {
    p = new ProtectedMcp(b -> b.resourceName("Test MCP server"), ProtectedMcp::defaultValidator);
    user = new HttpUser();
  }

  @AfterAll
  static void stop() {
    user.close();
    p.close();
  }

  private static String base() {
    return "http://127.0.0.1:" + p.port;
  }

  @Test
  @DisplayName("SEC-RS-02 the metadata is public at the path-aware and the root well-known URL")
  void SEC_RS_02_metadataAtBothWellKnownUrls() {
    for (String path : List.of("/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource")) {
      HttpUser.Reply r = user.get(base() + path);
      assertThat(r.status()).as(path).isEqualTo(200);
      assertThat(r.header("Content-Type")).startsWith("application/json");
      assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("*");
      JsonNode doc = Json.parse(r.body());
      assertThat(doc.path("resource").asString()).isEqualTo(p.resource);
      assertThat(doc.path("authorization_servers")).hasSize(1);
      assertThat(doc.path("authorization_servers").get(0).asString()).isEqualTo(p.as.issuer);
      assertThat(doc.path("scopes_supported").valueStream().map(JsonNode::asString).toList())
          .containsExactly("mcp:read", "mcp:write").doesNotContain("offline_access");
      assertThat(doc.path("bearer_methods_supported").valueStream().map(JsonNode::asString).toList())
          .containsExactly("header");
      assertThat(doc.path("resource_name").asString()).isEqualTo("Test MCP server");
    }
    assertThat(p.guard.metadataUrl()).isEqualTo(URI.create(base() + "/.well-known/oauth-protected-resource/mcp"));
  }

  @Test
  void theGuardWritesTheSharedRecordTheClientReadsInTheMembersOrder() {
    String body = user.get(base() + "/.well-known/oauth-protected-resource/mcp").body();
    // The same bytes the guard wrote member by member before the record: the members in RFC 9728's order.
    assertThat(body).isEqualTo("{\"resource\":\"" + p.resource + "\",\"authorization_servers\":[\"" + p.as.issuer
        + "\"],\"scopes_supported\":[\"mcp:read\",\"mcp:write\"],\"bearer_methods_supported\":[\"header\"],"
        + "\"resource_name\":\"Test MCP server\"}");
    assertThat(Json.mapper().readValue(body, ProtectedResourceMetadata.class)).isEqualTo(new ProtectedResourceMetadata(
        p.resource, List.of(p.as.issuer), List.of("mcp:read", "mcp:write"), List.of("header"), "Test MCP server"));
  }

  @Test
  void theMetadataAnswersPreflightsAndRefusesOtherMethods() {
    HttpUser.Reply post = user.postRaw(base() + "/.well-known/oauth-protected-resource/mcp", "application/json", "{}",
        Map.of());
    assertThat(post.status()).isEqualTo(405);
    assertThat(post.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
    assertThat(dev.mcpkit.core.json.Json.parse(post.body()).path("error").asString()).isEqualTo("invalid_request");
    // Any other path under .well-known is not the handler's: the server's own 404 answers.
    assertThat(user.get(base() + "/.well-known/oauth-protected-resource/other").status()).isEqualTo(404);
  }

  @Test
  void aRootResourceIsDescribedAtTheRootUrlOnly() throws Exception {
    int port = LoopbackPorts.free();
    ResourceServerGuard g = ResourceServerGuard.builder("http://127.0.0.1:" + port)
        .authorizationServers("https://as.example").validator((t, e) -> new TokenValidator.Invalid("x", "x")).build();
    assertThat(g.metadataUrl()).isEqualTo(URI.create("http://127.0.0.1:" + port
        + "/.well-known/oauth-protected-resource"));
    Server jetty = new Server();
    ServerConnector c = new ServerConnector(jetty);
    c.setHost("127.0.0.1");
    c.setPort(port);
    jetty.addConnector(c);
    jetty.setHandler(g.metadataHandler());
    jetty.start();
    try {
      JsonNode doc = Json.parse(user.get(g.metadataUrl().toString()).body());
      assertThat(doc.path("resource").asString()).isEqualTo("http://127.0.0.1:" + port);
      assertThat(doc.has("scopes_supported")).as("no scopes configured, none listed").isFalse();
    } finally {
      jetty.stop();
    }
  }

  @Test
  void theRootFormCanBeTurnedOffForHostsWithSeveralResources() {
    ResourceServerGuard g = ResourceServerGuard.builder("https://mcp.example/a/mcp").rootMetadata(false)
        .authorizationServers("https://as.example").validator((t, e) -> new TokenValidator.Invalid("x", "x")).build();
    assertThat(g.metadataUrl()).isEqualTo(URI.create("https://mcp.example/.well-known/oauth-protected-resource/a/mcp"));
  }

  @Test
  @DisplayName("AZ-RS-04 offline_access is never listed; bad configurations are refused")
  void badConfigurationsAreRefused() {
    TokenValidator v = (t, e) -> new TokenValidator.Invalid("x", "x");
    assertThatThrownBy(() -> ResourceServerGuard.builder("https://mcp.example/mcp").scopesSupported("offline_access"))
        .hasMessageContaining("offline_access");
    for (String bad : List.of("ftp://mcp.example/mcp", "https://mcp.example/mcp#f", "https://mcp.example/mcp?x=1",
        "https://user@mcp.example/mcp", "/mcp", "not a uri")) {
      assertThatThrownBy(() -> ResourceServerGuard.builder(bad).authorizationServers("https://as.example")
          .validator(v).build()).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> ResourceServerGuard.builder("https://mcp.example/mcp").validator(v).build())
        .hasMessageContaining("authorization server");
    assertThatThrownBy(() -> ResourceServerGuard.builder("https://mcp.example/mcp")
        .authorizationServers("https://as.example").build()).hasMessageContaining("validator");
    assertThatThrownBy(() -> ResourceServerGuard.builder("https://mcp.example/mcp").baseScopes("a\"b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ResourceServerGuard.builder("https://mcp.example/mcp").clockSkew(java.time.Duration
        .ofHours(1))).isInstanceOf(IllegalArgumentException.class);
  }
}
