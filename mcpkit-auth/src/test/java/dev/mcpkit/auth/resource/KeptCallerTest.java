package dev.mcpkit.auth.resource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import dev.mcpkit.server.testing.HttpTestClient;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The guard keeps the caller it built on the validator's answer and hands it out again for that answer; with
 * delegation, a validator that answers several tokens with one answer still gets each caller its own token.
 */
class KeptCallerTest {

  @Test
  void withDelegationEachTokenIsTheCallersOwnEvenWhenTheValidatorAnswersThemAlike() throws Exception {
    TokenValidator.Valid one = TokenValidator.Valid.builder().subject("alice").scopes(Set.of("mcp:read"))
        .claims(Map.of("sub", "alice")).expiresAt(Instant.now().plusSeconds(600)).build();
    ResourceServerGuard guard = ResourceServerGuard.builder("http://127.0.0.1/mcp")
        .authorizationServers("https://as.example").delegation(true).validator((t, e) -> one).build();
    McpServer server = McpServer.builder().tool(ServerTool.builder("whose").handler(c ->
        ToolResults.text(SubjectToken.of(c.caller().orElseThrow()).orElseThrow().reveal())).build()).build();
    try (McpHttpServer http = McpHttpServer.builder(server).port(0).guard(guard).build().start();
        HttpTestClient client = new HttpTestClient(http)) {
      for (String token : new String[] {"tokenA", "tokenA", "tokenB", "tokenA"}) {
        HttpTestClient.Reply r = client.call(1, "whose", null).header("Authorization", "Bearer " + token).send();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.result().path("content").get(0).path("text").asString()).isEqualTo(token);
      }
    }
  }
}
