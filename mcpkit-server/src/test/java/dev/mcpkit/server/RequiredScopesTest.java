package dev.mcpkit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.core.jsonrpc.JsonRpcRequest;
import dev.mcpkit.core.jsonrpc.RequestId;
import dev.mcpkit.core.schema.PromptArgument;
import dev.mcpkit.core.schema.GetPromptResult;
import dev.mcpkit.core.schema.Prompt;
import dev.mcpkit.core.schema.ResourceContents;
import dev.mcpkit.server.testing.J;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link McpServer#requiredScopes(JsonRpcRequest)}: which scopes one request needs, from the server-wide scopes
 * and the tool, prompt, resource or template it names; and the scope declarations on each kind of item.
 */
class RequiredScopesTest {

  static McpServer server() {
    return McpServer.builder().name("scoped").requireScopes("mcp:read")
        .tool(ServerTool.builder("echo").handler(call -> ToolResults.text("x")).build())
        .tool(ServerTool.builder("delete").requiredScopes("mcp:write", "files:delete")
            .handler(call -> ToolResults.text("deleted")).build())
        .prompt(ServerPrompt.builder("secret").description("A secret prompt")
            .handler(req -> GetPromptResult.of(null)).requiredScopes("prompts:secret").build())
        .resource(ServerResource.builder("test://public", "public").mimeType("text/plain").text("hi").build())
        .resource(ServerResource.builder("test://private", "private").mimeType("text/plain").text("psst")
            .requiredScopes("res:private").build())
        .resourceTemplate(ServerResourceTemplate.builder("test://docs/{id}", "docs").mimeType("text/plain")
            .reader(read -> List.of(ResourceContents.text(read.uri(), "text/plain", "doc"))).requiredScopes("docs:read")
            .build())
        .resourceTemplate(ServerResourceTemplate.of("test://{anything}", "catch-all",
            read -> List.of(ResourceContents.text(read.uri(), "text/plain", "any"))))
        .build();
  }

  static JsonRpcRequest request(String method, ObjectNode params) {
    return new JsonRpcRequest(RequestId.of(1), method, params);
  }

  @Test
  void aToolCallNeedsTheServerWideScopesAndTheTools() {
    McpServer s = server();
    assertThat(s.requiredScopes(request("tools/call", J.obj("name", "delete"))))
        .containsExactly("mcp:read", "mcp:write", "files:delete");
    assertThat(s.requiredScopes(request("tools/call", J.obj("name", "echo")))).containsExactly("mcp:read");
    assertThat(s.requiredScopes(request("tools/call", J.obj("name", "no-such-tool")))).containsExactly("mcp:read");
    assertThat(s.requiredScopes(request("tools/call", J.obj("name", 42)))).containsExactly("mcp:read");
    assertThat(s.requiredScopes(request("tools/call", null))).containsExactly("mcp:read");
  }

  @Test
  void promptsAndResourcesNeedTheirOwnScopes() {
    McpServer s = server();
    assertThat(s.requiredScopes(request("prompts/get", J.obj("name", "secret"))))
        .containsExactly("mcp:read", "prompts:secret");
    assertThat(s.requiredScopes(request("resources/read", J.obj("uri", "test://private"))))
        .containsExactly("mcp:read", "res:private");
    assertThat(s.requiredScopes(request("resources/read", J.obj("uri", "test://public")))).containsExactly("mcp:read");
  }

  @Test
  void aTemplatedReadNeedsTheScopesOfTheTemplateThatServesIt() {
    McpServer s = server();
    assertThat(s.requiredScopes(request("resources/read", J.obj("uri", "test://docs/42"))))
        .containsExactly("mcp:read", "docs:read");
    // test://other matches only the catch-all template, which needs nothing more
    assertThat(s.requiredScopes(request("resources/read", J.obj("uri", "test://other")))).containsExactly("mcp:read");
    assertThat(s.requiredScopes(request("resources/read", J.obj("uri", "elsewhere:x")))).containsExactly("mcp:read");
  }

  @Test
  void listsAndEveryOtherMethodNeedOnlyTheServerWideScopes() {
    McpServer s = server();
    for (String m : List.of("initialize", "tools/list", "prompts/list", "resources/list", "resources/templates/list",
        "server/discover", "ping", "completion/complete", "resources/subscribe", "subscriptions/listen")) {
      assertThat(s.requiredScopes(request(m, J.obj("name", "delete", "uri", "test://private")))).as(m)
          .containsExactly("mcp:read");
    }
  }

  @Test
  void withoutAnyDeclarationNothingIsNeeded() {
    McpServer s = McpServer.builder().tool(ServerTool.builder("t").handler(c -> ToolResults.text("")).build()).build();
    assertThat(s.requiredScopes()).isEmpty();
    assertThat(s.requiredScopes(request("tools/call", J.obj("name", "t")))).isEmpty();
  }

  @Test
  void toolsAddedWhileRunningAreConsidered() {
    McpServer s = server();
    s.addTool(ServerTool.builder("late").requiredScopes("late:scope").handler(c -> ToolResults.text("")).build());
    assertThat(s.requiredScopes(request("tools/call", J.obj("name", "late"))))
        .containsExactly("mcp:read", "late:scope");
  }

  @Test
  void scopeNamesThatCouldBreakAChallengeAreRefused() {
    for (String bad : List.of("", "two words", "quote\"d", "back\\slash", "new\nline", "caf\u00e9")) {
      assertThatThrownBy(() -> ServerTool.builder("t").requiredScopes(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> McpServer.builder().requireScopes(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> ServerResource.builder("a:b", "b").requiredScopes(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(ServerTool.builder("t").requiredScopes("urn:x:files.write", "a!#$%&'()*+,-./:;<=>?@[]^_`{|}~")
        .handler(c -> ToolResults.text("")).build().requiredScopes()).hasSize(2);
  }

  @Test
  void copiesMadeWithToBuilderKeepTheScopesAndCompleters() {
    ServerPrompt p = ServerPrompt.builder("p").arguments(List.of(new PromptArgument("a", null, null, true)))
        .handler(req -> GetPromptResult.of(null)).build();
    assertThat(p.requiredScopes()).isEmpty();
    ServerPrompt scoped = p.toBuilder().requiredScopes("x").build().toBuilder()
        .completer("a", (arg, ctx) -> List.of()).build();
    assertThat(scoped.requiredScopes()).containsExactly("x");
    assertThat(scoped.completers()).containsKey("a");
    assertThat(p.completers()).isEmpty(); // the original is unchanged

    ServerResourceTemplate t = ServerResourceTemplate.of("t://{v}", "t", read -> List.of());
    assertThat(t.requiredScopes()).isEmpty();
    assertThat(t.toBuilder().requiredScopes("y").build().toBuilder().completer("v", (arg, ctx) -> List.of()).build()
        .requiredScopes()).containsExactly("y");
    assertThatThrownBy(() -> t.toBuilder().completer("nope", (arg, ctx) -> List.of()).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no variable nope");

    ServerResource r = ServerResource.of("r:1", "r", read -> List.of());
    assertThat(r.requiredScopes()).isEmpty();
    assertThat(r.toBuilder().requiredScopes("z", "w").build().requiredScopes()).containsExactly("z", "w");

    ServerTool tool = ServerTool.of("t", "d", call -> ToolResults.text("")).toBuilder().requiredScopes("v").build();
    assertThat(tool.requiredScopes()).containsExactly("v");
    assertThat(tool.definition().description()).isEqualTo("d");
  }
}
