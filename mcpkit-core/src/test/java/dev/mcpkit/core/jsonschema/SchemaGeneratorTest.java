package dev.mcpkit.core.jsonschema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.core.json.Json;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON Schemas generated from records: components are required unless {@link Optional}; enums,
 * lists, sets, arrays, maps and nested records map to their JSON Schema forms; {@link Description}
 * becomes {@code description}; the result compiles and validates what the record accepts.
 */
class SchemaGeneratorTest {

  enum Unit { CELSIUS, FAHRENHEIT }

  @Description("Where and when")
  record Place(@Description("City name") String city, Optional<String> country) {}

  record Everything(String text, int count, Long big, boolean flag, double ratio, BigDecimal money,
      Optional<Integer> maybe, Unit unit, List<String> tags, Set<Integer> ids, String[] lines,
      Map<String, Integer> scores, Place place, Optional<Place> alternative, List<Place> stops,
      URI link, UUID id, Instant at, LocalDate day, JsonNode anything) {}

  record Node(String name, List<Node> children) {}

  record Holder(Thread thread) {}

  // Plain records: written without victools, the same schemas to the byte.
  record OneString(String message) {}

  record Described(@Description("The message to echo back") String message) {}

  @Description("Two numbers")
  record Numbers(@Description("The first number") BigDecimal a, @Description("The second number") BigDecimal b) {}

  record Scalars(String s, boolean b1, Boolean b2, int i1, Integer i2, long l1, Long l2, java.math.BigInteger bi,
      double d1, Double d2, BigDecimal dec) {}

  record WithConstant(@Description("x") String x) {
    public static final String CONSTANT = "c";
    static int counter;

    String shout() {
      return x.toUpperCase();
    }
  }

  // Not plain: victools writes these.
  record Renamed(@JsonProperty("full_name") String name) {}

  record Bounded(@Size(max = 3) String code) {}

  record Generic<T>(String a) {}

  record Empty() {}

  record Letter(char c) {}

  record Floats(float f) {}

  record TypeUse(@TypeUseMark String a) {}

  record TypeUseFree(String a, int b) {}

