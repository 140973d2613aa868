package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.protocol.MetaKeys;
import dev.mcpkit.core.schema.PromptArgument;
import dev.mcpkit.core.schema.GetPromptResult;
import dev.mcpkit.core.schema.PromptMessage;
import dev.mcpkit.core.schema.ResourceContents;
import dev.mcpkit.core.schema.Role;
import dev.mcpkit.core.schema.Content;
import dev.mcpkit.server.CacheHint;
import dev.mcpkit.server.ResourceNotFoundException;
import dev.mcpkit.server.ServerPrompt;
import dev.mcpkit.server.ServerResource;
import dev.mcpkit.server.ServerResourceTemplate;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.HttpTestClient.Reply;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.Session;
import dev.mcpkit.server.testing.TestTools;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The results of the server features over HTTP: pagination with opaque cursors, 2026 caching
 * hints, resource-not-found per revision, structured output checked against {@code outputSchema},
 * and tool failures as {@code isError} results with a generic message (or the {@code
 * ToolException} message).
 */
class ResultsTest {

  private HttpFixture f;

  @BeforeEach
  void start() {
    var b = TestTools.server().pageSize(2).tool(TestTools.failing()).tool(TestTools.refusing())
        .tool(TestTools.structured("sum", true)).tool(TestTools.structured("bad-sum", false))
        .tool(ServerTool.builder("nothing").handler(c -> null).build())
        .resource(ServerResource.builder("test://a", "a").mimeType("text/plain").text("A").build())
        .resourceTemplate(ServerResourceTemplate.builder("test://items/{id}", "items").mimeType("text/plain")
            .reader(read -> {
              if (read.variables().get("id").equals("missing")) {
                throw new ResourceNotFoundException(read.uri());
              }
              return List.of(ResourceContents.text(read.uri(), "text/plain", "item " + read.variables().get("id")));
            }).build())
        .prompt(ServerPrompt.builder("hello").description("Greets")
            .arguments(List.of(new PromptArgument("who", null, "whom", true)))
            .handler(req -> GetPromptResult.of(null, PromptMessage.user("Hello " + req.arguments().get("who")))).build())
        .cacheHint("tools/list", CacheHint.privateFor(5_000));
    f = HttpFixture.start(b.build());
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private List<String> allToolNames(java.util.function.Function<String, Reply> page) {
    List<String> names = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode r = page.apply(cursor).result();
      assertThat(r.path("tools").size()).isLessThanOrEqualTo(2);
      r.path("tools").forEach(t -> names.add(t.path("name").asString()));
      cursor = r.path("nextCursor").isString() ? r.path("nextCursor").asString() : null;
      pages++;
    } while (cursor != null && pages < 10);
    return names;
  }

  @Test
  void paginationWalksTheWholeListWithOpaqueCursors() {
    List<String> expected = List.of("echo", "fail", "refuse", "sum", "bad-sum", "nothing");
    assertThat(allToolNames(c -> f.client.modern(1, "tools/list", c == null ? null : J.obj("cursor", c)).send()))
        .containsExactlyElementsOf(expected);
    Session s = f.client.initialize("2025-11-25");
    assertThat(allToolNames(c -> s.post(2, "tools/list", c == null ? null : J.obj("cursor", c)).send()))
        .containsExactlyElementsOf(expected);

    String cursor = f.client.modern(3, "tools/list", null).send().result().path("nextCursor").asString();
    assertThat(cursor).isNotEqualTo("2").matches("[A-Za-z0-9_-]+");
    JsonNode last = f.client.modern(4, "tools/list", J.obj("cursor", cursor)).send().result();
    assertThat(last.path("tools").get(0).path("name").asString()).isEqualTo("refuse");
  }

  @Test
  void invalidCursorsAreInvalidParams() {
    for (String bad : List.of("garbage!", "bWNwa2l0Oi0x" /* mcpkit:-1 */, "bWNwa2l0Ojk5" /* mcpkit:99 */, "")) {
      Reply r = f.client.modern(1, "tools/list", J.obj("cursor", bad)).send();
      assertThat(r.error().path("code").asInt()).as(bad).isEqualTo(-32602);
      assertThat(r.error().path("message").asString()).as(bad).contains("cursor");
    }
    Session s = f.client.initialize("2025-11-25");
    assertThat(s.post(2, "prompts/list", J.obj("cursor", "nope")).send().error().path("code").asInt()).isEqualTo(-32602);
  }

  @Test
  void modernResultsCarryCachingHintsAndTheServerIdentity() {
    JsonNode tools = f.client.modern(1, "tools/list", null).send().result();
    assertThat(tools.path("resultType").asString()).isEqualTo("complete");
    assertThat(tools.path("ttlMs").asLong()).as("configured").isEqualTo(5_000);
    assertThat(tools.path("cacheScope").asString()).isEqualTo("private");
    assertThat(tools.path("_meta").path(MetaKeys.SERVER_INFO).path("version").asString()).isEqualTo("1.2.3");

    JsonNode prompts = f.client.modern(2, "prompts/list", null).send().result();
    assertThat(prompts.path("ttlMs").asLong()).isEqualTo(60_000);
    assertThat(prompts.path("cacheScope").asString()).isEqualTo("public");

    JsonNode read = f.client.modern(3, "resources/read", J.obj("uri", "test://a")).send().result();
    assertThat(read.path("ttlMs").asLong()).isZero();
    assertThat(read.path("cacheScope").asString()).isEqualTo("private");

    JsonNode discover = f.client.modern(4, "server/discover", null).send().result();
    assertThat(discover.path("ttlMs").asLong()).isEqualTo(60_000);
    assertThat(discover.path("supportedVersions").get(0).asString()).isEqualTo("2026-07-28");

    JsonNode call = f.client.call(5, "echo", J.obj("message", "x")).send().result();
    assertThat(call.path("resultType").asString()).isEqualTo("complete");
    assertThat(call.has("ttlMs")).as("tools/call is not cacheable").isFalse();

    Session s = f.client.initialize("2025-11-25");
    JsonNode legacy = s.post(6, "tools/list", null).send().result();
    assertThat(legacy.has("resultType") || legacy.has("ttlMs") || legacy.has("cacheScope")).isFalse();
  }

