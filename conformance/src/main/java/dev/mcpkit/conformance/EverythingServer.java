package dev.mcpkit.conformance;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.schema.Content;
import dev.mcpkit.core.schema.CreateMessageRequestParams;
import dev.mcpkit.core.schema.CreateMessageResult;
import dev.mcpkit.core.schema.ElicitRequestFormParams;
import dev.mcpkit.core.schema.ElicitResult;
import dev.mcpkit.core.schema.GetPromptResult;
import dev.mcpkit.core.schema.LoggingLevel;
import dev.mcpkit.core.schema.PromptMessage;
import dev.mcpkit.core.schema.ResourceContents;
import dev.mcpkit.core.schema.Role;
import dev.mcpkit.core.schema.SamplingContent;
import dev.mcpkit.core.schema.SamplingMessage;
import dev.mcpkit.server.Completer;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.McpServerBuilder;
import dev.mcpkit.core.jsonschema.Description;
import dev.mcpkit.server.ServerPrompt;
import dev.mcpkit.server.ServerResource;
import dev.mcpkit.server.ServerResourceTemplate;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The "everything" server that the official MCP conformance suite tests: exactly the tools,
 * resources, templates and prompts its server scenarios call (see {@code
 * shared/docs/conformance.md}, section 7), built with the public mcpkit API only.
 */
public final class EverythingServer {

  static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
  static final String WAV = "UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQIAAAA=";

  private EverythingServer() {}

  public static McpServer create() {
    return create(java.util.function.UnaryOperator.identity());
  }

  /** The server, with {@code settings} applied to its builder first (e.g. a cluster's shared requestState key). */
  public static McpServer create(java.util.function.UnaryOperator<McpServerBuilder> settings) {
    McpServerBuilder b = settings.apply(McpServer.builder()).name("mcpkit-everything").version("1.0.0")
        .instructions("The mcpkit conformance server: every feature the official suite exercises.");
    tools(b);
    resources(b);
    prompts(b);
    ConformanceModernTools.register(b);
    McpServer server = b.build();
    ConformanceModernTools.registerTriggers(server);
    return server;
  }

  private static byte[] png() {
    return Base64.getDecoder().decode(PNG);
  }

