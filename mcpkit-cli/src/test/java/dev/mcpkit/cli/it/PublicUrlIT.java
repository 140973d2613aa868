package dev.mcpkit.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.testing.LoopbackPorts;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code mcpkit up --public-url URL} names URL, not its own address, as issuer, resource and audience, and
 * names itself in {@code Mcpkit-Instance}. The public URL here leads nowhere (a closed port): the instance must still
 * check its tokens, with keys it fetches from itself, never through the balancer, which an instance may not reach.
 */
class PublicUrlIT {

  static McpkitProcess up;
  static String publicUrl;
  static String local;

  @BeforeAll
  static void start() throws Exception {
    int closed = LoopbackPorts.free();
    publicUrl = "http://127.0.0.1:" + closed;
    up = McpkitProcess.startHttp(McpkitProcess.jar(), ClusterOAuth.ENV, "up", "--port", "0", "--public-url", publicUrl);
    String e = up.endpoint().toString();
    local = e.substring(0, e.length() - "/mcp".length());
  }

  @AfterAll
  static void stop() throws Exception {
    if (up != null) {
      up.close();
    }
  }

  @Test
  void issuerResourceAndAudienceAreThePublicUrlAndTheInstanceChecksTokensByItself() {
    assertThat(up.output()).contains("(public URL " + publicUrl + "/mcp)").contains("as instance ");
    try (HttpUser u = new HttpUser()) {
      HttpUser.Reply prm = u.get(local + "/.well-known/oauth-protected-resource/mcp");
      assertThat(Json.parse(prm.body()).path("resource").asString()).isEqualTo(publicUrl + "/mcp");
      assertThat(prm.header("Mcpkit-Instance")).matches("[A-Za-z0-9._-]+-\\d+");
      JsonNode meta = Json.parse(u.get(local + "/.well-known/oauth-authorization-server/auth").body());
      assertThat(meta.path("issuer").asString()).isEqualTo(publicUrl + "/auth");
      // a token for the public resource, asked of this instance directly (the balancer is not there)
      String basic = "Basic " + Base64.getEncoder().encodeToString(("mcpkit-demo-service:" + ClusterOAuth.SECRET)
          .getBytes(StandardCharsets.UTF_8));
      HttpUser.Reply token = u.post(local + "/auth/token", Map.of("grant_type", "client_credentials", "scope",
          "mcp:read", "resource", publicUrl + "/mcp"), Map.of("Authorization", basic));
      assertThat(token.status()).as(token.body()).isEqualTo(200);
      String access = Json.parse(token.body()).path("access_token").asString();
      HttpUser.Reply call = u.postRaw(local + "/mcp", "application/json", ClusterOAuth.addNumbers(1),
          ClusterOAuth.callHeaders(access));
      assertThat(call.status()).as(call.body()).isEqualTo(200);
      assertThat(call.body()).contains("\"text\":\"0.3\"");
      // without a token, the challenge points at the public metadata URL
      HttpUser.Reply anonymous = u.postRaw(local + "/mcp", "application/json", ClusterOAuth.addNumbers(2),
          Map.of("Accept", "application/json, text/event-stream", "MCP-Protocol-Version", "2026-07-28",
              "Mcp-Method", "tools/call", "Mcp-Name", "add_numbers"));
      assertThat(anonymous.status()).isEqualTo(401);
      assertThat(anonymous.header("WWW-Authenticate"))
          .contains("resource_metadata=\"" + publicUrl + "/.well-known/oauth-protected-resource/mcp\"");
    }
  }
}
