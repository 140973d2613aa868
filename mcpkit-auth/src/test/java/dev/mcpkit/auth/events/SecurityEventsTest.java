package dev.mcpkit.auth.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Values in security event lines come from peers (client ids, user names, hosts). The former cleaner replaced
 * {@code [\p{Cntrl}\s]} one char at a time, which let C1 controls, bidi controls, U+2028 and tag characters into
 * the log; now white space and C0 become {@code _} and the rest goes through the one sanitizer.
 */
class SecurityEventsTest {

  record Row(String what, String value, String logged) {}

  static List<Row> rows() {
    return List.of(
        new Row("plain", "client-1", "client-1"),
        new Row("space forges pairs", "a reason=ok", "a_reason=ok"),
        new Row("newline", "a\nevent=forged", "a_event=forged"),
        new Row("tab", "a\tb", "a_b"),
        new Row("no-break space", "a\u00A0b", "a_b"),
        new Row("line separator", "a\u2028event=forged", "a_event=forged"),
        new Row("C1 CSI", "a\u009B31mb", "a\\u{9b}31mb"),
        new Row("bidi override", "a\u202Eb", "a\\u{202e}b"),
        new Row("tag characters", "a\uDB40\uDC41b", "a\\u{e0041}b"),
        new Row("lone surrogate", "a\uD800b", "a\\u{d800}b"),
        new Row("ESC", "a\u001B[2Jb", "a_[2Jb"),
        new Row("emoji and CJK pass", "🚀漢字", "🚀漢字"),
        new Row("null", null, "-"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void valuesStayOneWordAndPrintable(Row row) {
    assertThat(SecurityEvents.clean(row.value())).isEqualTo(row.logged());
  }

  @org.junit.jupiter.api.Test
  void longValuesAreCut() {
    assertThat(SecurityEvents.clean("x".repeat(1000))).hasSizeLessThan(220).endsWith("...");
  }
}
