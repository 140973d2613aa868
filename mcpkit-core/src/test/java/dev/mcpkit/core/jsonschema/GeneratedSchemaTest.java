package dev.mcpkit.core.jsonschema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.core.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonSchema#compileGenerated}: a schema mcpkit generated is not checked against the
 * meta-schema again and its validator is compiled when it first validates, while {@link
 * JsonSchema#compile} still checks and compiles a given schema at once.
 */
class GeneratedSchemaTest {

  record Echo(@Description("The message") String message, int times) {}

  @Test
  void aGeneratedSchemaIsNotMetaCheckedAndCompilesOnFirstValidation() {
    long checks = JsonSchema.META_CHECKS.sum();
    long compiles = JsonSchema.COMPILES.sum();
    JsonSchema schema = JsonSchema.compileGenerated(SchemaGenerator.schemaFor(Echo.class));
    assertThat(JsonSchema.META_CHECKS.sum()).isEqualTo(checks);
    assertThat(JsonSchema.COMPILES.sum()).isEqualTo(compiles);

    // the first validation compiles the validator and checks correctly; later ones reuse it
    assertThat(schema.validate(Json.parse("{\"message\":\"hi\",\"times\":2}"))).isEmpty();
    assertThat(JsonSchema.COMPILES.sum()).isEqualTo(compiles + 1);
    assertThat(schema.validate(Json.parse("{\"message\":3}")))
        .containsExactlyInAnyOrder("/message: integer found, string expected", "required property 'times' not found");
    assertThat(JsonSchema.COMPILES.sum()).isEqualTo(compiles + 1);
    assertThat(JsonSchema.META_CHECKS.sum()).isEqualTo(checks);
  }

  @Test
  void aFirstValidationThatFailsIsReportedLikeALaterOne() {
    JsonSchema lazy = JsonSchema.compileGenerated(SchemaGenerator.schemaFor(Echo.class));
    JsonSchema eager = JsonSchema.compile(SchemaGenerator.schemaFor(Echo.class));
    var bad = Json.parse("{\"message\":\"x\",\"times\":\"many\"}");
    List<String> first = lazy.validate(bad);
    assertThat(first).isNotEmpty().isEqualTo(eager.validate(bad)).isEqualTo(lazy.validate(bad));
  }

  @Test
  void aGivenSchemaIsStillMetaCheckedAndCompiledAtOnce() {
    long checks = JsonSchema.META_CHECKS.sum();
    long compiles = JsonSchema.COMPILES.sum();
    JsonSchema.compile(Json.parse("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}"));
    assertThat(JsonSchema.META_CHECKS.sum()).isEqualTo(checks + 1);
    assertThat(JsonSchema.COMPILES.sum()).isEqualTo(compiles + 1);
    assertThatThrownBy(() -> JsonSchema.compile(Json.parse("{\"type\":\"object\",\"minProperties\":-1}")))
        .isInstanceOf(InvalidSchemaException.class).hasMessageStartingWith("invalid schema: ")
        .hasMessageContaining("minProperties");
  }

  @Test
  void aGeneratedSchemaStillHasItsShapeChecked() {
    assertThatThrownBy(() -> JsonSchema.compileGenerated(Json.parse("{\"$ref\":\"https://example.com/s\"}")))
        .isInstanceOf(InvalidSchemaException.class).hasMessage("network $ref is not resolved: https://example.com/s");
    assertThatThrownBy(() -> JsonSchema.compileGenerated(Json.parse("[]")))
        .isInstanceOf(InvalidSchemaException.class).hasMessage("a schema must be a JSON object or a boolean");
  }
}
