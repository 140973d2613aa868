package dev.mcpkit.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

/**
 * {@link Json} refuses what a lenient parser would let through: a key twice in one object, and
 * numbers whose exponent makes them huge to print or compute with; ordinary documents, big
 * integers and long decimals within the bound read as before.
 */
class JsonStrictnessTest {

  @Test
  @DisplayName("SEC-JSON-DUP a duplicate key is a parse error naming the key, at any depth")
  void duplicateKeysAreRefused() {
    assertThatThrownBy(() -> Json.parse("{\"method\":\"tools/call\",\"method\":\"tools/list\"}"))
        .isInstanceOf(JacksonException.class).hasMessageContaining("\"method\"");
    assertThatThrownBy(() -> Json.parse("{\"a\":{\"b\":1,\"b\":2}}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(JacksonException.class).hasMessageContaining("\"b\"");
    assertThatThrownBy(() -> Json.parse("[{\"x\":[{\"k\":1,\"k\":1}]}]"))
        .isInstanceOf(JacksonException.class).hasMessageContaining("\"k\"");
    assertThat(Json.parse("{\"a\":{\"b\":1},\"b\":{\"a\":2}}").path("b").path("a").asInt()).isEqualTo(2);
  }

  @Test
  @DisplayName("SEC-JSON-NUM a number with a huge exponent is refused, naming its JSON Pointer")
  void hugeExponentsAreRefused() {
    // the last two: exponents beyond 32 bits, which Jackson's own BigDecimal parser refuses with a
    // NumberFormatException (found by the codec fuzz target)
    for (String n : new String[] {"1e1000000", "1E+4000000", "-1.5e1001", "1e-1000000", "0.1e-1000", "0e99999",
        "-90e07555555555555", "1e-99999999999999999999"}) {
      assertThatThrownBy(() -> Json.parse("{\"params\":{\"arguments\":{\"a\":[0," + n + "]}}}"))
          .as(n).isInstanceOfSatisfying(NumberOutOfRangeException.class, e -> {
            assertThat(e.pointer()).isEqualTo("/params/arguments/a/1");
            assertThat(e.getOriginalMessage()).contains("/params/arguments/a/1").contains("1000");
          });
    }
    assertThatThrownBy(() -> Json.parse("1e5000".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(NumberOutOfRangeException.class, e -> assertThat(e.pointer()).isEmpty());
    assertThatThrownBy(() -> Json.parse("{\"a/b~c\":1e5000}"))
        .isInstanceOfSatisfying(NumberOutOfRangeException.class, e -> assertThat(e.pointer()).isEqualTo("/a~1b~0c"));
  }

  @Test
  void aMalformedDocumentIsAParseErrorEvenAfterANumberOutOfRange() {
    // found by the codec fuzz target in CI: the tree builder stopped at the number and the
    // document, malformed further on, was refused as holding a number out of range
    for (String doc : new String[] {"{\"a\":-304890e0755555f-input\"}", "{\"a\":1e5000,\"b\":}",
        "{\"a\":1e5000,\"a\":1}"}) {
      assertThatThrownBy(() -> Json.parse(doc)).as(doc).isInstanceOf(JacksonException.class)
          .isNotInstanceOf(NumberOutOfRangeException.class);
    }
  }

  @Test
  void numbersWithinTheBoundReadExactly() {
    assertThat(Json.maxNumberExponent()).isEqualTo(Json.DEFAULT_MAX_NUMBER_EXPONENT);
    assertThat(Json.parse("{\"a\":1e1000}").path("a").decimalValue()).isEqualTo(new BigDecimal("1e1000"));
    assertThat(Json.parse("{\"a\":-1.25e-1000}").path("a").decimalValue()).isEqualTo(new BigDecimal("-1.25e-1000"));
    assertThat(Json.parse("{\"a\":0.1}").path("a").decimalValue()).isEqualTo(new BigDecimal("0.1"));
    String digits = "9".repeat(900);
    assertThat(Json.parse("{\"a\":" + digits + "}").path("a").bigIntegerValue().toString()).isEqualTo(digits);
    assertThat(Json.parse("{\"a\":0." + digits + "}").path("a").isNumber()).isTrue();
  }

  @Test
  void treesBuiltInCodeAreCheckedOnDemand() {
    var tree = Json.object();
    tree.putObject("x").putArray("y").add(1).add(new BigDecimal("1e5000"));
    assertThat(Json.findNumberOutOfRange(tree)).isEqualTo("/x/y/1");
    assertThat(Json.findNumberOutOfRange(Json.parse("{\"a\":[1,2.5,1e999]}"))).isNull();
  }
}
