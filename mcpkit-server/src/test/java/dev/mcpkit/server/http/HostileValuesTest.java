package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.schema.PromptArgument;
import dev.mcpkit.core.schema.Content;
import dev.mcpkit.core.schema.GetPromptResult;
import dev.mcpkit.core.schema.PromptMessage;
import dev.mcpkit.core.schema.Role;
import dev.mcpkit.server.ServerPrompt;
import dev.mcpkit.server.ServerResource;
import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.HttpTestClient.Reply;
import dev.mcpkit.server.testing.Session;
import dev.mcpkit.server.testing.TestTools;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request params whose fields have the wrong container type or numbers beyond 64 bits or a double ({@code 1e400},
 * {@code 2^64}), in every place a server reads: the method's params, {@code _meta} (version, capabilities, log
 * level, progress token, client info), the MRTR fields, cursors. Jackson 3 throws when such a value is read with
 * {@code asString()}/{@code asLong()}; each must instead be a JSON-RPC error with its documented code (never
 * -32603 or HTTP 500) and a message without Java or Jackson internals, with nothing logged at WARN, in both eras.
 */
class HostileValuesTest {

  private static final Set<Integer> DOCUMENTED = Set.of(-32700, -32600, -32601, -32602, -32020, -32021, -32022);
  private static final ListAppender<ILoggingEvent> LOG = new ListAppender<>();
  private static final Logger ROOT = (Logger) LoggerFactory.getLogger("dev.mcpkit");
  private static HttpFixture f;
  private static Session session;

  @BeforeAll
  static void start() {
    LOG.start();
    ROOT.addAppender(LOG);
    f = HttpFixture.start(TestTools.server().tool(TestTools.when()).tool(TestTools.headerTool())
        .tool(TestTools.survey())
        .prompt(ServerPrompt.builder("p").description("a prompt")
            .arguments(List.of(new PromptArgument("a", null, null, true)))
            .handler(req -> GetPromptResult.of(null, PromptMessage.user("x"))).build())
        .resource(ServerResource.builder("test://r", "r").mimeType("text/plain").text("v").build())
        .build());
    session = f.client.initialize("2025-11-25");
  }