  /**
   * A handler's result that carries another server's identity (as a gateway relays its upstream's result): a 2026
   * result names this server instead, a 2025 result has no identity key; the result's other {@code _meta} stays.
   */
  @Test
  void aRelayedResultNamesThisServerNotTheOneItCameFrom() {
    tools.jackson.databind.node.ObjectNode meta = J.obj("example.com/trace", "t1");
    meta.set(MetaKeys.SERVER_INFO, J.obj("name", "upstream", "version", "9"));
    ServerTool relayed = ServerTool.builder("relayed")
        .handler(c -> new dev.mcpkit.core.schema.CallToolResult(List.of(Content.text("x")), null, null, null, meta))
        .build();
    try (HttpFixture g = HttpFixture.start(TestTools.server().tool(relayed).build())) {
      JsonNode modern = g.client.call(1, "relayed", J.obj()).send().result().path("_meta");
      assertThat(modern.path(MetaKeys.SERVER_INFO).path("version").asString()).isEqualTo("1.2.3");
      assertThat(modern.path("example.com/trace").asString()).isEqualTo("t1");
      Session s = g.client.initialize("2025-11-25");
      JsonNode legacy = s.post(2, "tools/call", J.obj("name", "relayed", "arguments", J.obj())).send().result();
      assertThat(legacy.path("_meta").has(MetaKeys.SERVER_INFO)).as(legacy.toString()).isFalse();
      assertThat(legacy.path("_meta").path("example.com/trace").asString()).isEqualTo("t1");
    }
  }

  @Test
  void resourceNotFoundDependsOnTheRevision() {
    Session s = f.client.initialize("2025-11-25");
    Reply legacy = s.post(1, "resources/read", J.obj("uri", "test://items/missing")).send();
    assertThat(legacy.error().path("code").asInt()).isEqualTo(-32002);
    assertThat(legacy.error().path("message").asString()).contains("Resource not found");

    Reply modern = f.client.modern(2, "resources/read", J.obj("uri", "test://nowhere")).send();
    assertThat(modern.status()).isEqualTo(200);
    assertThat(modern.error().path("code").asInt()).isEqualTo(-32602);
    assertThat(modern.error().path("data").path("uri").asString()).isEqualTo("test://nowhere");

    JsonNode found = f.client.modern(3, "resources/read", J.obj("uri", "test://items/7")).send().result();
    assertThat(found.path("contents").get(0).path("text").asString()).isEqualTo("item 7");
  }

  @Test
  void structuredContentIsCheckedAgainstTheOutputSchema() {
    JsonNode ok = f.client.call(1, "sum", J.obj()).send().result();
    assertThat(ok.path("structuredContent").path("sum").asInt()).isEqualTo(3);

    Reply bad = f.client.call(2, "bad-sum", J.obj()).send();
    assertThat(bad.error().path("code").asInt()).isEqualTo(-32603);
    assertThat(bad.error().path("message").asString()).contains("does not match its outputSchema", "sum");

    Reply none = f.client.call(3, "nothing", J.obj()).send();
    assertThat(none.error().path("code").asInt()).isEqualTo(-32603);
    assertThat(none.error().path("message").asString()).contains("returned no result");
  }

  @Test
  void toolFailuresAreIsErrorResults() {
    JsonNode failed = f.client.call(1, "fail", J.obj()).send().result();
    assertThat(failed.path("isError").asBoolean()).isTrue();
    String text = failed.path("content").get(0).path("text").asString();
    assertThat(text).isEqualTo("Tool fail failed with an internal error");

    JsonNode refused = f.client.call(2, "refuse", J.obj()).send().result();
    assertThat(refused.path("isError").asBoolean()).isTrue();
    assertThat(refused.path("content").get(0).path("text").asString()).isEqualTo("The answer is no");

    Session s = f.client.initialize("2025-11-25");
    assertThat(s.call(3, "fail", null).send().result().path("content").get(0).path("text").asString())
        .isEqualTo("Tool fail failed with an internal error");
  }

  @Test
  void promptsCheckRequiredArguments() {
    JsonNode ok = f.client.modern(1, "prompts/get", J.obj("name", "hello", "arguments", J.obj("who", "Ada"))).send()
        .result();
    assertThat(ok.path("messages").get(0).path("content").path("text").asString()).isEqualTo("Hello Ada");
    Reply missing = f.client.modern(2, "prompts/get", J.obj("name", "hello")).send();
    assertThat(missing.error().path("code").asInt()).isEqualTo(-32602);
    assertThat(missing.error().path("message").asString()).contains("'who'");
    assertThat(f.client.modern(3, "prompts/get", J.obj("name", "nope")).send().error().path("message").asString())
        .contains("Unknown prompt: nope");
  }
}