  @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
  @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE_USE)
  @interface TypeUseMark {}

  @Test
  void plainRecordsAreWrittenWithoutVictoolsAsVictoolsWritesThem() {
    for (Class<?> type : List.of(OneString.class, Described.class, Numbers.class, Scalars.class, WithConstant.class,
        TypeUseFree.class)) {
      ObjectNode plain = SchemaGenerator.plainRecord(type);
      assertThat(plain).as(type.getSimpleName()).isNotNull();
      assertThat(Json.write(plain)).as(type.getSimpleName()).isEqualTo(Json.write(SchemaGenerator.viaVictools(type)));
      assertThat(Json.write(SchemaGenerator.schemaFor(type))).isEqualTo(Json.write(plain));
    }
    assertThat(Json.write(SchemaGenerator.schemaFor(Numbers.class))).isEqualTo("{\"type\":\"object\",\"description\":"
        + "\"Two numbers\",\"properties\":{\"a\":{\"type\":\"number\",\"description\":\"The first number\"},\"b\":"
        + "{\"type\":\"number\",\"description\":\"The second number\"}},\"required\":[\"a\",\"b\"]}");
    for (Class<?> type : List.of(Place.class, Everything.class, Renamed.class, Bounded.class, Generic.class,
        Empty.class, Letter.class, Floats.class, TypeUse.class, Unit.class, String.class)) {
      assertThat(SchemaGenerator.plainRecord(type)).as(type.getSimpleName()).isNull();
    }
    assertThat(props(SchemaGenerator.schemaFor(Renamed.class)).propertyNames()).containsExactly("full_name");
    assertThat(props(SchemaGenerator.schemaFor(Bounded.class)).path("code").path("maxLength").asInt()).isEqualTo(3);
  }

  private static ObjectNode props(ObjectNode schema) {
    return (ObjectNode) schema.get("properties");
  }

  @Test
  void requiredUnlessOptional() {
    ObjectNode s = SchemaGenerator.schemaFor(Everything.class);
    assertThat(s.path("type").asString()).isEqualTo("object");
    assertThat(s.path("required").valueStream().map(JsonNode::asString)).containsExactly("text", "count", "big",
        "flag", "ratio", "money", "unit", "tags", "ids", "lines", "scores", "place", "stops", "link", "id", "at", "day",
        "anything");
    assertThat(props(s).path("maybe").path("type").asString()).as("Optional<Integer> unwraps").isEqualTo("integer");
    assertThat(props(s).propertyNames()).contains("maybe", "alternative");
  }

  @Test
  void scalarsAndFormats() {
    ObjectNode p = props(SchemaGenerator.schemaFor(Everything.class));
    assertThat(p.path("text").path("type").asString()).isEqualTo("string");
    assertThat(p.path("count").path("type").asString()).isEqualTo("integer");
    assertThat(p.path("big").path("type").asString()).isEqualTo("integer");
    assertThat(p.path("flag").path("type").asString()).isEqualTo("boolean");
    assertThat(p.path("ratio").path("type").asString()).isEqualTo("number");
    assertThat(p.path("money").path("type").asString()).isEqualTo("number");
    assertThat(p.path("link")).isEqualTo(Json.parse("{\"type\":\"string\",\"format\":\"uri\"}"));
    assertThat(p.path("id").path("format").asString()).isEqualTo("uuid");
    assertThat(p.path("at").path("format").asString()).isEqualTo("date-time");
    assertThat(p.path("day").path("format").asString()).isEqualTo("date");
    assertThat(p.path("anything").isEmpty()).as("any JSON value: empty schema").isTrue();
  }

  @Test
  void enumsCollectionsAndMaps() {
    ObjectNode p = props(SchemaGenerator.schemaFor(Everything.class));
    assertThat(p.path("unit")).isEqualTo(Json.parse("{\"type\":\"string\",\"enum\":[\"CELSIUS\",\"FAHRENHEIT\"]}"));
    assertThat(p.path("tags")).isEqualTo(Json.parse("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}"));
    assertThat(p.path("ids")).isEqualTo(Json.parse(
        "{\"type\":\"array\",\"items\":{\"type\":\"integer\"},\"uniqueItems\":true}"));
    assertThat(p.path("lines")).isEqualTo(Json.parse("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}"));
    assertThat(p.path("scores")).isEqualTo(Json.parse(
        "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"}}"));
  }

  @Test
  void nestedRecordsAreInlinedWithDescriptions() {
    ObjectNode p = props(SchemaGenerator.schemaFor(Everything.class));
    JsonNode place = p.path("place");
    assertThat(place.path("type").asString()).isEqualTo("object");
    assertThat(place.path("description").asString()).isEqualTo("Where and when");
    assertThat(place.path("properties").path("city")).isEqualTo(Json.parse(
        "{\"type\":\"string\",\"description\":\"City name\"}"));
    assertThat(place.path("required").valueStream().map(JsonNode::asString)).containsExactly("city");
    assertThat(p.path("alternative")).isEqualTo(place);
    assertThat(p.path("stops").path("items")).isEqualTo(place);

    ObjectNode top = SchemaGenerator.schemaFor(Place.class);
    assertThat(top.path("description").asString()).isEqualTo("Where and when");
  }

  @Test
  void theSchemaValidatesWhatTheRecordAccepts() {
    JsonSchema schema = JsonSchema.compile(SchemaGenerator.schemaFor(Place.class));
    assertThat(schema.validate(Json.parse("{\"city\":\"Oslo\"}"))).isEmpty();
    assertThat(schema.validate(Json.parse("{\"city\":\"Oslo\",\"country\":\"NO\"}"))).isEmpty();
    assertThat(schema.validate(Json.parse("{\"country\":\"NO\"}"))).singleElement().asString().contains("city");
    assertThat(schema.validate(Json.parse("{\"city\":3}"))).singleElement().asString().contains("/city");
    assertThat(Json.convert(Json.parse("{\"city\":\"Oslo\"}"), Place.class)).isEqualTo(new Place("Oslo", Optional.empty()));

    JsonSchema all = JsonSchema.compile(SchemaGenerator.schemaFor(Everything.class));
    assertThat(all.validate(Json.parse("{\"unit\":\"KELVIN\"}"))).anySatisfy(e -> assertThat(e).contains("/unit"));
  }

  @Test
  void refusesWhatItCannotDescribe() {
    assertThatThrownBy(() -> SchemaGenerator.schemaFor(Node.class)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("recursive");
    assertThatThrownBy(() -> SchemaGenerator.schemaFor(String.class)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must describe an object");
    assertThatThrownBy(() -> SchemaGenerator.schemaFor(Holder.class)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Thread");
  }

  @Test
  void aRecordUsedTwiceSideBySideIsNotRecursion() {
    record Route(Place from, Place to) {}
    ObjectNode s = SchemaGenerator.schemaFor(Route.class);
    assertThat(props(s).path("from")).isEqualTo(props(s).path("to"));
  }

  record Constrained(@Size(min = 1, max = 5) String code, @Min(1) @Max(10) int count,
      @Pattern(regexp = "^[a-z]+$") String word, @Size(max = 2) List<String> tags,
      @JsonProperty("full_name") String fullName) {}

  @Test
  void jakartaConstraintsBecomeSchemaConstraintsThatValidationEnforces() {
    ObjectNode s = SchemaGenerator.schemaFor(Constrained.class);
    assertThat(props(s).path("code")).isEqualTo(Json.parse("{\"type\":\"string\",\"minLength\":1,\"maxLength\":5}"));
    assertThat(props(s).path("count").toString()).isEqualTo("{\"type\":\"integer\",\"minimum\":1,\"maximum\":10}");
    assertThat(props(s).path("word").path("pattern").asString()).isEqualTo("^[a-z]+$");
    assertThat(props(s).path("tags").path("maxItems").asInt()).isEqualTo(2);

    JsonSchema schema = JsonSchema.compile(s);
    assertThat(schema.validate(Json.parse(
        "{\"code\":\"ab\",\"count\":3,\"word\":\"x\",\"tags\":[],\"full_name\":\"A\"}"))).isEmpty();
    assertThat(schema.validate(Json.parse(
        "{\"code\":\"toolong\",\"count\":11,\"word\":\"X1\",\"tags\":[\"a\",\"b\",\"c\"],\"full_name\":\"A\"}")))
        .hasSize(4).anySatisfy(e -> assertThat(e).contains("/code")).anySatisfy(e -> assertThat(e).contains("/count"))
        .anySatisfy(e -> assertThat(e).contains("/word")).anySatisfy(e -> assertThat(e).contains("/tags"));
  }

  @Test
  void jsonPropertyRenamesThePropertyAsTheArgumentReaderDoes() {
    ObjectNode s = SchemaGenerator.schemaFor(Constrained.class);
    assertThat(props(s).propertyNames()).containsExactly("code", "count", "word", "tags", "full_name");
    assertThat(s.path("required").valueStream().map(JsonNode::asString)).contains("full_name");
    assertThat(Json.convert(Json.parse("{\"code\":\"a\",\"count\":1,\"word\":\"a\",\"tags\":[],\"full_name\":\"Ada\"}"),
        Constrained.class).fullName()).isEqualTo("Ada");
  }
}
