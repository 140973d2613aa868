package dev.mcpkit.core.jsonschema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.mcpkit.core.json.Json;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JsonSchemaTest {

  @Test
  void defaultDialectIs2020_12AndErrorsNameTheField() {
    JsonSchema s = JsonSchema.compile(Json.parse("""
        {"type":"object","properties":{"a":{"type":"number"},"b":{"type":"string"}},"required":["a"]}"""));
    assertThat(s.validate(Json.parse("{\"a\":1,\"b\":\"x\"}"))).isEmpty();
    assertThat(s.validate(Json.parse("{\"a\":\"one\"}"))).singleElement().asString().contains("/a").contains("number");
    assertThat(s.validate(Json.parse("{}"))).singleElement().asString().contains("a");
  }

  @Test
  void eachProblemIsReportedOnceAndARootProblemHasNoEmptyLocation() {
    // the shape of the conformance server's elicitation tool: both oneOf branches miss "email"
    JsonSchema s = JsonSchema.compile(Json.parse("""
        {"type":"object","properties":{"name":{"type":"string"}},"required":["phone"],
         "oneOf":[{"required":["email"]},{"required":["email"],"properties":{"x":{}}}]}"""));
    assertThat(s.validate(Json.parse("{\"name\":42}")))
        .contains("/name: integer found, string expected", "required property 'phone' not found")
        .doesNotHaveDuplicates()
        .noneMatch(p -> p.startsWith(":") || p.startsWith("$"));
  }

  @Test
  void keeps2020_12Keywords() {
    // prefixItems only exists in 2020-12; under draft-07 it would be ignored.
    JsonSchema s = JsonSchema.compile(Json.parse("""
        {"type":"array","prefixItems":[{"type":"integer"}],"items":false}"""));
    assertThat(s.validate(Json.parse("[1]"))).isEmpty();
    assertThat(s.validate(Json.parse("[\"x\"]"))).isNotEmpty();
    assertThat(s.validate(Json.parse("[1,2]"))).isNotEmpty();
  }

  @Test
  void honoursDeclaredDraft07() {
    JsonSchema s = JsonSchema.compile(Json.parse("""
        {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{"a":{"type":"number"}},"required":["a"]}"""));
    assertThat(s.validate(Json.parse("{\"a\":2}"))).isEmpty();
    assertThat(s.validate(Json.parse("{\"a\":true}"))).isNotEmpty();
  }

  @Test
  void localDefsRefsResolve() {
    JsonSchema s = JsonSchema.compile(Json.parse("""
        {"$defs":{"address":{"type":"object","properties":{"city":{"type":"string"}}}},
         "type":"object","properties":{"address":{"$ref":"#/$defs/address"}},"additionalProperties":false}"""));
    assertThat(s.validate(Json.parse("{\"address\":{\"city\":\"Oslo\"}}"))).isEmpty();
    assertThat(s.validate(Json.parse("{\"address\":{\"city\":7}}"))).isNotEmpty();
    assertThat(s.validate(Json.parse("{\"other\":1}"))).isNotEmpty();
  }

  @Test
  void unsupportedDialectIsAClearError() {
    assertThatThrownBy(() -> JsonSchema.compile(Json.parse("{\"$schema\":\"https://example.com/my-dialect\"}")))
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessageContaining("unsupported JSON Schema dialect");
  }

  @Test
  void networkRefsAreNeverFetched() throws Exception {
    AtomicInteger hits = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      hits.incrementAndGet();
      byte[] body = "{\"type\":\"string\"}".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/s.json";
      assertThatThrownBy(() -> JsonSchema.compile(Json.parse(
              "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"" + url + "\"}}}")))
          .isInstanceOf(InvalidSchemaException.class)
          .hasMessageContaining("network $ref");
      assertThat(hits).hasValue(0);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void boundsDepthAndSize() {
    StringBuilder deep = new StringBuilder();
    for (int i = 0; i < JsonSchema.MAX_DEPTH; i++) {
      deep.append("{\"not\":");
    }
    deep.append("{}").append("}".repeat(JsonSchema.MAX_DEPTH));
    assertThatThrownBy(() -> JsonSchema.compile(Json.parse(deep.toString())))
        .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("deeper");

    StringBuilder wide = new StringBuilder("{\"anyOf\":[");
    for (int i = 0; i < JsonSchema.MAX_NODES; i++) {
      wide.append(i == 0 ? "" : ",").append("{\"const\":").append(i).append('}');
    }
    wide.append("]}");
    assertThatThrownBy(() -> JsonSchema.compile(Json.parse(wide.toString())))
        .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("nodes");
  }

  @Test
  void malformedSchemaIsAClearError() {
    assertThatThrownBy(() -> JsonSchema.compile(Json.parse("[1,2]")))
        .isInstanceOf(InvalidSchemaException.class);
    assertThatThrownBy(() -> JsonSchema.compile(Json.parse("{\"type\":\"no-such-type\"}")))
        .isInstanceOf(InvalidSchemaException.class);
  }
}
