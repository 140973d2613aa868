package dev.mcpkit.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The field readers for untrusted documents ({@link Json#string}, {@link Json#wholeNumber}, {@link
 * Json#finiteNumber}) take a value only when it has the JSON type the field needs, and never throw:
 * not on containers, not on numbers beyond 64 bits, not on 1e400 (read as a big decimal by {@link
 * Json#parse} and as an infinite double by a plain mapper).
 */
class JsonFieldsTest {

  private static final JsonMapper PLAIN = JsonMapper.builder().build();

  /** Each value is read from a document by mcpkit's reader and by a plain Jackson mapper. */
  private static JsonNode[] both(String value) {
    String doc = "{\"v\":" + value + "}";
    return new JsonNode[] {Json.parse(doc).get("v"), PLAIN.readTree(doc).get("v")};
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "none", value = {
      "'\"x\"'                                  | x    | none                 | none",
      "'\"\"'                                   | ''   | none                 | none",
      "'\"5\"'                                  | 5    | none                 | none",
      "5                                        | none | 5                    | 5.0",
      "-7                                       | none | -7                   | -7.0",
      "5.0                                      | none | 5                    | 5.0",
      "5.5                                      | none | none                 | 5.5",
      "9223372036854775807                      | none | 9223372036854775807  | 9.223372036854776E18",
      "9223372036854775808                      | none | none                 | 9.223372036854776E18",
      "123456789012345678901234567890123456789  | none | none                 | 1.2345678901234568E38",
      "1e400                                    | none | none                 | none",
      "-1e400                                   | none | none                 | none",
      "{}                                       | none | none                 | none",
      "[]                                       | none | none                 | none",
      "'[1]'                                    | none | none                 | none",
      "true                                     | none | none                 | none",
      "null                                     | none | none                 | none"})
  void readsOnlyValuesOfTheRightTypeAndNeverThrows(String value, String text, String whole, String number) {
    for (JsonNode n : both(value)) {
      assertThat(Json.string(n)).as(value + " as text").isEqualTo(text);
      assertThat(Json.wholeNumber(n)).as(value + " as a whole number")
          .isEqualTo(whole == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(whole)));
      OptionalDouble d = Json.finiteNumber(n);
      assertThat(d.isPresent() ? String.valueOf(d.getAsDouble()) : null).as(value + " as a number").isEqualTo(number);
    }
  }

  @org.junit.jupiter.api.Test
  void absentFieldsAreEmpty() {
    JsonNode doc = Json.parse("{}");
    assertThat(Json.string(doc.get("v"))).isNull();
    assertThat(Json.string(doc.path("v"))).isNull();
    assertThat(Json.wholeNumber(doc.path("v"))).isEmpty();
    assertThat(Json.finiteNumber(null)).isEmpty();
  }
}
