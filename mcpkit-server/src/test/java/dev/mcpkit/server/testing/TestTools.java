package dev.mcpkit.server.testing;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonschema.Description;
import dev.mcpkit.core.schema.Content;
import dev.mcpkit.core.schema.CreateMessageRequestParams;
import dev.mcpkit.core.schema.CreateMessageResult;
import dev.mcpkit.core.schema.ElicitRequestFormParams;
import dev.mcpkit.core.schema.ElicitResult;
import dev.mcpkit.core.schema.LoggingLevel;
import dev.mcpkit.core.schema.Role;
import dev.mcpkit.core.schema.SamplingContent;
import dev.mcpkit.core.schema.SamplingMessage;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.McpServerBuilder;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolException;
import dev.mcpkit.server.ToolResults;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/** Small tools built with the public API, each showing one behaviour. */
public final class TestTools {

  private TestTools() {}

  /** The arguments of {@code echo}. */
  public record EchoArgs(@Description("What to say") String message, Optional<Integer> times) {}

  /** The arguments of {@code when}: the schema says string, the binding needs an instant. */
  public record WhenArgs(Instant at) {}

  /** A server named "test" with {@code echo}, ready for more. */
  public static McpServerBuilder server() {
    return McpServer.builder().name("test").version("1.2.3").tool(echo());
  }

  /** {@code echo}: returns the message, {@code times} times. */
  public static ServerTool echo() {
    return ServerTool.builder("echo").description("Echoes a message").handler(EchoArgs.class,
        (a, ctx) -> ToolResults.text(a.message().repeat(a.times().orElse(1)))).build();
  }

  /** A tool that blocks until the probe releases it (or it is interrupted). */
  public static ServerTool blocking(String name, Probe probe) {
    return ServerTool.builder(name).description("Blocks until released")
        .handler(call -> ToolResults.text(probe.block())).build();
  }

  /** {@code progress}: two progress reports and an info log, then "done". */
  public static ServerTool progress() {
    return ServerTool.builder("progress").description("Reports progress").handler(call -> {
      call.progress(1, 2.0, "half");
      call.log(LoggingLevel.INFO, "test", "working");
      call.progress(2, 2.0, "all");
      return ToolResults.text("done");
    }).build();
  }

  /** {@code progress-then-block}: one progress report (making the response a stream), then blocks. */
  public static ServerTool progressThenBlock(Probe probe) {
    return ServerTool.builder("progress-then-block").description("Streams, then blocks").handler(call -> {
      call.progress(1, null, "started");
      return ToolResults.text(probe.block());
    }).build();
  }

  /** {@code logs}: one message at each of debug, info, warning and error. */
  public static ServerTool logs() {
    return ServerTool.builder("logs").description("Logs at four levels").handler(call -> {
      for (LoggingLevel l : List.of(LoggingLevel.DEBUG, LoggingLevel.INFO, LoggingLevel.WARNING, LoggingLevel.ERROR)) {
        call.log(l, "test", l.id());
      }
      return ToolResults.text("logged");
    }).build();
  }

  static ObjectNode nameForm() {
    return J.parse("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]}");
  }

  /** {@code greet}: asks the user's name (elicitation) and greets them. */
  public static ServerTool greet() {
    return ServerTool.builder("greet").description("Asks a name").inputSchema(
        "{\"type\":\"object\",\"properties\":{\"greeting\":{\"type\":\"string\"}}}").handler(call -> {
          ElicitResult r = call.elicit(ElicitRequestFormParams.of("Your name?", nameForm()));
          if (!"accept".equals(r.action())) {
            return ToolResults.text("no name: " + r.action());
          }
          String greeting = call.arguments().path("greeting").asString("Hello");
          return ToolResults.text(greeting + ", " + r.content().path("name").asString());
        }).build();
  }

  /** {@code survey}: two questions asked one after the other (two input rounds). */
  public static ServerTool survey() {
    return ServerTool.builder("survey").description("Asks twice").handler(call -> {
      ElicitResult first = call.elicit(ElicitRequestFormParams.of("First name?", nameForm()));
      ElicitResult second = call.elicit(ElicitRequestFormParams.of("Last name?", nameForm()));
      return ToolResults.text(first.content().path("name").asString() + " " + second.content().path("name").asString());
    }).build();
  }

  /** {@code sample}: asks the client's model, returns its text. */
  public static ServerTool sample() {
    return ServerTool.builder("sample").description("Asks the model").handler(call -> {
      CreateMessageResult r = call.sample(new CreateMessageRequestParams(
          List.of(new SamplingMessage(Role.USER, SamplingContent.of(Content.text("2+2?")), null)),
          null, null, null, null, 10, null, null, null, null, null, null));
      return ToolResults.text("model said " + r.content().text());
    }).build();
  }

  /** {@code fail}: throws an exception whose message must never reach the client. */
  public static ServerTool failing() {
    return ServerTool.builder("fail").description("Fails").handler(call -> {
      throw new IllegalStateException("secret detail: java.lang.IllegalStateException at dev.mcpkit.Secret");
    }).build();
  }

  /** {@code refuse}: fails with a message meant for the model. */
  public static ServerTool refusing() {
    return ServerTool.builder("refuse").description("Refuses").handler(call -> {
      throw new ToolException("The answer is no");
    }).build();
  }

  /** {@code sum} with an output schema; {@code valid=false} returns content that breaks it. */
  public static ServerTool structured(String name, boolean valid) {
    return ServerTool.builder(name).description("Structured output")
        .outputSchema(J.parse("{\"type\":\"object\",\"properties\":{\"sum\":{\"type\":\"integer\"}},\"required\":[\"sum\"]}"))
        .handler(call -> ToolResults.structured(valid ? J.obj("sum", 3) : J.obj("sum", "three"))).build();
  }

  /** {@code route}: arguments mirrored into {@code Mcp-Param-Region}, {@code -Count} and {@code -Flag}. */
  public static ServerTool headerTool() {
    return ServerTool.builder("route").description("Routed by headers").inputSchema("""
        {"type":"object","properties":{
          "region":{"type":"string","x-mcp-header":"Region"},
          "count":{"type":"integer","x-mcp-header":"Count"},
          "opts":{"type":"object","properties":{"flag":{"type":"boolean","x-mcp-header":"Flag"}}},
          "query":{"type":"string"}}}""")
        .handler(call -> ToolResults.text("routed " + Json.write(call.arguments()))).build();
  }

  /** {@code when}: binds {@code at} to an {@link Instant}; a bad date fails in the binding. */
  public static ServerTool when() {
    return ServerTool.builder("when").description("Parses a date")
        .inputSchema("{\"type\":\"object\",\"properties\":{\"at\":{\"type\":\"string\"}},\"required\":[\"at\"]}")
        .handler(WhenArgs.class, (a, ctx) -> ToolResults.text(a.at().toString())).build();
  }
}
