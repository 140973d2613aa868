package dev.mcpkit.conformance;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.schema.Content;
import dev.mcpkit.core.schema.CreateMessageRequest;
import dev.mcpkit.core.schema.CreateMessageRequestParams;
import dev.mcpkit.core.schema.CreateMessageResult;
import dev.mcpkit.core.schema.ElicitRequest;
import dev.mcpkit.core.schema.ElicitRequestFormParams;
import dev.mcpkit.core.schema.ElicitResult;
import dev.mcpkit.core.schema.GetPromptResult;
import dev.mcpkit.core.schema.InputRequest;
import dev.mcpkit.core.schema.InputResponse;
import dev.mcpkit.core.schema.ListRootsRequest;
import dev.mcpkit.core.schema.ListRootsResult;
import dev.mcpkit.core.schema.LoggingLevel;
import dev.mcpkit.core.schema.PromptMessage;
import dev.mcpkit.core.schema.RequestParams;
import dev.mcpkit.core.schema.Role;
import dev.mcpkit.core.schema.SamplingContent;
import dev.mcpkit.core.schema.SamplingMessage;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.McpServerBuilder;

import dev.mcpkit.server.ServerPrompt;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tools and prompts that the 2026-07-28 scenarios of the conformance alpha call (multi round-trip
 * input, capability checks, list-change triggers, header mirroring). The input keys and texts are
 * those the scenarios look for.
 */
final class ConformanceModernTools {

  private ConformanceModernTools() {}

  static void register(McpServerBuilder b) {
    b.tool(ServerTool.builder("test_missing_capability").description("Needs the client's sampling capability")
        .handler(call -> {
          CreateMessageResult r = call.sample(sampling("Say hello", 20));
          return ToolResults.text("Sampling answered: " + r.content().text());
        }).build());
    b.tool(ServerTool.builder("test_streaming_elicitation").description("Asks the user a question through the client")
        .handler(call -> {
          ElicitResult r = call.elicit(form("What is your name?", "name", "string"));
          return ToolResults.text("Hello, " + r.content().path("name").asString("stranger") + "!");
        }).build());
    b.tool(ServerTool.builder("test_logging_tool").description("Logs a message when the request asks for logs")
        .handler(call -> {
          call.log(LoggingLevel.INFO, "conformance", "test_logging_tool ran");
          return ToolResults.text("Logged (only if a logLevel was requested)");
        }).build());
    b.tool(ServerTool.builder("test_input_required_result_elicitation").description("Asks for the user's name (MRTR)")
        .handler(call -> {
          ElicitResult r = (ElicitResult) call.ask(Map.of("user_name", new ElicitRequest(form("What is your name?", "name", "string")))).get("user_name");
          return ToolResults.text("Hello, " + r.content().path("name").asString() + "!");
        }).build());
    b.tool(ServerTool.builder("test_input_required_result_sampling").description("Asks the client's model a question (MRTR)")
        .handler(call -> {
          CreateMessageResult r = (CreateMessageResult) call.ask(Map.of("capital_question",
              new CreateMessageRequest(sampling("What is the capital of France?", 100)))).get("capital_question");
          return ToolResults.text("The model said: " + r.content().text());
        }).build());
    b.tool(ServerTool.builder("test_input_required_result_list_roots").description("Asks the client for its roots (MRTR)")
        .handler(call -> {
          ListRootsResult r = (ListRootsResult) call.ask(Map.of("client_roots", roots())).get("client_roots");
          return ToolResults.text("Roots: " + r.roots().stream().map(x -> x.uri()).collect(Collectors.joining(", ")));
        }).build());
    b.tool(ServerTool.builder("test_input_required_result_request_state").description("Confirms through a sealed requestState (MRTR)")
        .handler(call -> {
          ElicitResult r = (ElicitResult) call.ask(Map.of("confirm", new ElicitRequest(form("Please confirm", "ok", "boolean")))).get("confirm");
          return ToolResults.text("state-ok: confirmed=" + r.content().path("ok").asBoolean());
        }).build());
    b.tool(ServerTool.builder("test_input_required_result_multiple_inputs").description("Asks three things at once (MRTR)")
        .handler(call -> {
          Map<String, InputRequest> asks = new LinkedHashMap<>();
          asks.put("user_name", new ElicitRequest(form("What is your name?", "name", "string")));
          asks.put("greeting", new CreateMessageRequest(sampling("Generate a greeting", 50)));
          asks.put("client_roots", roots());
          Map<String, InputResponse> a = call.ask(asks);
          return ToolResults.text("name=" + ((ElicitResult) a.get("user_name")).content().path("name").asString()
              + ", greeting=" + ((CreateMessageResult) a.get("greeting")).content().text()
              + ", roots=" + ((ListRootsResult) a.get("client_roots")).roots().size());
        }).build());
    b.tool(ServerTool.builder("test_input_required_result_multi_round").description("Asks two questions, one per round (MRTR)")
        .handler(call -> {
          ElicitResult name = (ElicitResult) call.ask(Map.of("step1", new ElicitRequest(form("Step 1: What is your name?", "name", "string")))).get("step1");
          ElicitResult color = (ElicitResult) call.ask(Map.of("step2", new ElicitRequest(form("Step 2: What is your favorite color?", "color", "string")))).get("step2");
          return ToolResults.text(name.content().path("name").asString() + " likes " + color.content().path("color").asString());
        }).build());
    b.tool(ServerTool.builder("test_input_required_result_tampered_state").description("Rejects a tampered requestState (MRTR)")
        .handler(call -> {
          ElicitResult r = (ElicitResult) call.ask(Map.of("confirm", new ElicitRequest(form("Please confirm", "ok", "boolean")))).get("confirm");
          return ToolResults.text("confirmed=" + r.content().path("ok").asBoolean());
        }).build());
    b.tool(ServerTool.builder("test_input_required_result_capabilities").description("Asks only what the client supports (MRTR)")
        .handler(call -> {
          Map<String, InputRequest> asks = new LinkedHashMap<>();
          var caps = call.clientCapabilities();
          if (caps.elicitation() != null) {
            asks.put("user_name", new ElicitRequest(form("What is your name?", "name", "string")));
          }
          if (caps.sampling() != null) {
            asks.put("greeting", new CreateMessageRequest(sampling("Generate a greeting", 50)));
          }
          if (caps.roots() != null) {
            asks.put("client_roots", roots());
          }
          if (asks.isEmpty()) {
            return ToolResults.text("The client supports no input requests");
          }
          return ToolResults.text("Received " + call.ask(asks).size() + " answers");
        }).build());
    b.tool(ServerTool.builder("test_custom_header_tool").description("Mirrors its region argument into a header")
        .inputSchema("""
            {"type":"object","properties":{"region":{"type":"string","description":"A region","x-mcp-header":"Region"}},
             "required":["region"]}""")
        .handler(call -> ToolResults.text("Region: " + call.arguments().path("region").asString())).build());
    b.prompt(ServerPrompt.of("test_input_required_result_prompt", "A prompt that asks for context (MRTR)",
        req -> {
          ElicitResult r = (ElicitResult) req.ask(Map.of("user_context",
              new ElicitRequest(form("What context should the prompt use?", "context", "string")))).get("user_context");
          return GetPromptResult.of(null, PromptMessage.user("Use this context: " + r.content().path("context").asString()));
        }));
  }

