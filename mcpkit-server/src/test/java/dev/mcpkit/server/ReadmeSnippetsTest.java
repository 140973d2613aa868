package dev.mcpkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonschema.Description;
import dev.mcpkit.core.schema.GetPromptResult;
import dev.mcpkit.core.schema.PromptMessage;
import dev.mcpkit.core.testing.Repo;
import dev.mcpkit.server.stdio.StdioServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The READMEs' feature snippets (a tool, a resource, a prompt, a typed tool) are the code between the {@code //
 * snippet:NAME} and {@code // end} lines of this class, which the tests below run. {@link
 * #theReadmesShowExactlyTheseSnippets} fails when a README's copy differs (indentation aside) or a snippet grows past
 * ten lines, so the READMEs cannot drift from code that compiles and works.
 */
class ReadmeSnippetsTest {

  static ServerTool tool() {
    // snippet:tool
    record Greet(@Description("Who to greet") String name) {}
    ServerTool greet = ServerTool.of("greet", "Greets someone by name", Greet.class,
        (in, ctx) -> ToolResults.text("Hello, " + in.name() + "!"));
    // end
    return greet;
  }

  static ServerResource resource() {
    // snippet:resource
    ServerResource about = ServerResource.builder("hello://about", "about")
        .description("What this server is").mimeType("text/plain")
        .text("A server that greets people.").build();
    // end
    return about;
  }

  static ServerPrompt prompt() {
    // snippet:prompt
    record Topic(@Description("What the poem is about") String topic) {}
    ServerPrompt poem = ServerPrompt.of("poem", "Asks for a short poem", Topic.class,
        (in, ctx) -> GetPromptResult.of("A poem", PromptMessage.user("Write a short poem about " + in.topic())));
    // end
    return poem;
  }

  static ServerTool typedTool() {
    // snippet:typed-tool
    record Add(BigDecimal a, BigDecimal b) {}
    record Sum(@Description("a + b, exactly") BigDecimal sum) {}
    ServerTool add = ServerTool.of("add", "Adds two numbers exactly", Add.class, Sum.class,
        (in, ctx) -> new Sum(in.a().add(in.b())));
    // end
    return add;
  }

  private static final Pattern SNIPPET = Pattern.compile("(?s)// snippet:([\\w-]+)\\n(.*?)\\n\\s*// end");

  @Test
  void theReadmesShowExactlyTheseSnippets() throws IOException {
    Map<String, List<String>> snippets = snippets();
    assertThat(snippets).containsOnlyKeys("tool", "resource", "prompt", "typed-tool");
    List<String> root = lines(Repo.root().resolve("README.md"));
    List<String> server = lines(Repo.root().resolve("mcpkit-server/README.md"));
    snippets.forEach((name, snippet) -> {
      assertThat(snippet.size()).as("the %s snippet fits in 10 lines", name).isLessThanOrEqualTo(10);
      assertThat(containsBlock(root, snippet)).as("README.md shows the %s snippet:\n%s", name, snippet).isTrue();
      assertThat(containsBlock(server, snippet)).as("mcpkit-server/README.md shows the %s snippet", name).isTrue();
    });
  }

  @Test
  void theSnippetsWork() {
    McpServer server = McpServer.builder().name("hello").version("1.0.0")
        .tool(tool()).tool(typedTool()).resource(resource()).prompt(prompt()).build();
    Map<Integer, JsonNode> out = serve(server,
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"greet\",\"arguments\":{\"name\":\"Ada\"}}}",
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"add\",\"arguments\":{\"a\":0.1,\"b\":0.2}}}",
        "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/list\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"resources/read\",\"params\":{\"uri\":\"hello://about\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"prompts/get\",\"params\":{\"name\":\"poem\",\"arguments\":{\"topic\":\"tea\"}}}",
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"prompts/list\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"prompts/get\",\"params\":{\"name\":\"poem\",\"arguments\":{}}}");

    assertThat(out.get(2).at("/result/content/0/text").asString()).isEqualTo("Hello, Ada!");
    // The typed tool: a record result is structuredContent, with the same JSON as text for older clients.
    JsonNode sum = out.get(3).path("result");
    assertThat(Json.write(sum.path("structuredContent"))).isEqualTo("{\"sum\":0.3}");
    assertThat(sum.at("/content/0/text").asString()).isEqualTo("{\"sum\":0.3}");
    JsonNode add = out.get(4).at("/result/tools/1");
    assertThat(add.path("name").asString()).isEqualTo("add");
    assertThat(Json.write(add.path("outputSchema"))).isEqualTo(
        "{\"type\":\"object\",\"properties\":{\"sum\":{\"type\":\"number\",\"description\":\"a + b, exactly\"}},"
            + "\"required\":[\"sum\"]}");
    assertThat(out.get(5).at("/result/contents/0/text").asString()).isEqualTo("A server that greets people.");
    assertThat(out.get(5).at("/result/contents/0/mimeType").asString()).isEqualTo("text/plain");
    assertThat(out.get(6).at("/result/messages/0/content/text").asString()).isEqualTo("Write a short poem about tea");
    // The prompt's argument list comes from its record.
    assertThat(Json.write(out.get(7).at("/result/prompts/0/arguments"))).isEqualTo(
        "[{\"name\":\"topic\",\"description\":\"What the poem is about\",\"required\":true}]");
    assertThat(out.get(8).at("/error/code").asInt()).isEqualTo(-32602);
    assertThat(out.get(8).at("/error/message").asString()).isEqualTo("Missing required argument 'topic' for prompt poem");
  }

  /** Serves the requests over stdio in a 2025 session; the answers by id. */
  static Map<Integer, JsonNode> serve(McpServer server, String... requests) {
    List<String> input = new ArrayList<>(List.of(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
    input.addAll(List.of(requests));
    input.add("");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new StdioServer(server, new ByteArrayInputStream(String.join("\n", input).getBytes(StandardCharsets.UTF_8)), out)
        .run();
    Map<Integer, JsonNode> answers = new LinkedHashMap<>();
    out.toString(StandardCharsets.UTF_8).lines().map(Json::parse).filter(l -> l.has("id"))
        .forEach(l -> answers.put(l.path("id").asInt(), l));
    assertThat(answers).hasSize(requests.length + 1);
    return answers;
  }

  private static Map<String, List<String>> snippets() throws IOException {
    String source = Files.readString(Repo.root().resolve(
        "mcpkit-server/src/test/java/dev/mcpkit/server/ReadmeSnippetsTest.java"));
    Map<String, List<String>> out = new LinkedHashMap<>();
    Matcher m = SNIPPET.matcher(source);
    while (m.find()) {
      out.put(m.group(1), m.group(2).lines().map(String::strip).toList());
    }
    return out;
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.readString(file).lines().map(String::strip).toList();
  }

  private static boolean containsBlock(List<String> text, List<String> block) {
    return java.util.Collections.indexOfSubList(text, block) >= 0;
  }
}
