package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.protocol.MetaKeys;
import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.HttpTestClient.Reply;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.Rpc;
import dev.mcpkit.server.testing.Session;
import dev.mcpkit.server.testing.TestTools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Bad JSON-RPC input on the Streamable HTTP endpoint, in both eras: each gets its exact HTTP
 * status, JSON-RPC code and a message that says what is wrong, and the server keeps working.
 */
class BadRequestsTest {

  private HttpFixture f;

  @BeforeEach
  void start() {
    f = HttpFixture.start(TestTools.server().build());
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private static void assertError(Reply r, int status, int code, String fragment) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.error().path("code").asInt()).as(r.body()).isEqualTo(code);
    assertThat(r.error().path("message").asString()).containsIgnoringCase(fragment);
  }

  @Test
  void malformedJsonIsAParseErrorWithNullIdInBothEras() {
    Reply modern = f.client.call(1, "echo", J.obj("message", "hi")).body("{\"jsonrpc\":\"2.0\",\"id\":1,").send();
    assertError(modern, 400, -32700, "Parse error");
    assertThat(modern.json().has("id")).isTrue();
    assertThat(modern.json().get("id").isNull()).isTrue();

    Session s = f.client.initialize("2025-11-25");
    Reply legacy = s.post(2, "tools/list", null).body("not json at all").send();
    assertError(legacy, 400, -32700, "Parse error");
    assertThat(legacy.json().get("id").isNull()).isTrue();

    // Nothing broke: the same session still answers.
    assertThat(s.post(3, "tools/list", null).send().result().path("tools")).isNotEmpty();
  }

  @Test
  void unknownMethodIs404InModernAndAnErrorResultInASession() {
    Reply modern = f.client.modern(1, "frobnicate/now", null).send();
    assertError(modern, 404, -32601, "frobnicate/now");
    assertThat(modern.json().path("id").asInt()).isEqualTo(1);

    Session s = f.client.initialize("2025-11-25");
    assertError(s.post(2, "frobnicate/now", null).send(), 200, -32601, "frobnicate/now");
  }

  @Test
  void methodsOfTheOtherEraDoNotExist() {
    assertError(f.client.modern(1, "ping", null).send(), 404, -32601, "ping");
    Session s = f.client.initialize("2025-11-25");
    assertError(s.post(2, "subscriptions/listen", J.obj("notifications", J.obj())).send(), 200, -32601,
        "subscriptions/listen");
  }

  @Test
  void invalidToolArgumentsNameTheFailingField() {
    Reply wrongType = f.client.call(1, "echo", J.obj("message", 42)).send();
    assertError(wrongType, 200, -32602, "Invalid arguments for tool echo");
    assertThat(wrongType.error().path("message").asString()).contains("message");

    Reply missing = f.client.call(2, "echo", J.obj("times", 2)).send();
    assertError(missing, 200, -32602, "message");

    Session s = f.client.initialize("2025-06-18");
    Reply legacy = s.call(3, "echo", J.obj("message", "x", "times", "two")).send();
    assertError(legacy, 200, -32602, "times");

    Reply notAnObject = f.client.modern(4, "tools/call", J.obj("name", "echo", "arguments", J.arr(1))).send();
    assertError(notAnObject, 200, -32602, "\"arguments\" must be an object");
  }

  @Test
  void unknownToolIsInvalidParamsInBothEras() {
    assertError(f.client.call(1, "nope", J.obj()).send(), 200, -32602, "Unknown tool: nope");
    Session s = f.client.initialize("2025-11-25");
    assertError(s.call(2, "nope", null).send(), 200, -32602, "Unknown tool: nope");
  }

  @Test
  void unsupportedModernVersionIs400WithTheSupportedList() {
    Reply r = f.client.modern(1, "tools/list", J.obj("_meta", J.obj(MetaKeys.PROTOCOL_VERSION, "2099-01-01",
        MetaKeys.CLIENT_CAPABILITIES, J.obj()))).header("MCP-Protocol-Version", "2099-01-01").send();
    assertError(r, 400, -32022, "2099-01-01");
    JsonNode data = r.error().path("data");
    assertThat(data.path("requested").asString()).isEqualTo("2099-01-01");
    assertThat(data.path("supported").valueStream().map(JsonNode::asString))
        .containsExactly("2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");
  }

  @Test
  void aLegacyVersionInModernMetaIsUnsupported() {
    Reply r = f.client.modern(1, "tools/list", J.obj("_meta", J.obj(MetaKeys.PROTOCOL_VERSION, "2025-11-25",
        MetaKeys.CLIENT_CAPABILITIES, J.obj()))).header("MCP-Protocol-Version", "2099-01-01").send();
    // the header names an unknown (future) revision, so the request is modern; the body disagrees
    assertError(r, 400, -32020, "does not match");
  }

  @Test
  @DisplayName("SEC-TR-16 an unsupported MCP-Protocol-Version header in a 2025 session is 400")
  void unsupportedVersionHeaderInASession() {
    Session s = f.client.initialize("2025-11-25");
    Reply r = s.post(1, "tools/list", null).header("MCP-Protocol-Version", "1999-01-01").send();
    assertError(r, 400, -32600, "unsupported MCP-Protocol-Version '1999-01-01'");
    assertThat(s.post(2, "tools/list", null).send().status()).isEqualTo(200);
  }

  @Test
  @DisplayName("SEC-CTX-04 an unknown session id is 404 on POST, GET and DELETE")
  void unknownSessionIs404() {
    String bogus = "not-a-session";
    Reply post = f.client.post().header("Mcp-Session-Id", bogus).body(Rpc.request(1, "tools/list", null)).send();
    assertError(post, 404, -32600, "Session not found");
    assertThat(f.client.get().header("Mcp-Session-Id", bogus).send().status()).isEqualTo(404);
    assertThat(f.client.delete().header("Mcp-Session-Id", bogus).send().status()).isEqualTo(404);
  }

  @Test
  void a2025RequestWithoutSessionIsTold() {
    Reply r = f.client.post().body(Rpc.request(1, "tools/list", null)).send();
    assertError(r, 400, -32600, "missing Mcp-Session-Id");
  }

  @Test
  void missingMetaFieldsAre400InvalidParams() {
    Reply noMeta = f.client.modern(1, "tools/list", null).edit(b -> b.remove("params")).send();
    assertError(noMeta, 400, -32602, "missing _meta");

    Reply noVersion = f.client.modern(2, "tools/list", J.obj("_meta",
        J.obj(MetaKeys.CLIENT_CAPABILITIES, J.obj()))).send();
    assertError(noVersion, 400, -32602, MetaKeys.PROTOCOL_VERSION);

    Reply noCaps = f.client.modern(3, "tools/list", J.obj("_meta",
        J.obj(MetaKeys.PROTOCOL_VERSION, "2026-07-28"))).send();
    assertError(noCaps, 400, -32602, MetaKeys.CLIENT_CAPABILITIES);

    Reply badCaps = f.client.modern(4, "tools/list", J.obj("_meta", J.obj(MetaKeys.PROTOCOL_VERSION, "2026-07-28",
        MetaKeys.CLIENT_CAPABILITIES, J.obj("roots", 5)))).send();
    assertError(badCaps, 400, -32602, "malformed _meta");

    Reply badLevel = f.client.modern(5, "tools/list", J.obj("_meta", J.obj(MetaKeys.PROTOCOL_VERSION, "2026-07-28",
        MetaKeys.CLIENT_CAPABILITIES, J.obj(), MetaKeys.LOG_LEVEL, "loud"))).send();
    assertError(badLevel, 400, -32602, "loud");
  }

  @Test
  void batchesOutsideA20250326SessionAre400() {
    String batch = "[" + Rpc.request(1, "tools/list", null) + "," + Rpc.request(2, "tools/list", null) + "]";
    Reply noSession = f.client.post().body(batch).send();
    assertError(noSession, 400, -32600, "batches are only allowed");

    Session modern2025 = f.client.initialize("2025-11-25");
    assertError(modern2025.post(0, "x", null).body(batch).send(), 400, -32600, "batches are only allowed");

    Session old = f.client.initialize("2025-03-26");
    Reply ok = old.post(0, "x", null).body(batch).send();
    assertThat(ok.status()).isEqualTo(200);
    JsonNode array = ok.json();
    assertThat(array.isArray()).isTrue();
    assertThat(array.valueStream().map(n -> n.path("id").asInt())).containsExactlyInAnyOrder(1, 2);
    assertThat(array.get(0).path("result").path("tools")).isNotEmpty();
  }

  @Test
  void aResponseThatAnswersNothingIs400() {
    Session s = f.client.initialize("2025-11-25");
    Reply r = s.answer(J.node(99), J.obj("action", "accept")).send();
    assertError(r, 400, -32600, "answers no pending server request");
  }

  @Test
  void invalidJsonRpcEnvelopesAre400InvalidRequest() {
    assertError(f.client.post().body("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"x\"}").send(), 400, -32600, "\"jsonrpc\"");
    assertError(f.client.post().body("[]").send(), 400, -32600, "empty batch");
    assertError(f.client.post().body("42").send(), 400, -32600, "expected a JSON object");
    assertError(f.client.post().body("").send(), 400, -32700, "Parse error");
  }
}
