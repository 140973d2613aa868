package dev.mcpkit.core.jsonschema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.ProtocolVersion;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * {@link RequestSchemas}: params are checked against the specification's schema of their method
 * and revision; problems name the JSON Pointer and the expected type; methods the schema does not
 * define pass.
 */
class RequestSchemasTest {

  private static final String META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
      + "\"io.modelcontextprotocol/clientCapabilities\":{}}";
  private final RequestSchemas modern = RequestSchemas.of(ProtocolVersion.V2026_07_28);
  private final RequestSchemas legacy = RequestSchemas.of(ProtocolVersion.V2025_06_18);

  @Test
  void methodNamesAClientInventsAreNotCached() {
    // A 2025 session validates params before it refuses an unknown method: each invented name must
    // not leave an entry behind, or one client could grow the cache without end.
    legacy.validate("tools/list", Json.object());
    int before = legacy.cachedMethods();
    for (int i = 0; i < 10_000; i++) {
      assertThat(legacy.validate("x/invented-" + i, Json.object())).isEmpty();
    }
    assertThat(legacy.cachedMethods()).isEqualTo(before);
  }

  @Test
  void validParamsPass() {
    assertThat(modern.validate("tools/call", Json.parse("{\"name\":\"t\",\"arguments\":{\"a\":null}," + META + "}")))
        .isEmpty();
    assertThat(modern.validate("prompts/get", Json.parse("{\"name\":\"p\",\"arguments\":{\"a\":\"x\"}," + META + "}")))
        .isEmpty();
    assertThat(legacy.validate("tools/list", null)).isEmpty();
    assertThat(legacy.validate("initialize", Json.parse("{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
        + "\"clientInfo\":{\"name\":\"c\",\"version\":\"1\"}}"))).isEmpty();
    assertThat(legacy.validate("initialize", Json.parse("{\"protocolVersion\":\"2024-11-05\",\"capabilities\":{}}")))
        .as("clientInfo is tolerated missing").isEmpty();
    assertThat(modern.validate("no/such/method", Json.parse("{\"x\":[null]}"))).isEmpty();
  }

  @Test
  void problemsNameThePointerAndTheExpectedType() {
    assertThat(modern.validate("subscriptions/listen", Json.parse("{\"notifications\":{\"resourceSubscriptions\":[null]},"
        + META + "}"))).containsExactly(
            "item 0 must be a string (at /params/notifications/resourceSubscriptions/0, found null)");
    assertThat(legacy.validate("prompts/get", Json.parse("{\"name\":\"p\",\"arguments\":{\"a\":null}}")))
        .containsExactly("\"a\" must be a string (at /params/arguments/a, found null)");
    assertThat(legacy.validate("tools/call", Json.parse("{}"))).singleElement().asString()
        .startsWith("/params: ").contains("name");
    assertThat(legacy.validate("logging/setLevel", Json.parse("{\"level\":\"chatty\"}"))).singleElement().asString()
        .startsWith("/params/level: ").contains("(found \"chatty\")");
  }

  @Test
  void numbersOutOfRangeAreRefusedBeforeValidation() {
    var params = Json.object().put("name", "t");
    params.putObject("arguments").put("a", new BigDecimal("1e1000000"));
    assertThat(legacy.validate("tools/call", params)).singleElement().asString()
        .startsWith("/params/arguments/a: number out of range");
  }

  @Test
  void aRememberedMetaIsComparedByValueAndCannotBeChangedAfterwards() {
    // The first request's _meta passes and is remembered; a handler (or anything else) that changes
    // that params object afterwards must not change what was remembered.
    // A _meta no other test sends (the schemas, and what they remember, are shared by all tests).
    String meta = META.replace("{}}", "{},\"io.modelcontextprotocol/clientInfo\":{\"name\":\"changed\",\"version\":\"1\"}}");
    var params = (tools.jackson.databind.node.ObjectNode) Json.parse("{\"name\":\"t\"," + meta + "}");
    assertThat(modern.validate("tools/call", params)).isEmpty();
    ((tools.jackson.databind.node.ObjectNode) params.get("_meta")).putNull("io.modelcontextprotocol/clientCapabilities");
    assertThat(modern.validate("tools/call", params)).singleElement().asString()
        .contains("/params/_meta/io.modelcontextprotocol~1clientCapabilities").contains("found null");
    // The same _meta as a remembered one still has the rest of its params checked, with the same message.
    assertThat(modern.validate("tools/call", Json.parse("{\"name\":7," + META + "}")))
        .containsExactly("\"name\" must be a string (at /params/name, found integer)");
    assertThat(modern.validate("tools/call", Json.parse("{\"name\":7," + META.replace("{}}", "{\"roots\":1}}") + "}")))
        .hasSize(2).anySatisfy(p -> assertThat(p).contains("/params/name"))
        .anySatisfy(p -> assertThat(p).contains("roots"));
  }

