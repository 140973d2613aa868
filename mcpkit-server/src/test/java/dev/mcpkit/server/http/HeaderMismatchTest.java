package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.protocol.MetaKeys;
import dev.mcpkit.server.ServerResource;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.HttpTestClient.Reply;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.RawHttp;
import dev.mcpkit.server.testing.TestTools;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * 2026-07-28 request metadata headers over HTTP: {@code MCP-Protocol-Version}, {@code Mcp-Method},
 * {@code Mcp-Name} and the {@code Mcp-Param-*} headers of {@code x-mcp-header} arguments must be
 * present and agree with the body (after base64 sentinel decoding, integers compared
 * numerically); otherwise 400 with {@code -32020} and the tool never runs.
 */
class HeaderMismatchTest {

  private final AtomicInteger routed = new AtomicInteger();
  private HttpFixture f;

  @BeforeEach
  void start() {
    ServerTool counted = ServerTool.builder("route").inputSchema(TestTools.headerTool().definition().inputSchema())
        .handler(c -> {
          routed.incrementAndGet();
          return ToolResults.text("ok");
        }).build();
    f = HttpFixture.start(TestTools.server().tool(counted)
        .tool(ServerTool.builder("grüße").handler(c -> ToolResults.text("hallo")).build())
        .resource(ServerResource.builder("test://ä", "umlaut").mimeType("text/plain").text("ä").build()).build());
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private static void assertMismatch(Reply r, String fragment) {
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.error().path("code").asInt()).as(r.body()).isEqualTo(-32020);
    assertThat(r.error().path("message").asString()).startsWith("Header mismatch").contains(fragment);
  }

  private HttpTestClient.Req route(ObjectNode args) {
    return f.client.call(7, "route", args);
  }

