package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.HttpTestClient.Reply;
import dev.mcpkit.server.testing.RawHttp;
import dev.mcpkit.server.testing.TestTools;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A connection reads {@link JettyServers#INPUT_BUFFER_SIZE} bytes at a time (small, so that an open
 * response stream keeps little): a header block and a body that span many reads are served whole,
 * and the header size limit still answers 431. A request that needs several reads (a bearer token makes one larger
 * than a read) runs a tool that cannot block on the I/O thread that read its last bytes, not on a virtual thread:
 * whether its bytes came at once or its head in pieces.
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

  @Test
  void aRequestSpanningSeveralReadsRunsANonBlockingToolOnTheIoThread() throws Exception {
    AtomicReference<Boolean> virtual = new AtomicReference<>();
    var server = TestTools.server().tool(ServerTool.builder("where-nb").description("Reports its thread").nonBlocking()
        .handler(call -> {
          virtual.set(Thread.currentThread().isVirtual());
          return ToolResults.text("nb");
        }).build()).build();
    String pad = "h".repeat(JettyServers.INPUT_BUFFER_SIZE * 2);
    try (HttpFixture f = HttpFixture.start(server)) {
      Reply r = f.client.call(1, "where-nb", Json.object().put("pad", "b".repeat(JettyServers.INPUT_BUFFER_SIZE * 2)))
          .header("X-Pad", pad).send();
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(r.result().path("content").path(0).path("text").asString()).isEqualTo("nb");
      assertThat(virtual.get()).as("all at once: ran on a virtual thread").isFalse();

      // the head in two pieces, the second with the body: the server waits for it between reads without a thread
      virtual.set(null);
      byte[] body = InlineServingTest.modernCall(2, "where-nb");
      StringBuilder head = new StringBuilder("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:").append(f.port()).append("\r\n");
      InlineServingTest.headers(Map.of("X-Pad", pad, "Content-Length", Integer.toString(body.length)))
          .forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      byte[] bytes = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
      int cut = JettyServers.INPUT_BUFFER_SIZE + 100; // past the first read, inside X-Pad's value
      try (RawHttp raw = RawHttp.connect(f.port())) {
        raw.write(Arrays.copyOfRange(bytes, 0, cut));
        Thread.sleep(200);
        byte[] rest = Arrays.copyOf(Arrays.copyOfRange(bytes, cut, bytes.length), bytes.length - cut + body.length);
        System.arraycopy(body, 0, rest, bytes.length - cut, body.length);
        raw.write(rest);
        RawHttp.Response answer = raw.read();
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(Json.parse(answer.body()).path("result").path("content").get(0).path("text").asString())
            .isEqualTo("nb");
      }
      assertThat(virtual.get()).as("head in pieces: ran on a virtual thread").isFalse();
    }
  }
}
