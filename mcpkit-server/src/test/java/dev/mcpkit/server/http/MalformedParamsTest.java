package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.mcpkit.core.schema.PromptArgument;
import dev.mcpkit.core.schema.GetPromptResult;
import dev.mcpkit.core.schema.PromptMessage;
import dev.mcpkit.core.schema.Content;
import dev.mcpkit.core.schema.Role;
import dev.mcpkit.server.ServerPrompt;
import dev.mcpkit.server.ServerResource;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.HttpTestClient.Reply;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.Session;
import dev.mcpkit.server.testing.TestTools;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Malformed shapes never reach handler code: every request's params are checked against the
 * specification's schema for its method first (-32602 naming the field and the expected type, no
 * WARN with a stack trace); duplicate keys are a parse error (-32700, HTTP 400, naming the key); a
 * number with a huge exponent is -32602 naming the field, and the tool never runs.
 */
class MalformedParamsTest {

  private final AtomicInteger calls = new AtomicInteger();
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger("dev.mcpkit");
  private HttpFixture f;

  @BeforeEach
  void start() {
    log.start();
    root.addAppender(log);
    f = HttpFixture.start(TestTools.server().tool(TestTools.when())
        .tool(ServerTool.builder("count").handler(call -> {
          calls.incrementAndGet();
          return ToolResults.text(call.arguments().toString());
        }).build())
        .prompt(ServerPrompt.builder("p").description("a prompt")
            .arguments(List.of(new PromptArgument("a", null, null, true))).handler(req -> {
          calls.incrementAndGet();
          return GetPromptResult.of(null, PromptMessage.user("x"));
        }).build())
        .resource(ServerResource.builder("test://r", "r").mimeType("text/plain").text("v").build())
        .build());
  }

  @AfterEach
  void stop() {
    f.close();
    root.detachAppender(log);
  }

  private void assertInvalidParams(Reply r, String... fragments) {
    assertThat(r.error().path("code").asInt()).as(r.body()).isEqualTo(-32602);
    String message = r.error().path("message").asString();
    assertThat(message).contains(fragments).doesNotContainIgnoringCase("exception").doesNotContain("java.")
        .doesNotContainIgnoringCase("jackson");
    assertThat(r.json().path("id").isNull()).as("id echoed").isFalse();
  }

  private void assertNothingReachedAHandlerAndNothingWasLogged() {
    assertThat(calls).hasValue(0);
    assertThat(log.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).isEmpty();
  }

  @Test
  @DisplayName("subscriptions/listen with resourceSubscriptions [null] is -32602 naming the item")
  void nullInAListIsInvalidParams() {
    Reply r = f.client.modern(1, "subscriptions/listen", J.obj("notifications",
        J.obj("resourceSubscriptions", J.arr().addNull()))).send();
    assertInvalidParams(r, "/params/notifications/resourceSubscriptions/0", "string");
    assertNothingReachedAHandlerAndNothingWasLogged();
  }

  @Test
  @DisplayName("prompts/get with a null argument value is -32602 naming the argument, in both eras")
  void nullPromptArgumentIsInvalidParams() {
    ObjectNode args = J.obj();
    args.putNull("a");
    assertInvalidParams(f.client.modern(1, "prompts/get", J.obj("name", "p", "arguments", args)).send(),
        "/params/arguments/a", "string");
    Session s = f.client.initialize("2025-11-25");
    assertInvalidParams(s.post(2, "prompts/get", J.obj("name", "p", "arguments", args)).send(),
        "/params/arguments/a", "string");
    assertInvalidParams(s.post(3, "tools/call", J.obj("name", 5)).send(), "/params/name", "string");
    assertNothingReachedAHandlerAndNothingWasLogged();
    // Valid requests still work, in both eras.
    assertThat(s.post(4, "prompts/get", J.obj("name", "p", "arguments", J.obj("a", "x"))).send().result()
        .path("messages")).hasSize(1);
    assertThat(f.client.modern(5, "prompts/get", J.obj("name", "p", "arguments", J.obj("a", "x"))).send().result()
        .path("messages")).hasSize(1);
  }

  @Test
  @DisplayName("binding failures speak of the field and the expected value, not of Jackson or Java types")
  void bindingFailuresSpeakProtocolTerms() {
    Reply r = f.client.call(1, "when", J.obj("at", "not a date")).send();
    assertInvalidParams(r, "/at");
    assertThat(r.error().path("message").asString()).doesNotContain("`").doesNotContain("Instant")
        .doesNotContain("deserialize");
    assertNothingReachedAHandlerAndNothingWasLogged();
  }

  @Test
  @DisplayName("SEC-JSON-DUP a duplicate key is -32700 with HTTP 400 naming the key, never served as the last value")
  void duplicateKeysAreAParseError() {
    Session s = f.client.initialize("2025-11-25");
    Reply r = s.post(1, "tools/list", null).body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
        + "\"params\":{\"name\":\"count\"},\"method\":\"tools/list\"}").send();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.error().path("code").asInt()).as(r.body()).isEqualTo(-32700);
    assertThat(r.error().path("message").asString()).contains("duplicate key \"method\"");
    assertNothingReachedAHandlerAndNothingWasLogged();
  }

  @Test
  @DisplayName("SEC-JSON-NUM a number with a huge exponent is -32602 naming the field; the tool never runs")
  void hugeExponentsNeverReachATool() {
    Reply r = f.client.call(1, "count", J.obj()).body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
        + "\"params\":{\"name\":\"count\",\"arguments\":{\"a\":1e1000000,\"b\":1},\"_meta\":"
        + "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}}}")
        .send();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.error().path("code").asInt()).as(r.body()).isEqualTo(-32602);
    assertThat(r.error().path("message").asString()).contains("/params/arguments/a").contains("1000");
    assertThat(r.body().length()).isLessThan(500);
    assertNothingReachedAHandlerAndNothingWasLogged();
  }
}
