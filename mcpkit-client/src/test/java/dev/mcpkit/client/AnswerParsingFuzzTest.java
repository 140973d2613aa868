package dev.mcpkit.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mcpkit.core.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import tools.jackson.databind.JsonNode;

/**
 * Fuzzes the client's parsing of answers (FUZZING.md): a peer on loopback answers discovery
 * properly, then answers a {@code tools/call} with the fuzz input (first line: the Content-Type,
 * {@code application/json} or {@code text/event-stream}; then the body, where {@code "$ID"} stands
 * for the request's id). Oracle: the call returns a result or throws one of the client's documented
 * exceptions ({@link McpClientException} and its kinds), never anything else, within its timeout.
 * Seeds in {@code AnswerParsingFuzzTestInputs/answers}.
 */
class AnswerParsingFuzzTest {

  private static final String DISCOVER = "{\"jsonrpc\":\"2.0\",\"id\":$ID,\"result\":{\"resultType\":\"complete\","
      + "\"supportedVersions\":[\"2026-07-28\"],\"capabilities\":{\"tools\":{}},\"_meta\":{"
      + "\"io.modelcontextprotocol/serverInfo\":{\"name\":\"fuzz-peer\",\"version\":\"1\"}}}}";

  private static Server peer;
  private static volatile byte[] answer = new byte[0];

  private static synchronized int port() throws Exception {
    if (peer == null) {
      // Jazzer's SSRF detector reports connections a fuzzed input makes; loopback is the test's own peer
      BugDetectors.allowNetworkConnections();
      peer = new Server();
      ServerConnector c = new ServerConnector(peer);
      c.setHost("127.0.0.1");
      c.setPort(0);
      peer.addConnector(c);
      peer.setHandler(new Peer());
      peer.start();
    }
    return ((ServerConnector) peer.getConnectors()[0]).getLocalPort();
  }

  @FuzzTest
  void answers(byte[] input) throws Exception {
    answer = input;
    // The whole exchange is under the oracle, discovery included: on a loaded machine (CI, a
    // parallel build) the unfuzzed discovery can miss its timeout too, and a McpTimeoutException
    // is one of the client's documented outcomes, wherever it happens.
    try (McpClient client = McpClient.builder().url("http://127.0.0.1:" + port() + "/mcp")
        .requestTimeout(Duration.ofSeconds(2)).maxInputRounds(3).maxMessageBytes(1 << 20).connect()) {
      client.callTool("t", Map.of("a", 1));
    } catch (McpClientException expected) {
      assertThat(expected.getMessage()).as("a message").isNotBlank();
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (peer != null) {
      peer.stop();
      peer = null;
    }
  }

  /** Discovery is answered properly; every other request gets the current fuzz answer. */
  private static final class Peer extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      if (!request.getMethod().equals("POST")) {
        response.setStatus(405);
        callback.succeeded();
        return true;
      }
      JsonNode sent;
      try {
        sent = Json.parse(Content.Source.asString(request, StandardCharsets.UTF_8));
      } catch (RuntimeException e) {
        sent = null;
      }
      String id = sent == null || sent.get("id") == null ? "null" : sent.get("id").toString();
      String method = sent != null && sent.path("method").isString() ? sent.path("method").asString() : "";
      String type = "application/json";
      String body;
      if (method.equals("server/discover")) {
        body = DISCOVER.replace("$ID", id);
      } else if (sent == null || sent.get("id") == null) {
        response.setStatus(202); // a notification
        callback.succeeded();
        return true;
      } else {
        String text = new String(answer, StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        type = nl < 0 ? "application/json" : text.substring(0, nl).trim().replaceAll("[^\\x20-\\x7e]", "");
        body = (nl < 0 ? text : text.substring(nl + 1)).replace("\"$ID\"", id);
      }
      response.getHeaders().put("Content-Type", type.isEmpty() ? "application/json" : type);
      response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
      return true;
    }
  }
}
