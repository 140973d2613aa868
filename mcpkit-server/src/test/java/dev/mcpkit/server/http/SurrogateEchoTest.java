package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.HttpTestClient.Reply;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.TestTools;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A request id with a lone surrogate ({@code "a\ud800b"} as a JSON escape) comes back exactly, as
 * the same escape, on every path that sends JSON: never as {@code "a?b"}. One writer (Jackson)
 * produces every JSON byte, so no path can lose it.
 */
class SurrogateEchoTest {

  /** The id as it travels in JSON text: a, the escape of a lone high surrogate, b. */
  private static final String ID = "\"a\\ud800b\"";

  private static void assertEchoed(String raw) {
    assertThat(raw).doesNotContain("a?b");
    assertThat(raw.toLowerCase()).contains("\"a\\ud800b\"");
  }

  private static String body(String method, String params) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + ID + ",\"method\":\"" + method + "\",\"params\":" + params + "}";
  }

  @Test
  @DisplayName("SEC-TR-20 a lone-surrogate id is echoed exactly on a legacy /sse stream")
  void legacySse() {
    try (HttpFixture f = HttpFixture.start(TestTools.server().build())) {
      HttpTestClient.Streaming s = f.client.request("GET", "/sse").header("Accept", "text/event-stream").open();
      String endpoint = s.events().next().data();
      assertThat(f.client.request("POST", endpoint).header("Content-Type", "application/json")
          .body(body("ping", "{}")).send().status()).isEqualTo(202);
      assertEchoed(s.events().next().data());
      s.close();
    }
  }

  @Test
  @DisplayName("SEC-TR-20 a lone-surrogate id is echoed exactly on a 2026 SSE answer (subscriptions/listen)")
  void modernSseAnswer() {
    try (HttpFixture f = HttpFixture.start(TestTools.server().build())) {
      HttpTestClient.Streaming s = f.client.post().header("MCP-Protocol-Version", HttpTestClient.MODERN)
          .header("Mcp-Method", "subscriptions/listen")
          .body(body("subscriptions/listen", "{\"notifications\":{\"toolsListChanged\":true},\"_meta\":"
              + dev.mcpkit.core.json.Json.write(HttpTestClient.meta(J.obj())) + "}")).open();
      assertThat(s.status()).isEqualTo(200);
      assertEchoed(s.events().next().data());
      s.close();
    }
  }

  @Test
  @DisplayName("SEC-TR-20 a lone-surrogate id is echoed exactly in a guard's refusal body")
  void guardRefusal() {
    RequestGuard refusing = new RequestGuard() {
      @Override
      public Decision authenticate(org.eclipse.jetty.server.Request request) {
        return Decision.allow(null);
      }

      @Override
      public Decision authorize(dev.mcpkit.server.Caller caller, dev.mcpkit.core.jsonrpc.JsonRpcRequest request,
          java.util.Set<String> requiredScopes) {
        // the transport writes the body, answering the refused request's id
        return Decision.deny(403, Map.of(), "Forbidden");
      }
    };
    try (HttpFixture f = HttpFixture.start(TestTools.server().build(), b -> b.guard(refusing))) {
      Reply r = f.client.post().header("MCP-Protocol-Version", HttpTestClient.MODERN).header("Mcp-Method", "ping")
          .body(body("ping", "{\"_meta\":" + dev.mcpkit.core.json.Json.write(HttpTestClient.meta(J.obj())) + "}"))
          .send();
      assertThat(r.status()).as(r.body()).isEqualTo(403);
      assertEchoed(r.body());
    }
  }
}