  private static void tools(McpServerBuilder b) {
    b.tool(simple("test_simple_text", "Returns a simple text response",
        () -> ToolResults.text("This is a simple text response for testing.")));
    b.tool(simple("test_image_content", "Returns an image",
        () -> ToolResults.of(Content.image(png(), "image/png"))));
    b.tool(simple("test_audio_content", "Returns audio",
        () -> ToolResults.of(Content.audio(Base64.getDecoder().decode(WAV), "audio/wav"))));
    b.tool(simple("test_embedded_resource", "Returns an embedded resource",
        () -> ToolResults.of(Content.resource(ResourceContents.text("test://embedded-resource", "text/plain",
            "This is an embedded resource content.")))));
    b.tool(simple("test_multiple_content_types", "Returns text, an image and a resource",
        () -> ToolResults.of(Content.text("Multiple content types test:"), Content.image(png(), "image/png"),
            Content.resource(ResourceContents.text("test://mixed-content-resource", "application/json",
                "{\"test\":\"data\",\"value\":123}")))));
    b.tool(ServerTool.builder("test_tool_with_logging").description("Sends three log messages while it runs")
        .handler(call -> {
          call.log(LoggingLevel.INFO, "conformance", "Tool execution started");
          Thread.sleep(50);
          call.log(LoggingLevel.INFO, "conformance", "Tool processing data");
          Thread.sleep(50);
          call.log(LoggingLevel.INFO, "conformance", "Tool execution completed");
          return ToolResults.text("Tool with logging executed successfully");
        }).build());
    b.tool(ServerTool.builder("test_tool_with_progress").description("Reports progress three times")
        .handler(call -> {
          for (int p : new int[] {0, 50, 100}) {
            call.progress(p, 100.0, "step " + p);
            if (p < 100) {
              Thread.sleep(50);
            }
          }
          return ToolResults.text("Tool with progress executed successfully");
        }).build());
    b.tool(simple("test_error_handling", "Always fails with a tool error",
        () -> ToolResults.error("This tool intentionally returns an error for testing")));
    b.tool(ServerTool.builder("test_sampling").description("Asks the client's model to answer a prompt")
        .inputSchema("{\"type\":\"object\",\"properties\":{\"prompt\":{\"type\":\"string\"}},\"required\":[\"prompt\"]}")
        .handler(call -> {
          String prompt = call.arguments().path("prompt").asString();
          CreateMessageResult r = call.sample(CreateMessageRequestParams.of(
              List.of(new SamplingMessage(Role.USER, SamplingContent.of(Content.text(prompt)), null)), 100));
          return ToolResults.text("LLM response: " + r.content().text());
        }).build());
    b.tool(ServerTool.builder("test_elicitation").description("Asks the user for a username and email")
        .inputSchema("{\"type\":\"object\",\"properties\":{\"message\":{\"type\":\"string\"}},\"required\":[\"message\"]}")
        .handler(call -> {
          ObjectNode schema = (ObjectNode) Json.parse("""
              {"type":"object","properties":{"username":{"type":"string","description":"Your username"},
               "email":{"type":"string","description":"Your email address"}},"required":["username","email"]}""");
          ElicitResult r = call.elicit(ElicitRequestFormParams.of(call.arguments().path("message").asString(), schema));
          return ToolResults.text("User response: action=" + r.action() + ", content="
              + (r.content() == null ? "{}" : Json.write(r.content())));
        }).build());
    b.tool(ServerTool.builder("test_elicitation_sep1034_defaults").description("Elicits a form with default values")
        .handler(call -> {
          ObjectNode schema = (ObjectNode) Json.parse("""
              {"type":"object","properties":{
                "name":{"type":"string","default":"John Doe"},
                "age":{"type":"integer","default":30},
                "score":{"type":"number","default":95.5},
                "status":{"type":"string","enum":["active","inactive","pending"],"default":"active"},
                "verified":{"type":"boolean","default":true}},"required":[]}""");
          ElicitResult r = call.elicit(ElicitRequestFormParams.of("Please review and update the form fields with defaults", schema));
          return ToolResults.text("Elicitation completed: action=" + r.action() + ", content="
              + (r.content() == null ? "{}" : Json.write(r.content())));
        }).build());
    b.tool(ServerTool.builder("test_elicitation_sep1330_enums").description("Elicits every enum shape")
        .handler(call -> {
          ObjectNode schema = (ObjectNode) Json.parse("""
              {"type":"object","properties":{
                "untitledSingle":{"type":"string","enum":["option1","option2","option3"]},
                "titledSingle":{"type":"string","oneOf":[{"const":"value1","title":"First Option"},
                  {"const":"value2","title":"Second Option"},{"const":"value3","title":"Third Option"}]},
                "legacyEnum":{"type":"string","enum":["opt1","opt2","opt3"],"enumNames":["Option One","Option Two","Option Three"]},
                "untitledMulti":{"type":"array","items":{"type":"string","enum":["option1","option2","option3"]},"minItems":1,"maxItems":3},
                "titledMulti":{"type":"array","items":{"anyOf":[{"const":"value1","title":"First Choice"},
                  {"const":"value2","title":"Second Choice"},{"const":"value3","title":"Third Choice"}]},"minItems":1,"maxItems":3}
              },"required":[]}""");
          ElicitResult r = call.elicit(ElicitRequestFormParams.of("Please choose from the options", schema));
          return ToolResults.text("Elicitation completed: action=" + r.action() + ", content="
              + (r.content() == null ? "{}" : Json.write(r.content())));
        }).build());
    b.tool(ServerTool.builder("json_schema_2020_12_tool").description("Declares a JSON Schema 2020-12 input schema")
        .inputSchema("""
            {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
             "$defs":{"address":{"$anchor":"addressDef","type":"object","properties":{"street":{"type":"string"},"city":{"type":"string"}}}},
             "properties":{"name":{"type":"string"},"address":{"$ref":"#/$defs/address"},
               "contactMethod":{"type":"string","enum":["phone","email"]},"phone":{"type":"string"},"email":{"type":"string"}},
             "allOf":[{"anyOf":[{"required":["phone"]},{"required":["email"]}]}],
             "if":{"properties":{"contactMethod":{"const":"phone"}},"required":["contactMethod"]},
             "then":{"required":["phone"]},"else":{"required":["email"]},
             "additionalProperties":false}""")
        .handler(call -> ToolResults.text("Received: " + Json.write(call.arguments()))).build());
  }

