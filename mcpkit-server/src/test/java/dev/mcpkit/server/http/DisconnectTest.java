package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.Probe;
import dev.mcpkit.server.testing.RawHttp;
import dev.mcpkit.server.testing.Rpc;
import dev.mcpkit.server.testing.SseStream;
import dev.mcpkit.server.testing.TestTools;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A 2026-07-28 client that closes its connection mid-call cancels the call: the handler is
 * interrupted (the spec: closing the stream is the cancellation). The server stays healthy:
 * later requests work on a fresh connection, and a kept-alive connection whose previous request
 * was watched for disconnects ({@code DisconnectWatch}) serves the next request normally.
 */
class DisconnectTest {

  private final Probe probe = new Probe();
  private HttpFixture f;

  @BeforeEach
  void start() {
    f = HttpFixture.start(TestTools.server().tool(TestTools.blocking("block", probe))
        .tool(TestTools.progressThenBlock(probe)).tool(TestTools.progress()).build());
  }

  @AfterEach
  void stop() {
    probe.release.countDown();
    f.close();
  }

  /** The headers of a valid 2026 tools/call of {@code tool}. */
  private static Map<String, String> modernHeaders(String tool) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("MCP-Protocol-Version", HttpTestClient.MODERN);
    h.put("Mcp-Method", "tools/call");
    h.put("Mcp-Name", tool);
    return h;
  }

  private static String callJson(Object id, String tool, ObjectNode args) {
    return Json.write(Rpc.request(id, "tools/call", J.obj("name", tool, "arguments", args,
        "_meta", HttpTestClient.meta(J.obj()).put("progressToken", "p-" + id))));
  }

  private static JsonNode echo(RawHttp raw, int id) throws IOException {
    raw.postJson("/mcp", modernHeaders("echo"), callJson(id, "echo", J.obj("message", "m" + id)));
    RawHttp.Response r = raw.read();
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return Json.parse(r.body());
  }

  @Test
  void closingTheConnectionInterruptsTheHandler() throws Exception {
    try (RawHttp raw = RawHttp.connect(f.port())) {
      raw.postJson("/mcp", modernHeaders("block"), callJson(1, "block", J.obj()));
      probe.awaitEntered();
    } // the client goes away mid-call
    probe.awaitInterrupted();
    Probe.await(probe.finished, "the handler ended");

    // a fresh connection is served
    try (RawHttp raw = RawHttp.connect(f.port())) {
      assertThat(echo(raw, 2).path("result").path("content").get(0).path("text").asString()).isEqualTo("m2");
    }
    assertThat(f.client.call(3, "echo", J.obj("message", "still here")).send().status()).isEqualTo(200);
  }

  @Test
  void closingAStreamingResponseInterruptsTheHandler() throws Exception {
    try (RawHttp raw = RawHttp.connect(f.port())) {
      raw.postJson("/mcp", modernHeaders("progress-then-block"), callJson(1, "progress-then-block", J.obj()));
      RawHttp.Response head = raw.readHead();
      assertThat(head.header("Content-Type")).startsWith("text/event-stream");
      SseStream events = SseStream.reading(raw.body(head));
      assertThat(events.nextMessage().path("method").asString()).isEqualTo("notifications/progress");
      probe.awaitEntered();
    }
    probe.awaitInterrupted();
    assertThat(f.client.call(2, "echo", J.obj("message", "ok")).send().status()).isEqualTo(200);
  }

  @Test
  void aKeptAliveConnectionServesRequestsAfterAWatchedOne() throws Exception {
    try (RawHttp raw = RawHttp.connect(f.port())) {
      for (int i = 1; i <= 5; i++) {
        JsonNode r = echo(raw, i);
        assertThat(r.path("id").asInt()).isEqualTo(i);
        assertThat(r.path("result").path("content").get(0).path("text").asString()).isEqualTo("m" + i);
      }
      // a streamed (SSE) response on the same connection, then a plain one again
      raw.postJson("/mcp", modernHeaders("progress"), callJson(6, "progress", J.obj()));
      RawHttp.Response sse = raw.read();
      assertThat(sse.header("Content-Type")).startsWith("text/event-stream");
      assertThat(SseStream.parse(sse.body()).getLast().json().path("result").path("content").get(0).path("text")
          .asString()).isEqualTo("done");
      assertThat(echo(raw, 7).path("result").path("content").get(0).path("text").asString()).isEqualTo("m7");

      // a 2025 request (not watched) on the same connection, and a modern one after it
      raw.postJson("/mcp", Map.of(), Json.write(Rpc.request(8, "initialize", J.obj("protocolVersion", "2025-11-25",
          "capabilities", J.obj(), "clientInfo", J.obj("name", "raw", "version", "1")))));
      RawHttp.Response init = raw.read();
      assertThat(init.status()).isEqualTo(200);
      assertThat(init.header("Mcp-Session-Id")).isNotBlank();
      assertThat(echo(raw, 9).path("id").asInt()).isEqualTo(9);
    }
  }

  @Test
  void aWatchedRequestWithALongHandlerThenTheNextOnTheSameConnection() throws Exception {
    try (RawHttp raw = RawHttp.connect(f.port())) {
      raw.postJson("/mcp", modernHeaders("block"), callJson(1, "block", J.obj()));
      probe.awaitEntered();
      probe.release.countDown();
      RawHttp.Response r = raw.read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(Json.parse(r.body()).path("result").path("content").get(0).path("text").asString()).isEqualTo("released");
      assertThat(echo(raw, 2).path("id").asInt()).isEqualTo(2);
    }
    assertThat(probe.interrupted.getCount()).as("never interrupted").isEqualTo(1);
  }
}