  @AfterAll
  static void stop() {
    f.close();
    ROOT.detachAppender(LOG);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "tools/call             | {\"name\":{}}",
      "tools/call             | {\"name\":1e400}",
      "tools/call             | {\"name\":\"echo\",\"arguments\":[]}",
      "tools/call             | {\"name\":\"echo\",\"arguments\":{\"message\":{},\"times\":1e400}}",
      "tools/call             | {\"name\":\"echo\",\"arguments\":{\"message\":\"m\",\"times\":18446744073709551616}}",
      "tools/call             | {\"name\":\"when\",\"arguments\":{\"at\":1e400}}",
      "tools/call             | {\"name\":\"route\",\"arguments\":{\"count\":1e400,\"region\":{},\"opts\":{\"flag\":[]}}}",
      "tools/call             | {\"name\":\"survey\",\"requestState\":{},\"inputResponses\":[]}",
      "tools/call             | {\"name\":\"survey\",\"requestState\":1e400,\"inputResponses\":{\"a\":1e400}}",
      "tools/call             | {\"name\":\"echo\",\"arguments\":{\"message\":\"m\"},\"_meta\":{\"progressToken\":1e400}}",
      "tools/call             | {\"name\":\"echo\",\"arguments\":{\"message\":\"m\"},\"_meta\":{\"progressToken\":{}}}",
      "tools/list             | {\"cursor\":{}}",
      "tools/list             | {\"cursor\":18446744073709551616}",
      "prompts/get            | {\"name\":\"p\",\"arguments\":{\"a\":{}}}",
      "prompts/get            | {\"name\":[],\"arguments\":{\"a\":1e400}}",
      "resources/read         | {\"uri\":{}}",
      "resources/read         | {\"uri\":1e400}",
      "resources/list         | {\"cursor\":1e400}",
      "completion/complete    | {\"ref\":{\"type\":{},\"name\":1e400},\"argument\":{\"name\":[],\"value\":{}}}",
      "completion/complete    | {\"ref\":{\"type\":\"ref/prompt\",\"name\":\"p\"},\"argument\":{\"name\":\"a\",\"value\":\"v\"},\"context\":{\"arguments\":{\"a\":1e400}}}",
      "logging/setLevel       | {\"level\":{}}",
      "logging/setLevel       | {\"level\":1e400}",
      "ping                   | {\"_meta\":{\"progressToken\":[]}}"})
  void paramsOfTheWrongTypeOrRangeAreDocumentedErrorsInBothEras(String method, String params) {
    ObjectNode p = (ObjectNode) Json.parse(params);
    if (!method.equals("logging/setLevel")) {
      ObjectNode modern = p.deepCopy();
      if (modern.get("_meta") instanceof ObjectNode m) {
        m.setAll(HttpTestClient.meta(Json.object())); // a complete 2026 _meta, plus the hostile field
      }
      check(method + " (2026-07-28)", f.client.modern(1, method, modern).send());
    }
    check(method + " (2025-11-25)", session.post(2, method, p).send());
  }

  /** The 2026-07-28 per-request {@code _meta}, and a 2025 initialize, with values of the wrong type or range. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "{\"io.modelcontextprotocol/protocolVersion\":1e400,\"io.modelcontextprotocol/clientCapabilities\":{}}",
      "{\"io.modelcontextprotocol/protocolVersion\":{},\"io.modelcontextprotocol/clientCapabilities\":{}}",
      "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{\"roots\":1e400,\"sampling\":[]}}",
      "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{},\"io.modelcontextprotocol/logLevel\":{}}",
      "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{},\"io.modelcontextprotocol/logLevel\":1e400}",
      "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{},\"io.modelcontextprotocol/clientInfo\":{\"name\":{},\"version\":18446744073709551616}}"})
  void metaOfTheWrongTypeOrRangeIsADocumentedError(String meta) {
    ObjectNode p = Json.object();
    p.set("_meta", Json.parse(meta));
    Reply r = f.client.modern(1, "tools/list", p).send();
    check("tools/list", r);
    // The message names the field, in the request's terms (not "invalid value", not "1E+400").
    String field = meta.contains("logLevel") ? "logLevel" : meta.contains("clientInfo") ? "/name"
        : meta.contains("roots") ? "roots" : "protocolVersion";
    assertThat(r.error().path("message").asString()).as(r.body()).contains(field);
    ObjectNode init = (ObjectNode) Json.parse("{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
        + "\"clientInfo\":{\"name\":\"c\",\"version\":\"1\"}}");
    init.set("capabilities", Json.parse(meta).path("io.modelcontextprotocol/clientCapabilities"));
    init.set("clientInfo", Json.parse(meta).path("io.modelcontextprotocol/clientInfo").isMissingNode()
        ? init.get("clientInfo") : Json.parse(meta).get("io.modelcontextprotocol/clientInfo"));
    init.set("protocolVersion", Json.parse(meta).get("io.modelcontextprotocol/protocolVersion"));
    check("initialize", f.client.post().body(dev.mcpkit.server.testing.Rpc.request(0, "initialize", init)).send());
  }

  private static void check(String what, Reply r) {
    assertThat(r.status()).as(what + ": " + r.body()).isLessThan(500);
    assertThat(r.body()).as(what).doesNotContain("java.").doesNotContainIgnoringCase("exception")
        .doesNotContainIgnoringCase("jackson").doesNotContain("Node'").doesNotContain("`");
    if (r.json() != null && r.json().has("error")) {
      assertThat(r.error().path("code").asInt(0)).as(what + ": " + r.body()).isIn(DOCUMENTED);
    }
    assertThat(LOG.list).as(what).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).isEmpty();
  }
}
