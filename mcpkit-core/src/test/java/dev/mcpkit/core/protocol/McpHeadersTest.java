package dev.mcpkit.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.core.json.Json;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The 2026-07-28 header mirroring rules: which {@code x-mcp-header} annotations are valid and
 * where their values are read, how values are encoded (plain or the strict base64 sentinel) and
 * decoded, and how header values are compared with body values.
 */
class McpHeadersTest {

  private static JsonNode schema(String json) {
    return Json.parse(json);
  }

  private static String prop(String type, String header) {
    return "{\"type\":\"" + type + "\",\"x-mcp-header\":" + header + "}";
  }

  @Test
  void readsAnnotationsAlongPropertiesChains() {
    List<McpHeaders.HeaderParam> params = McpHeaders.headerParams(schema("""
        {"type":"object","properties":{
          "region":{"type":"string","description":"where","x-mcp-header":"Region"},
          "query":{"type":"string"},
          "limits":{"type":"object","properties":{
            "max":{"type":"integer","x-mcp-header":"Max-Rows"},
            "dry":{"type":"boolean","x-mcp-header":"Dry_Run"}}}}}"""));
    assertThat(params).containsExactly(new McpHeaders.HeaderParam("Region", List.of("region")),
        new McpHeaders.HeaderParam("Max-Rows", List.of("limits", "max")),
        new McpHeaders.HeaderParam("Dry_Run", List.of("limits", "dry")));
    assertThat(params.getFirst().headerName()).isEqualTo("Mcp-Param-Region");
    assertThat(McpHeaders.headerParams(schema("{\"type\":\"object\"}"))).isEmpty();
  }

