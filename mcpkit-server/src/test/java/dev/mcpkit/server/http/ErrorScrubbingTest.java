package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonrpc.McpException;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.HttpTestClient.Reply;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.Rpc;
import dev.mcpkit.server.testing.StdioHarness;
import dev.mcpkit.server.testing.TestTools;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Error messages reach the wire only through the writer's scrubbing, whatever wrote them: a handler's {@link
 * McpException} that quotes an exception and its stack, and a client's own text echoed back (control characters,
 * 10 KB), on Streamable HTTP and on stdio.
 */
class ErrorScrubbingTest {

  private static final String LEAKY = "Bad input: java.lang.NumberFormatException: For input string \"x\"\n"
      + "\tat java.base/java.lang.Integer.parseInt(Integer.java:661)\n\tat dev.mcpkit.Tool.call(Tool.java:12)";
  private static final String HOSTILE_NAME = "evil\u001b[2J\u202e\r\nInjected: " + "x".repeat(10 * 1024);
  /** Shorter on HTTP, where the name travels in a header too (base64), under Jetty's 8 KiB header limit. */
  private static final String HOSTILE_HEADER_NAME = HOSTILE_NAME.substring(0, 3000);

  private static McpServer server() {
    return TestTools.server().tool(ServerTool.builder("leaky").handler(c -> {
      throw McpException.invalidParams(LEAKY);
    }).build()).build();
  }

  private static void assertSafe(String message) {
    assertThat(message).doesNotContain("java.", "Exception", "Integer.java", "dev.mcpkit");
    assertThat(message.codePoints()).allMatch(cp -> cp >= 0x20 && cp != 0x7f && cp != 0x202e);
    assertThat(message.length()).isLessThanOrEqualTo(ErrorWriter.MAX_MESSAGE + 3);
  }

  @Test
  void aHandlersLeakyMessageAndAnEchoedHostileNameAreScrubbedOnStreamableHttp() {
    try (HttpFixture f = HttpFixture.start(server())) {
      Reply leaky = f.client.call(1, "leaky", J.obj()).send();
      assertThat(leaky.error().path("code").asInt()).isEqualTo(-32602);
      assertThat(leaky.error().path("message").asString()).isEqualTo("Bad input");
      Reply hostile = f.client.call(2, HOSTILE_HEADER_NAME, J.obj()).header("Mcp-Name", "=?base64?"
          + Base64.getEncoder().encodeToString(HOSTILE_HEADER_NAME.getBytes(StandardCharsets.UTF_8)) + "?=").send();
      String message = hostile.error().path("message").asString();
      assertThat(message).startsWith("Unknown tool: evil [2J Injected: xxx").endsWith("...");
      assertSafe(message);
    }
  }

  @Test
  void theSameOnStdio() throws InterruptedException {
    try (StdioHarness io = new StdioHarness(server())) {
      io.send(modern(1, J.obj("name", "leaky", "arguments", J.obj())));
      JsonNode leaky = io.responseTo(1).path("error");
      assertThat(leaky.path("message").asString()).isEqualTo("Bad input");
      io.send(modern(2, J.obj("name", HOSTILE_NAME, "arguments", J.obj())));
      String message = io.responseTo(2).path("error").path("message").asString();
      assertThat(message).startsWith("Unknown tool: evil [2J Injected: xxx");
      assertSafe(message);
    }
  }

  private static ObjectNode modern(int id, ObjectNode params) {
    params.set("_meta", HttpTestClient.meta(J.obj()));
    return Rpc.request(id, "tools/call", Json.object().setAll(params));
  }
}
