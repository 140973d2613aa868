package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.protocol.MetaKeys;
import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.HttpTestClient.Reply;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.Probe;
import dev.mcpkit.server.testing.Session;
import dev.mcpkit.server.testing.TestTools;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * 2025 cancellation with {@code notifications/cancelled} (the handler is interrupted and no
 * response is sent), and log filtering: {@code logging/setLevel} in 2025 sessions, the request's
 * {@code _meta} log level in 2026 (no log messages without it).
 */
class CancellationAndLoggingTest {

  private final Probe probe = new Probe();
  private HttpFixture f;

  @BeforeEach
  void start() {
    f = HttpFixture.start(TestTools.server().tool(TestTools.blocking("block", probe)).tool(TestTools.logs())
        .tool(TestTools.progressThenBlock(probe)).build());
  }

  @AfterEach
  void stop() {
    probe.release.countDown();
    f.close();
  }

  @Test
  void cancelledInterruptsTheHandlerAndNoResponseIsSent() {
    Session s = f.client.initialize("2025-11-25");
    CompletableFuture<Reply> call = CompletableFuture.supplyAsync(() -> s.call(41, "block", null).send());
    probe.awaitEntered();
    Reply cancel = s.notify("notifications/cancelled", J.obj("requestId", 41, "reason", "user")).send();
    assertThat(cancel.status()).isEqualTo(202);
    probe.awaitInterrupted();
    Reply r = call.join();
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.body()).isEmpty();
    // the session goes on
    assertThat(s.call(42, "echo", J.obj("message", "next")).send().result().path("content").get(0).path("text")
        .asString()).isEqualTo("next");
  }

  @Test
  void cancellingAStreamingCallEndsTheStreamWithoutAResponse() {
    Session s = f.client.initialize("2025-11-25");
    try (HttpTestClient.Streaming call = s.post("s-1", "tools/call", J.obj("name", "progress-then-block",
        "_meta", J.obj("progressToken", 1))).open()) {
      assertThat(call.events().nextMessage().path("method").asString()).isEqualTo("notifications/progress");
      probe.awaitEntered();
      s.notify("notifications/cancelled", J.obj("requestId", "s-1")).send();
      probe.awaitInterrupted();
      assertThat(call.events().remainingMessages()).as("no response after the cancellation").isEmpty();
    }
  }

  @Test
  void cancellingAnUnknownOrFinishedRequestIsHarmless() {
    Session s = f.client.initialize("2025-11-25");
    assertThat(s.notify("notifications/cancelled", J.obj("requestId", 999)).send().status()).isEqualTo(202);
    assertThat(s.notify("notifications/cancelled", J.obj("requestId", J.obj())).send().status()).isEqualTo(202);
    assertThat(s.call(1, "echo", J.obj("message", "fine")).send().status()).isEqualTo(200);
  }

  private static List<String> levels(Reply r) {
    return r.messages().stream().filter(m -> m.path("method").asString("").equals("notifications/message"))
        .map(m -> m.path("params").path("level").asString()).toList();
  }

  @Test
  void setLevelFiltersLogMessagesInASession() {
    Session s = f.client.initialize("2025-11-25");
    Reply all = s.call(1, "logs", null).send();
    assertThat(levels(all)).as("no level set: everything").containsExactly("debug", "info", "warning", "error");
    assertThat(all.last().path("result").path("content").get(0).path("text").asString()).isEqualTo("logged");

    assertThat(s.post(2, "logging/setLevel", J.obj("level", "warning")).send().result().isEmpty()).isTrue();
    Reply filtered = s.call(3, "logs", null).send();
    assertThat(levels(filtered)).containsExactly("warning", "error");
    JsonNode message = filtered.messages().getFirst();
    assertThat(message.path("params").path("logger").asString()).isEqualTo("test");
    assertThat(message.path("params").path("data").asString()).isEqualTo("warning");

    s.post(4, "logging/setLevel", J.obj("level", "emergency")).send();
    Reply none = s.call(5, "logs", null).send();
    assertThat(none.contentType()).as("nothing to stream: plain JSON").startsWith("application/json");

    Reply bad = s.post(6, "logging/setLevel", J.obj("level", "chatty")).send();
    assertThat(bad.error().path("code").asInt()).isEqualTo(-32602);
    assertThat(bad.error().path("message").asString()).contains("chatty");
  }

  @Test
  void modernRequestsLogOnlyWithALogLevelInMeta() {
    Reply none = f.client.call(1, "logs", null).send();
    assertThat(none.contentType()).startsWith("application/json");
    assertThat(levels(none)).isEmpty();

    ObjectNode meta = HttpTestClient.meta(J.obj()).put(MetaKeys.LOG_LEVEL, "warning");
    Reply filtered = f.client.modern(2, "tools/call", J.obj("name", "logs", "_meta", meta)).send();
    assertThat(filtered.contentType()).startsWith("text/event-stream");
    assertThat(levels(filtered)).containsExactly("warning", "error");

    ObjectNode debug = HttpTestClient.meta(J.obj()).put(MetaKeys.LOG_LEVEL, "debug");
    assertThat(levels(f.client.modern(3, "tools/call", J.obj("name", "logs", "_meta", debug)).send()))
        .containsExactly("debug", "info", "warning", "error");
    assertThat(f.client.modern(4, "logging/setLevel", J.obj("level", "info")).send().status())
        .as("logging/setLevel is not a 2026 method").isEqualTo(404);
  }
}
