package dev.mcpkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.McpRpcException;
import dev.mcpkit.client.RequestOptions;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.MetaKeys;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.http.McpHttpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A tool result goes through the gateway as the upstream sent it (mcpkit-client's {@code callToolRaw}, mcpkit-server's
 * {@code RawToolHandler}): members and content-block fields the typed {@code CallToolResult} does not know, and the
 * upstream's {@code _meta}, reach the downstream client in either era; an upstream result without a result's shape
 * is still a clear error naming the upstream, and structured content is still checked against the tool's output
 * schema.
 */
class GatewayRawResultTest {

  static McpHttpServer rich;
  static Gateway gateway;
  static McpHttpServer front;

  /** What the {@code rich} upstream answers: members no revision of the schema has, in the result and in a block. */
  static ObjectNode richResult() {
    ObjectNode r = Json.object();
    r.putArray("content").addObject().put("type", "text").put("text", "hi").put("x-block", "kept");
    r.putObject("x-extra").put("n", 1).putArray("list").add(true);
    r.putObject("_meta").put("vendor.example/trace", "t-1");
    return r;
  }

  @BeforeAll
  static void start() throws Exception {
    rich = McpHttpServer.builder(McpServer.builder().name("rich").version("1")
        .tool(ServerTool.builder("rich").rawHandler(call -> richResult()).build()).build()).port(0).build().start();
    gateway = Gateway.builder()
        .upstream(Upstream.builder("rich", Upstreams.http("rich", rich.endpoint().toString())).prefix("").build())
        .upstream(Upstream.stdio("junk", junkArgv()))
        .build();
    front = McpHttpServer.builder(gateway.server()).port(0).build().start();
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {front, gateway, rich}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // closing the rest
      }
    }
  }

  static McpClient client(String era) {
    return GatewayTest.client(front, era);
  }

  @ParameterizedTest(name = "downstream {0}")
  @ValueSource(strings = {"2026", "2025"})
  void anUpstreamResultReachesTheCallerWithEveryMemberItSent(String era) {
    try (McpClient c = client(era)) {
      ObjectNode r = c.callToolRaw("rich", Json.object(), RequestOptions.defaults());
      ObjectNode sent = richResult();
      assertThat(r.get("content")).isEqualTo(sent.get("content")); // the block's unknown field included
      assertThat(r.get("x-extra")).isEqualTo(sent.get("x-extra"));
      assertThat(r.at("/_meta/vendor.example~1trace").asString()).isEqualTo("t-1");
      if (era.equals("2026")) {
        // the era's members are the gateway's: resultType, and its own identity in _meta (not the upstream's)
        assertThat(r.path("resultType").asString()).isEqualTo("complete");
        assertThat(r.at("/_meta").get(MetaKeys.SERVER_INFO).path("name").asString())
            .isEqualTo(gateway.server().info().name());
      } else {
        assertThat(r.has("resultType")).isFalse();
        assertThat(r.get("_meta").has(MetaKeys.SERVER_INFO)).isFalse();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"scalar", "nocontent", "stringcontent"})
  void anUpstreamResultWithoutAResultsShapeIsAnErrorNamingTheUpstream(String tool) {
    try (McpClient c = client("2026")) {
      assertThatThrownBy(() -> c.callTool("junk__" + tool, java.util.Map.of()))
          .isInstanceOfSatisfying(McpRpcException.class, e -> {
            assertThat(e.code()).isEqualTo(-32603);
            // a result that is not an object is refused by the client's session already, for every method
            assertThat(e.serverMessage()).isEqualTo("upstream 'junk' failed on tools/call: " + switch (tool) {
              case "scalar" -> "tools/call: the result is not a JSON object: 42";
              case "nocontent" -> "the server's answer does not fit CallToolResult: it has no content array";
              default -> "the server's answer does not fit CallToolResult: content is not an array";
            });
          });
      // the connection is not lost for it: the next call is answered
      assertThat(c.callToolRaw("junk__fine", Json.object(), RequestOptions.defaults()).at("/content/0/text")
          .asString()).isEqualTo("fine");
    }
  }

  @ParameterizedTest(name = "downstream {0}")
  @ValueSource(strings = {"2026", "2025"})
  void structuredContentIsStillCheckedAgainstTheToolsOutputSchema(String era) {
    try (McpClient c = client(era)) {
      assertThatThrownBy(() -> c.callTool("junk__counted", java.util.Map.of()))
          .isInstanceOfSatisfying(McpRpcException.class, e -> {
            assertThat(e.code()).isEqualTo(-32603);
            assertThat(e.serverMessage()).startsWith("Tool junk__counted returned structuredContent that does not match"
                + " its outputSchema");
          });
    }
  }

  /** The argv that starts {@link #main} (the {@code junk} upstream) in a child JVM of this test class path. */
  static List<String> junkArgv() {
    List<String> argv = new ArrayList<>(Upstreams.stdioArgv());
    argv.set(argv.size() - 1, GatewayRawResultTest.class.getName());
    return argv;
  }

  /**
   * The {@code junk} upstream: a 2025-11-25 stdio server that answers tool calls with what no mcpkit server sends
   * (mcpkit-server checks its results): a number, a result without {@code content}, one whose {@code content} is a
   * string, and {@code structuredContent} that does not match the tool's output schema. Made of JSON trees, not text.
   */
  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      JsonNode m = Json.parse(line);
      if (!m.has("id")) {
        continue; // a notification
      }
      ObjectNode answer = Json.object().put("jsonrpc", "2.0").set("id", m.get("id"));
      JsonNode result = switch (m.path("method").asString("")) {
        case "initialize" -> {
          ObjectNode r = Json.object().put("protocolVersion", ProtocolVersion.V2025_11_25.id());
          r.putObject("capabilities").putObject("tools");
          r.putObject("serverInfo").put("name", "junk").put("version", "1");
          yield r;
        }
        case "ping" -> Json.object();
        case "tools/list" -> {
          ObjectNode r = Json.object();
          var tools = r.putArray("tools");
          for (String t : List.of("scalar", "nocontent", "stringcontent", "fine", "counted")) {
            ObjectNode tool = tools.addObject().put("name", t);
            tool.putObject("inputSchema").put("type", "object");
            if (t.equals("counted")) {
              ObjectNode out2 = tool.putObject("outputSchema").put("type", "object");
              out2.putObject("properties").putObject("n").put("type", "integer");
              out2.putArray("required").add("n");
            }
          }
          yield r;
        }
        case "tools/call" -> switch (m.at("/params/name").asString("")) {
          case "scalar" -> Json.tree(42);
          case "nocontent" -> Json.object().put("text", "hi");
          case "stringcontent" -> Json.object().put("content", "hi");
          case "counted" -> {
            ObjectNode r = Json.object();
            r.putArray("content").addObject().put("type", "text").put("text", "{\"n\":\"many\"}");
            r.putObject("structuredContent").put("n", "many");
            yield r;
          }
          default -> {
            ObjectNode r = Json.object();
            r.putArray("content").addObject().put("type", "text").put("text", "fine");
            yield r;
          }
        };
        default -> null;
      };
      if (result == null) {
        answer.putObject("error").put("code", -32601).put("message", "Method not found");
      } else {
        answer.set("result", result);
      }
      out.println(Json.write(answer));
    }
  }
}