  /** The list-change triggers need the built server: they add and remove a tool and a prompt. */
  static void registerTriggers(McpServer server) {
    server.addTool(ServerTool.builder("test_trigger_tool_change").description("Adds or removes test_dynamic_tool")
        .handler(call -> {
          if (server.removeTool("test_dynamic_tool")) {
            return ToolResults.text("test_dynamic_tool removed");
          }
          server.addTool(ServerTool.builder("test_dynamic_tool").description("A tool that comes and goes")
              .handler(c -> ToolResults.text("dynamic")).build());
          return ToolResults.text("test_dynamic_tool added");
        }).build());
    server.addTool(ServerTool.builder("test_trigger_prompt_change").description("Adds or removes test_dynamic_prompt")
        .handler(call -> {
          if (server.removePrompt("test_dynamic_prompt")) {
            return ToolResults.text("test_dynamic_prompt removed");
          }
          server.addPrompt(ServerPrompt.of("test_dynamic_prompt", "A prompt that comes and goes",
              req -> GetPromptResult.of(null, PromptMessage.user("dynamic"))));
          return ToolResults.text("test_dynamic_prompt added");
        }).build());
  }

  private static ElicitRequestFormParams form(String message, String property, String type) {
    ObjectNode schema = Json.object().put("type", "object");
    schema.putObject("properties").putObject(property).put("type", type);
    schema.putArray("required").add(property);
    return ElicitRequestFormParams.of(message, schema);
  }

  private static CreateMessageRequestParams sampling(String text, int maxTokens) {
    return CreateMessageRequestParams.of(List.of(new SamplingMessage(Role.USER, SamplingContent.of(Content.text(text)), null)),
        maxTokens);
  }

  private static ListRootsRequest roots() {
    return new ListRootsRequest(new RequestParams(null));
  }

}
