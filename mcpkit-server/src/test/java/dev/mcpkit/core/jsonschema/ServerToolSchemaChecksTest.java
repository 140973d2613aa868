package dev.mcpkit.core.jsonschema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.Rpc;
import dev.mcpkit.server.testing.StdioHarness;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * A tool's schemas at server build time: a schema mcpkit generated from a record is not checked
 * against the meta-schema and its validator is compiled at the tool's first call, which still validates the
 * arguments; a schema the user gives is still checked at {@code build()} and fails there with the same message.
 * In this package (on the test classpath) to read {@link JsonSchema}'s counters.
 */
class ServerToolSchemaChecksTest {

  record Echo(@Description("The message") String message) {}

  record Sum(int total) {}

  record Matched(@jakarta.validation.constraints.Pattern(regexp = "[") String code) {}

  @Test
  void generatedSchemasAreNotMetaCheckedOrCompiledAtBuild() {
    long checks = JsonSchema.META_CHECKS.sum();
    long compiles = JsonSchema.COMPILES.sum();
    ServerTool echo = ServerTool.of("echo", "Echoes", Echo.class, (a, c) -> ToolResults.text(a.message()));
    ServerTool.of("sum", "Sums", Echo.class, Sum.class, (a, c) -> new Sum(1));
    ServerTool.builder("raw").handler(c -> ToolResults.text("x")).build(); // the default {"type":"object"}
    echo.toBuilder().description("copied").build(); // a copy keeps knowing its schema was generated
    assertThat(JsonSchema.META_CHECKS.sum()).isEqualTo(checks);
    assertThat(JsonSchema.COMPILES.sum()).isEqualTo(compiles);
  }

  @Test
  void theFirstCallOfAToolValidatesItsArguments() throws InterruptedException {
    McpServer server = McpServer.builder()
        .tool(ServerTool.of("echo", "Echoes", Echo.class, (a, c) -> ToolResults.text(a.message()))).build();
    try (StdioHarness io = new StdioHarness(server)) {
      io.send(Rpc.request(0, "initialize", J.obj("protocolVersion", "2025-11-25", "capabilities", J.obj(),
          "clientInfo", J.obj("name", "t", "version", "1"))));
      io.responseTo(0);
      io.send(Rpc.notification("notifications/initialized", null));
      // the very first call is a bad one: its validator is compiled now and refuses it
      io.send(Rpc.request(1, "tools/call", J.obj("name", "echo", "arguments", J.obj("message", 3))));
      JsonNode bad = io.responseTo(1);
      assertThat(bad.path("error").path("code").asInt()).isEqualTo(-32602);
      assertThat(bad.path("error").path("message").asString())
          .isEqualTo("Invalid arguments for tool echo: /message: integer found, string expected");
      io.send(Rpc.request(2, "tools/call", J.obj("name", "echo", "arguments", J.obj())));
      assertThat(io.responseTo(2).path("error").path("message").asString())
          .isEqualTo("Invalid arguments for tool echo: required property 'message' not found");
      io.send(Rpc.request(3, "tools/call", J.obj("name", "echo", "arguments", J.obj("message", "hi"))));
      assertThat(io.responseTo(3).path("result").path("content").get(0).path("text").asString()).isEqualTo("hi");
    }
  }

  @Test
  void aGivenSchemaIsStillCheckedAtBuild() {
    long checks = JsonSchema.META_CHECKS.sum();
    ServerTool.builder("given").inputSchema("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}")
        .outputSchema(J.obj("type", "object")).handler(c -> ToolResults.text("x")).build();
    assertThat(JsonSchema.META_CHECKS.sum()).isEqualTo(checks + 2);
    // replacing a generated schema by a given one makes it checked again
    ServerTool typed = ServerTool.of("typed", "t", Echo.class, (a, c) -> ToolResults.text(""));
    assertThatThrownBy(() -> typed.toBuilder().inputSchema("{\"type\":\"object\",\"minProperties\":-1}").build())
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessage("invalid schema: /minProperties: must have a minimum value of 0");
    assertThatThrownBy(() -> ServerTool.builder("bad").inputSchema("{\"type\":\"object\",\"required\":\"a\"}")
        .handler(c -> ToolResults.text("x")).build())
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessage("invalid schema: /required: string found, array expected");
  }

  @Test
  void aBadPatternInARecordStillFailsAtBuild() {
    // the generator copies @Pattern's expression as it is: the tool's build(), not its first call, reports it
    assertThatThrownBy(() -> ServerTool.of("m", "m", Matched.class, (a, c) -> ToolResults.text("")))
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessage("invalid schema: java.util.regex.PatternSyntaxException: Unclosed character class near index 0");
  }
}