  @Test
  void theSchemaWithoutMetaIsCompiledOnlyWhenARememberedMetaComesBack() {
    // A stdio server's first request waited for both schemas of its method; a 2025
    // session's requests seldom carry _meta, so the second was never used.
    RequestSchemas fresh = RequestSchemas.fresh(ProtocolVersion.V2025_11_25);
    assertThat(fresh.validate("tools/call", Json.parse("{\"name\":\"t\",\"arguments\":{}}"))).isEmpty();
    assertThat(fresh.validate("tools/call", Json.parse("{\"name\":\"t\"}"))).isEmpty();
    assertThat(fresh.compilations()).as("the full schema only").isEqualTo(1);
    String params = "{\"name\":\"t\",\"_meta\":{\"progressToken\":1}}";
    assertThat(fresh.validate("tools/call", Json.parse(params))).isEmpty();
    assertThat(fresh.compilations()).as("a _meta seen once is checked by the full schema").isEqualTo(1);
    assertThat(fresh.validate("tools/call", Json.parse(params))).isEmpty();
    assertThat(fresh.compilations()).as("the same _meta again: plain without it, so no validator is compiled")
        .isEqualTo(1);
    // Its problems are those of the full schema, as before: reported by the schema without _meta.
    assertThat(fresh.validate("tools/call", Json.parse("{\"name\":7,\"_meta\":{\"progressToken\":1}}")))
        .containsExactly("\"name\" must be a string (at /params/name, found integer)");
    assertThat(fresh.compilations()).isEqualTo(2);
  }

  @Test
  void rememberedMetasAreBoundedAndSmall() {
    for (int i = 0; i < 1_000; i++) {
      assertThat(modern.validate("prompts/list", Json.parse("{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":"
          + "\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{},\"n\":" + i + "}}"))).isEmpty();
    }
    assertThat(modern.rememberedMetas("prompts/list")).isEqualTo(ValidMetas.SLOTS);
    StringBuilder big = new StringBuilder("{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
        + "\"io.modelcontextprotocol/clientCapabilities\":{}");
    for (int i = 0; i < ValidMetas.MAX_NODES; i++) {
      big.append(",\"k").append(i).append("\":").append(i);
    }
    assertThat(modern.validate("resources/list", Json.parse(big + "}}"))).isEmpty();
    assertThat(modern.validate("resources/list", Json.parse("{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":"
        + "\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{},\"x\":1.5}}"))).isEmpty();
    assertThat(modern.rememberedMetas("resources/list")).as("too large, or fractional: checked every time").isZero();
  }

  @Test
  void plainParamsPassWithoutTheValidator() {
    // A tools/call whose _meta is known valid is only types and required names: no validator runs for it.
    RequestSchemas fresh = RequestSchemas.fresh(ProtocolVersion.V2026_07_28);
    String call = "{\"name\":\"t\",\"arguments\":{\"a\":[1,{}]}," + META + "}";
    assertThat(fresh.validate("tools/call", Json.parse(call))).isEmpty();
    assertThat(fresh.validatorRuns()).as("a _meta seen for the first time").isEqualTo(1);
    for (int i = 0; i < 3; i++) {
      assertThat(fresh.validate("tools/call", Json.parse(call))).isEmpty();
    }
    assertThat(fresh.validatorRuns()).isEqualTo(1);
    RequestSchemas session = RequestSchemas.fresh(ProtocolVersion.V2025_11_25);
    assertThat(session.validate("tools/call", Json.parse("{\"name\":\"t\",\"arguments\":{},\"x\":1}"))).isEmpty();
    assertThat(session.validatorRuns()).as("2025, no _meta: the full schema is plain").isZero();
  }