  @Test
  void extractsValuesAtTheExactPath() {
    var p = new McpHeaders.HeaderParam("Max", List.of("limits", "max"));
    assertThat(p.valueIn(Json.parse("{\"limits\":{\"max\":5}}"))).contains(Json.parse("5"));
    assertThat(p.valueIn(Json.parse("{\"limits\":{\"max\":null}}"))).isEmpty();
    assertThat(p.valueIn(Json.parse("{\"limits\":{}}"))).isEmpty();
    assertThat(p.valueIn(Json.parse("{\"limits\":[{\"max\":5}]}"))).isEmpty();
    assertThat(p.valueIn(Json.parse("{\"max\":5}"))).isEmpty();
    assertThat(p.valueIn(null)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"\"", "\"Re gion\"", "\"a:b\"", "\"Grüße\"", "\"a\\r\\nb\"", "\"tab\\t\"", "42", "true",
      "null", "{}"})
  void rejectsNamesThatAreNotHttpTokens(String header) {
    assertThatThrownBy(() -> McpHeaders.headerParams(schema(
        "{\"type\":\"object\",\"properties\":{\"a\":" + prop("string", header) + "}}")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HTTP token");
  }

  @Test
  void rejectsCaseInsensitiveDuplicates() {
    assertThatThrownBy(() -> McpHeaders.headerParams(schema("{\"type\":\"object\",\"properties\":{\"a\":"
        + prop("string", "\"Region\"") + ",\"b\":{\"type\":\"object\",\"properties\":{\"c\":"
        + prop("integer", "\"REGION\"") + "}}}}")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("used twice");
  }

  @ParameterizedTest
  @ValueSource(strings = {"number", "object", "array", "null"})
  void rejectsNonPrimitiveAndNumberTypes(String type) {
    assertThatThrownBy(() -> McpHeaders.headerParams(schema(
        "{\"type\":\"object\",\"properties\":{\"a\":" + prop(type, "\"A\"") + "}}")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("string, integer or boolean");
    assertThatThrownBy(() -> McpHeaders.headerParams(schema(
        "{\"type\":\"object\",\"properties\":{\"a\":{\"x-mcp-header\":\"A\"}}}")))
        .hasMessageContaining("found none");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"type\":\"object\",\"x-mcp-header\":\"Root\"}",
      "{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"x-mcp-header\":\"A\"}}}}",
      "{\"anyOf\":[{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"x-mcp-header\":\"A\"}}}]}",
      "{\"type\":\"object\",\"oneOf\":[{\"properties\":{\"a\":{\"type\":\"string\",\"x-mcp-header\":\"A\"}}}]}",
      "{\"type\":\"object\",\"allOf\":[{\"properties\":{\"a\":{\"type\":\"string\",\"x-mcp-header\":\"A\"}}}]}",
      "{\"type\":\"object\",\"not\":{\"properties\":{\"a\":{\"type\":\"string\",\"x-mcp-header\":\"A\"}}}}",
      "{\"type\":\"object\",\"if\":{\"properties\":{\"a\":{\"type\":\"string\",\"x-mcp-header\":\"A\"}}}}",
      "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/A\"}},\"$defs\":{\"A\":{\"type\":\"string\",\"x-mcp-header\":\"A\"}}}",
      "{\"type\":\"object\",\"properties\":{\"list\":{\"type\":\"array\",\"items\":{\"type\":\"string\",\"x-mcp-header\":\"A\"}}}}",
      "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\",\"x-mcp-header\":\"A\"}}"})
  void rejectsAnnotationsNotReachableThroughPropertiesOnly(String json) {
    assertThatThrownBy(() -> McpHeaders.headerParams(schema(json)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not reachable");
  }

  @Test
  void namesTheFieldsThatMirrorNames() {
    JsonNode p = Json.parse("{\"name\":\"weather\",\"uri\":\"file:///a\"}");
    assertThat(McpHeaders.nameOf(Methods.TOOLS_CALL, p)).contains("weather");
    assertThat(McpHeaders.nameOf(Methods.PROMPTS_GET, p)).contains("weather");
    assertThat(McpHeaders.nameOf(Methods.RESOURCES_READ, p)).contains("file:///a");
    assertThat(McpHeaders.nameOf(Methods.TOOLS_LIST, p)).isEmpty();
    assertThat(McpHeaders.nameOf(Methods.TOOLS_CALL, Json.parse("{\"name\":5}"))).isEmpty();
    assertThat(McpHeaders.nameOf(Methods.TOOLS_CALL, null)).isEmpty();
  }

  @Test
  void convertsValuesToTheirHeaderForm() {
    assertThat(McpHeaders.valueOf(Json.parse("\"us-west1\""))).contains("us-west1");
    assertThat(McpHeaders.valueOf(Json.parse("-7"))).contains("-7");
    assertThat(McpHeaders.valueOf(Json.parse("42.0"))).contains("42");
    assertThat(McpHeaders.valueOf(Json.parse("true"))).contains("true");
    assertThat(McpHeaders.valueOf(Json.parse("false"))).contains("false");
    assertThat(McpHeaders.valueOf(Json.parse("1.5"))).isEmpty();
    assertThat(McpHeaders.valueOf(Json.parse("{}"))).isEmpty();
    assertThat(McpHeaders.valueOf(null)).isEmpty();
  }

  /** The encoding examples of the specification, verbatim. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "us-west1|us-west1",
      "Hello, 世界|=?base64?SGVsbG8sIOS4lueVjA==?=",
      "' padded '|=?base64?IHBhZGRlZCA=?=",
      "=?base64?literal?=|=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?="})
  void encodesAsTheSpecificationShows(String value, String header) {
    assertThat(McpHeaders.encode(value)).isEqualTo(header);
    assertThat(McpHeaders.decode(header)).isEqualTo(value);
  }

  @Test
  void encodesControlCharactersAndEdgeWhitespace() {
    assertThat(McpHeaders.encode("line1\nline2")).isEqualTo("=?base64?bGluZTEKbGluZTI=?=");
    assertThat(McpHeaders.encode("\ttab")).startsWith("=?base64?");
    assertThat(McpHeaders.encode("inner space ok")).isEqualTo("inner space ok");
    for (String v : List.of("", "a\u0000b", "é", "x\u007f", "trailing\t", "=?base64?x?=", "\uD83D\uDE00")) {
      String h = McpHeaders.encode(v);
      assertThat(h).matches("[\\x20-\\x7e]*");
      assertThat(McpHeaders.decode(h)).as(v).isEqualTo(v);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "=?base64?SGk?=", // missing padding
      "=?base64?SGk=?=x", // not a sentinel (no closing marker at the end): taken as is
      "=?base64?-_8=?=", // URL-safe alphabet
      "=?base64?SG k=?=", // space inside
      "=?base64?SGk==?=", // padding in the wrong place
      "=?base64?S===?="})
  void decodesTheSentinelStrictly(String header) {
    if (!header.endsWith("?=")) {
      assertThat(McpHeaders.decode(header)).isEqualTo(header);
      return;
    }
    assertThatThrownBy(() -> McpHeaders.decode(header)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not valid base64");
  }

  @Test
  void rejectsCharactersOutsideVisibleAscii() {
    for (String header : List.of("a\nb", "a\rb", "a\u0001b", "Zürich", "a\u007fb")) {
      assertThatThrownBy(() -> McpHeaders.decode(header)).as(header)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside visible ASCII");
    }
    assertThat(McpHeaders.decode("with space\tand tab")).isEqualTo("with space\tand tab");
    assertThat(McpHeaders.decode("=?BASE64?SGk=?=")).as("markers are case-sensitive").isEqualTo("=?BASE64?SGk=?=");
  }

  @Test
  void comparesIntegersNumericallyAndEverythingElseExactly() {
    assertThat(McpHeaders.matches("42", Json.parse("42"))).isTrue();
    assertThat(McpHeaders.matches("42.0", Json.parse("42"))).isTrue();
    assertThat(McpHeaders.matches("4.2e1", Json.parse("42"))).isTrue();
    assertThat(McpHeaders.matches("-7", Json.parse("-7"))).isTrue();
    assertThat(McpHeaders.matches("43", Json.parse("42"))).isFalse();
    assertThat(McpHeaders.matches("forty-two", Json.parse("42"))).isFalse();
    assertThat(McpHeaders.matches("true", Json.parse("true"))).isTrue();
    assertThat(McpHeaders.matches("TRUE", Json.parse("true"))).isFalse();
    assertThat(McpHeaders.matches("us-west1", Json.parse("\"us-west1\""))).isTrue();
    assertThat(McpHeaders.matches("US-WEST1", Json.parse("\"us-west1\""))).isFalse();
    assertThat(McpHeaders.matches("42", Json.parse("\"42.0\""))).as("strings compare as strings").isFalse();
    assertThat(McpHeaders.matches("{}", Json.parse("{}"))).isFalse();
    assertThat(McpHeaders.matches("x", null)).isFalse();
  }

  @Test
  void knowsTheJavaScriptSafeIntegerRange() {
    assertThat(McpHeaders.isUnsafeInteger(Json.parse("9007199254740991"))).isFalse();
    assertThat(McpHeaders.isUnsafeInteger(Json.parse("-9007199254740991"))).isFalse();
    assertThat(McpHeaders.isUnsafeInteger(Json.parse("9007199254740992"))).isTrue();
    assertThat(McpHeaders.isUnsafeInteger(Json.parse("\"9007199254740992\""))).isFalse();
    assertThat(Optional.of(McpHeaders.PARAM_PREFIX)).contains("Mcp-Param-");
  }
}