  private static ServerTool simple(String name, String description, java.util.function.Supplier<dev.mcpkit.core.schema.CallToolResult> result) {
    return ServerTool.builder(name).description(description).handler(call -> result.get()).build();
  }

  private static void resources(McpServerBuilder b) {
    b.resource(ServerResource.builder("test://static-text", "Static text resource")
        .description("A static text resource for testing").mimeType("text/plain")
        .text("This is the content of the static text resource.").build());
    b.resource(ServerResource.builder("test://static-binary", "Static binary resource")
        .description("A static image for testing").mimeType("image/png").blob(png()).build());
    b.resource(ServerResource.builder("test://watched-resource", "Watched resource")
        .description("A resource clients can subscribe to").mimeType("text/plain").text("Watched resource content").build());
    b.resourceTemplate(ServerResourceTemplate.builder("test://template/{id}/data", "Template resource")
        .description("A resource template with an id parameter").mimeType("application/json")
        .reader(read -> {
          String id = read.variables().get("id");
          ObjectNode body = Json.object().put("id", id).put("templateTest", true).put("data", "Data for ID: " + id);
          return List.of(ResourceContents.text(read.uri(), "application/json", Json.write(body)));
        }).completer("id", Completer.of(List.of("1", "2", "3", "123"))).build());
  }

  private static void prompts(McpServerBuilder b) {
    b.prompt(ServerPrompt.of("test_simple_prompt", "A prompt without arguments",
        req -> GetPromptResult.of(null, PromptMessage.user("This is a simple prompt for testing."))));
    b.prompt(ServerPrompt.builder("test_prompt_with_arguments").description("A prompt with two arguments")
        .handler(TwoArgs.class, (in, ctx) ->
            GetPromptResult.of(null, PromptMessage.user("Prompt with arguments: arg1='" + in.arg1() + "', arg2='" + in.arg2() + "'")))
        .completer("arg1", Completer.of(List.of("paris", "park", "party")))
        .completer("arg2", Completer.of(List.of("alpha", "beta"))).build());
    b.prompt(ServerPrompt.of("test_prompt_with_embedded_resource", "A prompt that embeds a resource", Embed.class,
        (in, ctx) -> GetPromptResult.of(null,
            new PromptMessage(Role.USER, Content.resource(ResourceContents.text(in.resourceUri(),
                "text/plain", "Embedded resource content for testing."))),
            PromptMessage.user("Please process the embedded resource above."))));
    b.prompt(ServerPrompt.of("test_prompt_with_image", "A prompt that contains an image",
        req -> GetPromptResult.of(null, new PromptMessage(Role.USER, Content.image(png(), "image/png")),
            PromptMessage.user("Please analyze the image above."))));
  }

  /** The arguments of test_prompt_with_arguments (typed prompt arguments: the list is generated from the record). */
  record TwoArgs(@Description("First test argument") String arg1, @Description("Second test argument") String arg2) {}

  /** The argument of test_prompt_with_embedded_resource. */
  record Embed(@Description("URI of the resource to embed") String resourceUri) {}
}
