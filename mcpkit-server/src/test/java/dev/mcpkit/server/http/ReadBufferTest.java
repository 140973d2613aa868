package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.HttpTestClient.Reply;
import dev.mcpkit.server.testing.TestTools;
import org.junit.jupiter.api.Test;

/**
 * A connection reads {@link JettyServers#INPUT_BUFFER_SIZE} bytes at a time (small, so that an open
 * response stream keeps little): a header block and a body that span many reads are served whole,
 * and the header size limit still answers 431.
 */
class ReadBufferTest {

  @Test
  void headersAndBodiesLargerThanTheReadBufferAreServedWhole() {
    try (HttpFixture f = HttpFixture.start(TestTools.server().build())) {
      String message = "0123456789abcdef".repeat(JettyServers.INPUT_BUFFER_SIZE * 8);
      Reply r = f.client.call(1, "echo", Json.object().put("message", message))
          .header("X-Pad", "p".repeat(JettyServers.INPUT_BUFFER_SIZE * 3)).send();
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(r.result().path("content").path(0).path("text").asString()).isEqualTo(message);
      Reply tooLarge = f.client.call(2, "echo", Json.object().put("message", "m")).header("X-Pad", "p".repeat(9_000))
          .send();
      assertThat(tooLarge.status()).isEqualTo(431);
      assertThat(f.client.call(3, "echo", Json.object().put("message", "after")).send().result().path("content")
          .path(0).path("text").asString()).isEqualTo("after");
    }
  }
}