  @Test
  void plainParamsThatBreakARuleOrUseAnotherPropertyGoToTheValidator() {
    RequestSchemas fresh = RequestSchemas.fresh(ProtocolVersion.V2026_07_28);
    assertThat(fresh.validate("tools/call", Json.parse("{\"name\":\"t\"," + META + "}"))).isEmpty();
    int runs = fresh.validatorRuns();
    // Each breaks one rule the validator reports, or uses a property the plain shape does not cover.
    String[] refused = {"{\"arguments\":{}," + META + "}", "{\"name\":null," + META + "}",
        "{\"name\":\"t\",\"arguments\":[]," + META + "}", "{\"name\":\"t\",\"requestState\":1," + META + "}",
        "{\"name\":\"t\",\"inputResponses\":\"x\"," + META + "}"};
    for (String params : refused) {
      assertThat(fresh.validate("tools/call", Json.parse(params))).as(params).isNotEmpty();
    }
    assertThat(fresh.validatorRuns()).isEqualTo(runs + refused.length);
    // Members the schema does not list are allowed.
    assertThat(fresh.validate("tools/call", Json.parse("{\"name\":\"t\",\"task\":{\"ttl\":1},\"x\":[]," + META + "}")))
        .isEmpty();
  }

  @Test
  void aSchemaWithAnyOtherKeywordIsNotPlain() {
    var ok = Json.parse("{\"type\":\"object\",\"description\":\"d\",\"properties\":{\"a\":{\"type\":\"string\"},"
        + "\"b\":{\"type\":\"object\",\"additionalProperties\":{}},\"c\":true,\"d\":{\"type\":\"integer\"}},"
        + "\"required\":[\"a\"]}");
    PlainShape shape = PlainShape.of(ok);
    assertThat(shape).isNotNull();
    assertThat(shape.accepts(Json.parse("{\"a\":\"x\",\"b\":{\"k\":1},\"c\":null,\"e\":1}"))).isTrue();
    assertThat(shape.accepts(Json.parse("{\"a\":\"x\",\"d\":1}"))).as("d is not plain").isFalse();
    assertThat(shape.accepts(Json.parse("{\"b\":{}}"))).as("a is required").isFalse();
    assertThat(shape.accepts(Json.parse("{\"a\":1}"))).isFalse();
    assertThat(shape.accepts(Json.parse("[]"))).isFalse();
    assertThat(PlainShape.of(Json.parse("{\"type\":\"object\",\"additionalProperties\":false}"))).isNull();
    assertThat(PlainShape.of(Json.parse("{\"type\":\"object\",\"anyOf\":[]}"))).isNull();
    assertThat(PlainShape.of(Json.parse("{\"properties\":{}}"))).as("no type").isNull();
    assertThat(PlainShape.of(Json.parse("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\","
        + "\"minLength\":1}}}")).accepts(Json.parse("{\"a\":\"\"}"))).as("minLength is not plain").isFalse();
  }

  @Test
  void initializeParamsThatPassedAreRememberedByValueAndBounded() {
    // Every session of one client program sends the same initialize params: those that passed once are not
    // checked again, and only an equal value (not a changed one, nor one that failed) skips the check.
    RequestSchemas fresh = RequestSchemas.fresh(ProtocolVersion.V2025_11_25);
    String valid = "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"roots\":{\"listChanged\":true}},"
        + "\"clientInfo\":{\"name\":\"c\",\"version\":\"1\"}}";
    var params = (tools.jackson.databind.node.ObjectNode) Json.parse(valid);
    assertThat(fresh.validate("initialize", params)).isEmpty();
    assertThat(fresh.rememberedParams("initialize")).isEqualTo(1);
    assertThat(fresh.validate("initialize", Json.parse(valid))).isEmpty();
    assertThat(fresh.rememberedParams("initialize")).as("an equal value passes without being kept twice").isEqualTo(1);
    // Changed after it passed: what was remembered is a copy, so the changed params are checked and refused.
    ((tools.jackson.databind.node.ObjectNode) params.get("capabilities").get("roots")).put("listChanged", "yes");
    assertThat(fresh.validate("initialize", params)).singleElement().asString()
        .contains("/params/capabilities/roots/listChanged");
    assertThat(fresh.validate("initialize", Json.parse(valid.replace("\"1\"", "1")))).singleElement().asString()
        .isEqualTo("\"version\" must be a string (at /params/clientInfo/version, found integer)");
    assertThat(fresh.rememberedParams("initialize")).as("params that failed are not remembered").isEqualTo(1);
    for (int i = 0; i < 100; i++) {
      assertThat(fresh.validate("initialize", Json.parse(valid.replace("\"c\"", "\"c" + i + "\"")))).isEmpty();
    }
    assertThat(fresh.rememberedParams("initialize")).isEqualTo(ValidMetas.SLOTS);
    assertThat(fresh.validate("tools/call", Json.parse("{\"name\":\"t\"}"))).isEmpty();
    assertThat(fresh.rememberedParams("tools/call")).as("a request's data is checked every time").isZero();
  }
}
