package dev.mcpkit.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mcpkit.server.fuzz.FuzzOracle;
import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.Session;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fuzzes the dispatcher with the demo server's handlers (FUZZING.md), in both eras: mutated
 * JSON-RPC bodies go to a {@code DemoServer} served in this JVM on loopback, as stateless 2026-07-28
 * requests (the MCP headers follow the body's method and name) or inside one 2025-11-25 session.
 * Oracle: an answer below 500 without internals; no -32603 (a handler that threw); a request's id
 * echoed exactly; the server still serving afterwards. Seeds in {@code
 * DispatcherFuzzTestInputs/dispatch}: a first line {@code 2026} or {@code 2025}, then the body.
 */
class DispatcherFuzzTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static HttpFixture server;
  private static String sessionId;

  private static synchronized HttpFixture server() {
    if (server == null) {
      FuzzOracle.allowLoopback();
      server = HttpFixture.start(DemoServer.create());
      Session s = server.client.initialize("2025-11-25");
      sessionId = s.id();
    }
    return server;
  }

  @FuzzTest
  void dispatch(byte[] input) {
    HttpFixture f = server();
    String text = new String(input, StandardCharsets.ISO_8859_1);
    int nl = text.indexOf('\n');
    boolean legacy = nl >= 0 && text.substring(0, nl).trim().equals("2025");
    byte[] body = nl < 0 ? input : java.util.Arrays.copyOfRange(input, nl + 1, input.length);
    JsonNode sent = parse(body);
    StringBuilder head = new StringBuilder("POST /mcp\nAccept: application/json, text/event-stream\n"
        + "Content-Type: application/json\n");
    if (legacy) {
      head.append("Mcp-Session-Id: ").append(sessionId).append("\nMCP-Protocol-Version: 2025-11-25\n");
    } else {
      String method = sent != null && sent.path("method").isString() ? sent.path("method").asString() : "x";
      head.append("MCP-Protocol-Version: 2026-07-28\nMcp-Method: ").append(headerSafe(method)).append('\n');
      JsonNode params = sent == null ? null : sent.path("params");
      JsonNode name = params == null ? null : method.equals("resources/read") ? params.path("uri") : params.path("name");
      if (name != null && name.isString()) {
        head.append("Mcp-Name: ").append(headerSafe(name.asString())).append('\n');
      }
    }
    byte[] headBytes = (head + "\n").getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    System.arraycopy(body, 0, all, headBytes.length, body.length);
    FuzzOracle.Answer a = FuzzOracle.check(FuzzOracle.exchange(f.port(), FuzzOracle.request(all, f.port(), "/mcp")));
    JsonNode answer = lastMessage(a);
    if (answer != null) {
      assertThat(answer.path("error").path("code").asInt(0)).as("handler failure: %s", a.body()).isNotEqualTo(-32603);
      if (sent != null && sent.isObject() && sent.has("id") && sent.has("method") && answer.has("id")
          && !answer.get("id").isNull()) {
        assertThat(answer.get("id")).as("id echoed").isEqualTo(sent.get("id"));
      }
    }
  }

  private static JsonNode parse(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The JSON answer, or the last message of an SSE answer. */
  private static JsonNode lastMessage(FuzzOracle.Answer a) {
    if (a.head().toLowerCase(java.util.Locale.ROOT).contains("text/event-stream")) {
      String last = null;
      for (String line : a.body().split("\n")) {
        if (line.startsWith("data:")) {
          last = line.substring(5).trim();
        }
      }
      return last == null ? null : parse(last.getBytes(StandardCharsets.UTF_8));
    }
    return a.body().isBlank() ? null : parse(a.body().getBytes(StandardCharsets.UTF_8));
  }

  private static String headerSafe(String s) {
    return s.replaceAll("[^\\x20-\\x7e]", "?");
  }

  @AfterAll
  static void stillServing() {
    if (server != null) {
      assertThat(server.client.modern(1, "tools/list", null).send().status()).isEqualTo(200);
      server.close();
      server = null;
    }
  }
}
