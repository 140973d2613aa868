package dev.mcpkit.cli;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.schema.CallToolResult;
import dev.mcpkit.core.schema.Content;
import dev.mcpkit.core.schema.ElicitRequestFormParams;
import dev.mcpkit.core.schema.ElicitResult;
import dev.mcpkit.core.schema.LoggingLevel;
import dev.mcpkit.core.schema.ResourceContents;
import dev.mcpkit.server.Completer;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerResourceTemplate;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * A test server for the inspector's browser tests: what the demo server does not have (a tool with a rich input
 * schema, results of every content type, structuredContent with an outputSchema, isError, elicitation, logs and
 * progress).
 */
final class InspectLab {

  /** A 1x1 PNG. */
  static final byte[] PNG = Base64.getDecoder().decode(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

  static final String FORM_SCHEMA = """
      {"type":"object","required":["title","mode"],"properties":{
        "title":{"type":"string","description":"A title"},
        "count":{"type":"integer","default":3},
        "mode":{"type":"string","enum":["fast","careful"],"default":"careful"},
        "tags":{"type":"array","items":{"type":"string"}},
        "owner":{"type":"object","required":["name"],"properties":{
          "name":{"type":"string"},"email":{"type":"string","format":"email"}}},
        "target":{"oneOf":[
          {"title":"by id","type":"object","required":["id"],"properties":{"id":{"type":"integer"}}},
          {"title":"by name","type":"object","required":["name"],"properties":{"name":{"type":"string"}}}]},
        "dryRun":{"type":"boolean"}}}
      """;

  private InspectLab() {}

  static McpServer create() {
    return McpServer.builder().name("inspect-lab").version("1.0").logging(true).completions(true)
        .resourceTemplate(ServerResourceTemplate.builder("lab://cities/{city}", "city")
            .description("A city, by name").reader(read -> List.of(ResourceContents.text(read.uri(), "text/plain",
                "You read " + read.uri())))
            .completer("city", Completer.of(List.of("Paris", "Porto", "Prague", "Berlin"))).build())
        .instructions("A lab for the inspector's tests.")
        .tool(ServerTool.builder("form_lab").description("Echoes its arguments as JSON")
            .inputSchema(FORM_SCHEMA)
            .handler(call -> ToolResults.text(Json.write(call.arguments()))).build())
        .tool(ServerTool.builder("media").description("Returns one block of each content type")
            .inputSchema("{\"type\":\"object\"}")
            .handler(call -> ToolResults.of(Content.text("some text"), Content.image(PNG, "image/png"),
                Content.audio(new byte[] {1, 2, 3}, "audio/wav"),
                Content.resource(ResourceContents.text("lab://embedded", "text/plain", "embedded text"))))
            .build())
        .tool(ServerTool.builder("weather").description("Structured output")
            .inputSchema("{\"type\":\"object\"}")
            .outputSchema(Json.parse("{\"type\":\"object\",\"required\":[\"celsius\"],"
                + "\"properties\":{\"celsius\":{\"type\":\"number\"}}}"))
            .handler(call -> {
              ObjectNode o = Json.object().put("celsius", 21.5);
              return CallToolResult.structured(List.of(Content.text("{\"celsius\":21.5}")), o);
            }).build())
        .tool(ServerTool.builder("fail").description("Always reports an error")
            .inputSchema("{\"type\":\"object\"}")
            .handler(call -> ToolResults.error("it went wrong on purpose")).build())
        .tool(ServerTool.builder("ask_name").description("Asks the user for a name (elicitation)")
            .inputSchema("{\"type\":\"object\"}")
            .handler(call -> {
              call.log(LoggingLevel.INFO, "lab", "asking for a name");
              call.progress(1, 2.0, "halfway");
              ElicitResult r = call.elicit(ElicitRequestFormParams.of("What is your name?", (ObjectNode) Json.parse(
                  "{\"type\":\"object\",\"required\":[\"name\"],\"properties\":{\"name\":{\"type\":\"string\"}}}")));
              return ToolResults.text(r.action() + ":" + (r.content() == null ? "" : r.content().path("name").asString("")));
            }).build())
        .tool(ServerTool.builder("ask_model").description("Asks the client's model for a haiku (sampling)")
            .inputSchema("{\"type\":\"object\"}")
            .handler(call -> {
              try {
                var r = call.sample(new dev.mcpkit.core.schema.CreateMessageRequestParams(List.of(
                    new dev.mcpkit.core.schema.SamplingMessage(dev.mcpkit.core.schema.Role.USER,
                        dev.mcpkit.core.schema.SamplingContent.of(Content.text("Write a haiku about MCP")), null)),
                    null, "You are a poet.", null, null, 50, null, null, null, null, null, null));
                return ToolResults.text("model " + r.model() + " said: " + r.content().text());
              } catch (RuntimeException e) {
                return ToolResults.error("sampling failed: " + e.getMessage());
              }
            }).build())
        .tool(ServerTool.builder("open_page").description("Asks the user to open a page (URL-mode elicitation)")
            .inputSchema("{\"type\":\"object\",\"properties\":{\"url\":{\"type\":\"string\"}},\"required\":[\"url\"]}")
            .handler(call -> {
              ElicitResult r = call.elicit(dev.mcpkit.core.schema.ElicitRequestURLParams.of("Please confirm your account",
                  call.arguments().path("url").asString("")));
              return ToolResults.text("url:" + r.action());
            }).build())
        .build();
  }
}
