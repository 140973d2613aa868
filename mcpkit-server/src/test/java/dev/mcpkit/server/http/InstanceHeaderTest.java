package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.HttpTestClient.Reply;
import dev.mcpkit.server.testing.TestTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/** {@link HttpOptions#instanceName()} names the instance in every response, and only when set. */
class InstanceHeaderTest {

  @Test
  @DisplayName("with an instance name, every answer carries Mcpkit-Instance: MCP results, 404, probes, Jetty's own errors")
  void everyResponseNamesTheInstance() throws IOException {
    try (HttpFixture f = HttpFixture.start(TestTools.server().build(),
        b -> b.options(HttpOptions.builder().instanceName("node-a.7").build()))) {
      Reply call = f.client.call(1, "echo", JsonNodeFactory.instance.objectNode().put("message", "hi")).send();
      Reply notFound = f.client.request("GET", "/nothing-here").send();
      Reply ready = f.client.request("GET", "/readyz").send();
      Reply wrongMethod = f.client.request("PUT", "/mcp").body("{}").send();
      for (Reply r : List.of(call, notFound, ready, wrongMethod)) {
        assertThat(r.headers().firstValue("Mcpkit-Instance")).as(r.status() + " " + r.body()).contains("node-a.7");
      }
      assertThat(call.status()).isEqualTo(200);
      assertThat(notFound.status()).isEqualTo(404);
      // malformed HTTP never reaches a handler: Jetty's error path must name the instance too
      String bad = raw(f.port(), "GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: x\r\n\r\n");
      assertThat(bad).startsWith("HTTP/1.1 400").containsIgnoringCase("Mcpkit-Instance: node-a.7");
    }
  }

  @Test
  @DisplayName("by default no instance header is sent")
  void offByDefault() {
    try (HttpFixture f = HttpFixture.start(TestTools.server().build())) {
      assertThat(f.client.request("GET", "/readyz").send().headers().firstValue("Mcpkit-Instance")).isEmpty();
    }
  }

  @Test
  @DisplayName("a name that is not a clean header value is refused at configuration")
  void badNamesAreRefused() {
    for (String bad : List.of("", "a b", "a\r\nSet-Cookie: x=1", "é", "x".repeat(65))) {
      assertThatThrownBy(() -> HttpOptions.builder().instanceName(bad).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("instanceName");
    }
  }

  private static String raw(int port, String request) throws IOException {
    return dev.mcpkit.server.testing.RawHttp.exchange(port, request.getBytes(StandardCharsets.ISO_8859_1));
  }
}