  @Test
  void aMatchingRequestIsServed() {
    Reply r = route(J.obj("region", "us-west1", "count", 42, "opts", J.obj("flag", true), "query", "q"))
        .header("Mcp-Param-Region", "us-west1").header("Mcp-Param-Count", "42").header("Mcp-Param-Flag", "true").send();
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.result().path("isError").asBoolean(false)).isFalse();
    assertThat(routed).hasValue(1);
  }

  @Test
  void protocolVersionHeaderMustBePresentAndMatchMeta() {
    assertMismatch(f.client.modern(1, "tools/list", null).without("MCP-Protocol-Version").send(),
        "missing MCP-Protocol-Version header");
    Reply differs = f.client.modern(2, "tools/list", J.obj("_meta", J.obj(MetaKeys.PROTOCOL_VERSION, "2026-07-28",
        MetaKeys.CLIENT_CAPABILITIES, J.obj()))).header("MCP-Protocol-Version", "2099-12-31").send();
    assertMismatch(differs, "MCP-Protocol-Version header value '2099-12-31' does not match body value '2026-07-28'");
  }

  @Test
  @DisplayName("SEC-TR-11 SEC-TR-13 Mcp-Method must be present and match the body method")
  void methodHeader() {
    assertMismatch(f.client.modern(1, "tools/list", null).without("Mcp-Method").send(), "missing Mcp-Method header");
    Reply lying = route(J.obj()).header("Mcp-Method", "tools/list").send();
    assertMismatch(lying, "Mcp-Method header value 'tools/list' does not match body value 'tools/call'");
    assertThat(routed).hasValue(0);
  }

  @Test
  @DisplayName("SEC-TR-12 SEC-TR-13 Mcp-Name must be present and match name or uri")
  void nameHeader() {
    assertMismatch(route(J.obj()).without("Mcp-Name").send(), "missing Mcp-Name header");
    assertMismatch(route(J.obj()).header("Mcp-Name", "echo").send(),
        "Mcp-Name header value 'echo' does not match body value 'route'");
    assertMismatch(f.client.modern(2, "resources/read", J.obj("uri", "test://ä")).without("Mcp-Name").send(),
        "missing Mcp-Name header");
    assertMismatch(f.client.modern(3, "prompts/get", J.obj("name", "p")).header("Mcp-Name", "q").send(),
        "does not match body value 'p'");
    assertThat(routed).hasValue(0);
  }

  @Test
  void base64SentinelNamesAreDecodedStrictly() {
    Reply tool = f.client.call(1, "grüße", J.obj()).header("Mcp-Name", b64("grüße")).send();
    assertThat(tool.status()).as(tool.body()).isEqualTo(200);
    assertThat(tool.result().path("content").get(0).path("text").asString()).isEqualTo("hallo");

    Reply resource = f.client.modern(2, "resources/read", J.obj("uri", "test://ä")).header("Mcp-Name", b64("test://ä"))
        .send();
    assertThat(resource.status()).as(resource.body()).isEqualTo(200);

    String unpadded = "=?base64?" + Base64.getEncoder().withoutPadding().encodeToString("route".getBytes()) + "?=";
    assertMismatch(route(J.obj()).header("Mcp-Name", unpadded).send(), "Mcp-Name header is invalid: header value is not valid base64");
    String urlAlphabet = "=?base64?" + Base64.getUrlEncoder().encodeToString(new byte[] {(byte) 0xfb, (byte) 0xff}) + "?=";
    assertMismatch(route(J.obj()).header("Mcp-Name", urlAlphabet).send(), "not valid base64");
    assertMismatch(route(J.obj()).header("Mcp-Name", b64("echo")).send(), "Mcp-Name header value 'echo' does not match");
  }

  @Test
  void paramHeadersMustMirrorTheArguments() {
    assertMismatch(route(J.obj("region", "eu")).send(), "missing Mcp-Param-Region header for argument 'region'");
    assertMismatch(route(J.obj("region", "eu")).header("Mcp-Param-Region", "us").send(),
        "Mcp-Param-Region header value 'us' does not match body value 'eu'"); // both quoted alike
    assertMismatch(route(J.obj()).header("Mcp-Param-Region", "eu").send(),
        "Mcp-Param-Region header is present but the argument 'region' is not in the body");
    assertMismatch(route(J.obj("opts", J.obj("flag", false))).header("Mcp-Param-Flag", "true").send(),
        "Mcp-Param-Flag header value 'true' does not match body value 'false'");
    assertMismatch(route(J.obj("opts", J.obj("flag", true))).send(), "missing Mcp-Param-Flag header for argument 'opts.flag'");
    assertMismatch(route(J.obj("count", 42)).header("Mcp-Param-Count", "43").send(), "Mcp-Param-Count header value '43'");
    assertMismatch(route(J.obj("region", "Zürich")).header("Mcp-Param-Region", "=?base64?WnVyaWNo?=").send(),
        "does not match");
    assertThat(routed).hasValue(0);
  }

  @Test
  @DisplayName("SEC-TR-14 integers compare numerically; sentinel values are decoded; null arguments need no header")
  void paramHeadersThatAgreeAreAccepted() {
    assertThat(route(J.obj("count", 42)).header("Mcp-Param-Count", "42.0").send().status()).isEqualTo(200);
    assertThat(route(J.obj("count", -7)).header("mcp-param-count", "-7").send().status()).isEqualTo(200);
    assertThat(route(J.obj("region", "Zürich")).header("Mcp-Param-Region", b64("Zürich")).send().status()).isEqualTo(200);
    assertThat(route(J.obj("region", " padded ")).header("Mcp-Param-Region", b64(" padded ")).send().status())
        .isEqualTo(200);
    assertThat(route(J.obj("query", "no headers needed")).send().status()).isEqualTo(200);
    assertThat(routed).hasValue(5);
    // a null value needs no header: the request passes header validation and meets the schema instead
    Reply nullRegion = route(J.obj("region", null)).send();
    assertThat(nullRegion.status()).isEqualTo(200);
    assertThat(nullRegion.error().path("code").asInt()).isEqualTo(-32602);
  }

  @Test
  @DisplayName("SEC-TR-14 raw non-ASCII or control characters in Mcp-Param-* are rejected")
  void invalidCharactersAreRejected() throws Exception {
    for (byte[] value : new byte[][] {"Zürich".getBytes(StandardCharsets.UTF_8), {'a', 0x01, 'b'}}) {
      try (RawHttp raw = RawHttp.connect(f.port())) {
        byte[] body = dev.mcpkit.core.json.Json.writeBytes(dev.mcpkit.server.testing.Rpc.request(1, "tools/call",
            J.obj("name", "route", "arguments", J.obj("region", new String(value, StandardCharsets.ISO_8859_1)),
                "_meta", HttpTestClient.meta(J.obj()))));
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("Accept", HttpTestClient.ACCEPT_BOTH);
        h.put("MCP-Protocol-Version", HttpTestClient.MODERN);
        h.put("Mcp-Method", "tools/call");
        h.put("Mcp-Name", "route");
        h.put("Mcp-Param-Region", new String(value, StandardCharsets.ISO_8859_1));
        raw.send("POST", "/mcp", h, body);
        RawHttp.Response r = raw.read();
        assertThat(r.status()).as(r.body()).isEqualTo(400);
      }
    }
    assertThat(routed).hasValue(0);
  }

  private static String b64(String s) {
    return "=?base64?" + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)) + "?=";
  }
}
