package dev.mcpkit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonschema.Description;
import dev.mcpkit.core.schema.GetPromptResult;
import dev.mcpkit.core.schema.PromptMessage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Prompt arguments typed like tool inputs, and the structured tool tier. */
class TypedPromptTest {

  enum Tone { FRIENDLY, FORMAL }

  record Letter(@Description("Who it is for") String to, @Description("How many lines") int lines,
      Optional<Tone> tone) {}

  record Nested(String a, List<String> items) {}

  record Point(int x, int y) {}

  record Distance(@Description("From the origin") double distance) {}

  static ServerPrompt letter() {
    return ServerPrompt.of("letter", "Writes a letter", Letter.class, (in, ctx) -> GetPromptResult.of(null,
        PromptMessage.user(in.to() + "/" + in.lines() + "/" + in.tone().map(Tone::name).orElse("none"))));
  }

  @Test
  void theRecordDeclaresTheArgumentsAndTheHandlerGetsItBound() {
    McpServer server = McpServer.builder().prompt(letter()).build();
    Map<Integer, JsonNode> out = ReadmeSnippetsTest.serve(server,
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"prompts/list\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"prompts/get\",\"params\":{\"name\":\"letter\","
            + "\"arguments\":{\"to\":\"Ada\",\"lines\":\"3\",\"tone\":\"FORMAL\"}}}",
        "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"prompts/get\",\"params\":{\"name\":\"letter\","
            + "\"arguments\":{\"to\":\"Ada\",\"lines\":\"2\"}}}");
    assertThat(Json.write(out.get(2).at("/result/prompts/0/arguments"))).isEqualTo("["
        + "{\"name\":\"to\",\"description\":\"Who it is for\",\"required\":true},"
        + "{\"name\":\"lines\",\"description\":\"How many lines\",\"required\":true},"
        + "{\"name\":\"tone\",\"required\":false}]");
    assertThat(out.get(3).at("/result/messages/0/content/text").asString()).isEqualTo("Ada/3/FORMAL");
    assertThat(out.get(4).at("/result/messages/0/content/text").asString()).isEqualTo("Ada/2/none");
  }

  @Test
  void argumentsThatDoNotFitTheRecordAreInvalidParamsNamingTheArgument() {
    McpServer server = McpServer.builder().prompt(letter()).build();
    Map<Integer, JsonNode> out = ReadmeSnippetsTest.serve(server,
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"prompts/get\",\"params\":{\"name\":\"letter\","
            + "\"arguments\":{\"to\":\"Ada\",\"lines\":\"many\"}}}",
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"prompts/get\",\"params\":{\"name\":\"letter\","
            + "\"arguments\":{\"to\":\"Ada\",\"lines\":\"1\",\"tone\":\"ANGRY\"}}}",
        "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"prompts/get\",\"params\":{\"name\":\"letter\","
            + "\"arguments\":{\"lines\":\"1\"}}}");
    for (int id : List.of(2, 3)) {
      JsonNode error = out.get(id).path("error");
      assertThat(error.path("code").asInt()).isEqualTo(-32602);
      assertThat(error.path("message").asString()).startsWith("Invalid arguments for prompt letter: ")
          .doesNotContainIgnoringCase("exception").doesNotContain("dev.mcpkit").doesNotContain("java.");
    }
    assertThat(out.get(2).at("/error/message").asString()).contains("lines");
    assertThat(out.get(3).at("/error/message").asString()).contains("tone");
    assertThat(out.get(4).at("/error/message").asString()).isEqualTo("Missing required argument 'to' for prompt letter");
  }

  @Test
  void aRecordThatCannotArriveAsStringsIsRefusedWhenThePromptIsBuilt() {
    assertThatThrownBy(() -> ServerPrompt.of("n", "d", Nested.class, (in, ctx) -> GetPromptResult.of(null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prompt n: argument items").hasMessageContaining("prompt arguments are strings");
    assertThatThrownBy(() -> ServerPrompt.builder("p").handler(req -> GetPromptResult.of(null))
        .completer("missing", (v, c) -> List.of()).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("prompt p has no argument missing");
  }

  @Test
  void aStructuredToolDeclaresItsOutputSchemaAndReturnsStructuredContent() {
    ServerTool tool = ServerTool.of("distance", "Distance from the origin", Point.class, Distance.class,
        (p, ctx) -> new Distance(Math.hypot(p.x(), p.y())));
    assertThat(Json.write(tool.definition().outputSchema())).isEqualTo("{\"type\":\"object\",\"properties\":"
        + "{\"distance\":{\"type\":\"number\",\"description\":\"From the origin\"}},\"required\":[\"distance\"]}");
    ServerTool nothing = ServerTool.of("nothing", "Returns null", Point.class, Distance.class, (p, ctx) -> null);
    McpServer server = McpServer.builder().tool(tool).tool(nothing).build();
    Map<Integer, JsonNode> out = ReadmeSnippetsTest.serve(server,
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"distance\","
            + "\"arguments\":{\"x\":3,\"y\":4}}}",
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"distance\","
            + "\"arguments\":{\"x\":\"three\",\"y\":4}}}",
        "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"nothing\","
            + "\"arguments\":{\"x\":1,\"y\":1}}}");
    assertThat(Json.write(out.get(2).at("/result/structuredContent"))).isEqualTo("{\"distance\":5.0}");
    assertThat(out.get(2).at("/result/content/0/text").asString()).isEqualTo("{\"distance\":5.0}");
    assertThat(out.get(3).at("/error/code").asInt()).isEqualTo(-32602);
    assertThat(out.get(3).at("/error/message").asString()).startsWith("Invalid arguments for tool distance: ");
    assertThat(out.get(4).at("/error/message").asString()).isEqualTo("Tool nothing returned no result");
  }
}
