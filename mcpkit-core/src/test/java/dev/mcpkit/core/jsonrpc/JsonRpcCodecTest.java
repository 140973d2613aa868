package dev.mcpkit.core.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.core.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonRpcCodecTest {

  static JsonRpcMessage read(String json) {
    return JsonRpcCodec.readOne(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void keepsTheIdTypeOfRequests() {
    var numeric = (JsonRpcRequest) read("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}");
    var text = (JsonRpcRequest) read("{\"jsonrpc\":\"2.0\",\"id\":\"7\",\"method\":\"ping\"}");
    assertThat(numeric.id()).isNotEqualTo(text.id());
    assertThat(JsonRpcCodec.writeString(new JsonRpcResult(numeric.id(), Json.object())))
        .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}");
    assertThat(JsonRpcCodec.writeString(new JsonRpcResult(text.id(), Json.object())))
        .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":\"7\",\"result\":{}}");
  }

  @Test
  void tellsRequestsNotificationsAndResponsesApart() {
    assertThat(read("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")).isInstanceOf(JsonRpcNotification.class);
    assertThat(read("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}")).isInstanceOf(JsonRpcResult.class);
    var err = (JsonRpcErrorResponse) read("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32601,\"message\":\"nope\",\"data\":[1]}}");
    assertThat(err.error().code()).isEqualTo(-32601);
    assertThat(err.error().data()).isEqualTo(Json.parse("[1]"));
  }

  @Test
  void errorsWithoutIdWriteNullId() {
    assertThat(JsonRpcCodec.writeString(JsonRpcErrorResponse.of(null, ErrorCodes.PARSE_ERROR, "Parse error")))
        .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"}}");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{|-32700|Parse error",
      "''|-32700|empty body",
      "[]|-32600|empty batch",
      "42|-32600|expected a JSON object",
      "{\"id\":1,\"method\":\"ping\"}|-32600|\"jsonrpc\" must be \"2.0\"",
      "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}|-32600|\"jsonrpc\" must be \"2.0\"",
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}|-32600|\"method\" must be a non-empty string",
      "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}|-32600|\"id\" must be a string or an integer",
      "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}|-32600|\"id\" must be a string or an integer",
      "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}|-32600|\"id\" must be a string or an integer",
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"params\":[1]}|-32600|\"params\" must be an object",
      "{\"jsonrpc\":\"2.0\",\"id\":1}|-32600|expected \"method\", \"result\" or \"error\"",
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{},\"error\":{}}|-32600|expected \"method\", \"result\" or \"error\"",
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":\"x\"}}|-32600|integer \"code\"",
      // found by the codec fuzz target in CI: a code beyond 32 bits made Jackson throw past the codec
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-3205555555555555555555555555555555555555522,\"message\":\"x\"}}|-32600|integer \"code\"",
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":2147483648,\"message\":\"x\"}}|-32600|integer \"code\"",
  })
  void badInputGetsACodeAndAMessageThatNamesTheProblem(String json, int code, String messagePart) {
    assertThatThrownBy(() -> read(json))
        .isInstanceOfSatisfying(McpException.class, e -> {
          assertThat(e.code()).isEqualTo(code);
          assertThat(e.getMessage()).contains(messagePart).doesNotContain("tools.jackson").doesNotContain("Exception");
        });
  }

  @Test
  @DisplayName("SEC-JSON-DUP a duplicate member is -32700 naming the key, never last-wins")
  void duplicateKeysAreAParseError() {
    assertThatThrownBy(() -> read("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"method\":\"tools/list\"}"))
        .isInstanceOfSatisfying(McpException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCodes.PARSE_ERROR);
          assertThat(e.getMessage()).contains("duplicate key \"method\"").doesNotContain("Exception")
              .doesNotContain("jackson").doesNotContain("JsonToken");
        });
  }

  @Test
  @DisplayName("SEC-JSON-NUM a huge exponent in params is -32602 naming the field; elsewhere -32600")
  void numbersOutOfRangeAreRefusedNamingTheField() {
    assertThatThrownBy(() -> read("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
        + "\"params\":{\"name\":\"add\",\"arguments\":{\"a\":1e1000000,\"b\":1}}}"))
        .isInstanceOfSatisfying(McpException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_PARAMS);
          assertThat(e.getMessage()).contains("/params/arguments/a").contains("1000").doesNotContain("Exception");
        });
    assertThatThrownBy(() -> JsonRpcCodec.parse("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"params\":{\"a\":1e-9999}}]"
        .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(McpException.class, e -> assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_PARAMS));
    assertThatThrownBy(() -> read("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"n\":1e9999}}"))
        .isInstanceOfSatisfying(McpException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_REQUEST);
          assertThat(e.getMessage()).contains("/result/n");
        });
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{|unexpected end of input",
      "{\"a\":}|unexpected character '}': expected a value",
      "{\"a\":1 \"b\":2}|expected ',' or '}'",
      "{a:1}|expected a quoted key",
      "{\"a\":tru}|not a JSON value: 'tru'",
      "{\"a\":NaN}|not a JSON value: 'NaN'",
      "{\"a\":01}|leading zeroes",
      "{\"a\":\"\\q\"}|invalid escape",
      "{\"params\":{\"x\":[1,]}}|at /params/x",
  })
  @DisplayName("parse errors speak of the document (what, where), never of the parser")
  void parseErrorsSpeakProtocolTerms(String json, String messagePart) {
    assertThatThrownBy(() -> read(json)).isInstanceOfSatisfying(McpException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCodes.PARSE_ERROR);
      assertThat(e.getMessage()).contains(messagePart).containsPattern("\\(line \\d+, column \\d+\\)")
          .doesNotContainIgnoringCase("jackson").doesNotContain("Feature").doesNotContain("`")
          .doesNotContain("(code ").doesNotContain("JsonToken").doesNotContain("REDACTED");
    });
  }

  @Test
  void batchesAreParsedButNotReadAsOneMessage() {
    byte[] body = "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]".getBytes(StandardCharsets.UTF_8);
    assertThat(JsonRpcCodec.parse(body)).isInstanceOfSatisfying(JsonRpcCodec.Batch.class,
        b -> assertThat(b.entries()).hasSize(1));
    assertThatThrownBy(() -> JsonRpcCodec.readOne(body)).hasMessageContaining("batches are not supported");
  }

  @Test
  void deepNestingIsRefusedAsAParseError() {
    String deep = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"params\":{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}}";
    assertThatThrownBy(() -> read(deep))
        .isInstanceOfSatisfying(McpException.class, e -> assertThat(e.code()).isEqualTo(ErrorCodes.PARSE_ERROR));
  }

  @Test
  void idsCreatedAndParsedCompareEqual() {
    var parsed = (JsonRpcResult) read("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}");
    assertThat(parsed.id()).isEqualTo(RequestId.of(1)).hasSameHashCodeAs(RequestId.of(1));
    assertThat(RequestId.of("1")).isNotEqualTo(RequestId.of(1));
  }
  @Test
  void writingAMessageGivesTheBytesOfItsTree() {
    // write and writeString go member by member, without the tree toJson builds: the same bytes, every kind.
    var params = (tools.jackson.databind.node.ObjectNode) Json.parse("{\"name\":\"t\",\"arguments\":{\"x\":[1,2.50,"
        + "1e3,null,true,\"\\u00e9\\ud83d\\ude00\\n\"]},\"_meta\":{\"progressToken\":\"p\"}}");
    java.util.List<JsonRpcMessage> messages = java.util.List.of(
        new JsonRpcRequest(RequestId.of(7), "tools/call", params),
        new JsonRpcRequest(RequestId.of("a\"b"), "ping", null),
        new JsonRpcNotification("notifications/progress", params),
        new JsonRpcNotification("notifications/initialized", null),
        new JsonRpcResult(RequestId.of(Long.MAX_VALUE), params),
        new JsonRpcResult(RequestId.of("r"), Json.object()),
        new JsonRpcResult(RequestId.of(1), Json.parse("[1,\"x\"]")),
        new JsonRpcErrorResponse(null, new JsonRpcError(-32700, "Parse error: \"bad\"", null)),
        new JsonRpcErrorResponse(RequestId.of(3), new JsonRpcError(-32602, "Invalid params", params)),
        new JsonRpcErrorResponse(RequestId.of("e"), new JsonRpcError(Integer.MIN_VALUE, "", Json.parse("\"d\""))));
    for (JsonRpcMessage m : messages) {
      assertThat(JsonRpcCodec.write(m)).as("%s", m).isEqualTo(Json.writeBytes(JsonRpcCodec.toJson(m)));
      assertThat(JsonRpcCodec.writeString(m)).as("%s", m).isEqualTo(Json.write(JsonRpcCodec.toJson(m)));
    }
  }
}
