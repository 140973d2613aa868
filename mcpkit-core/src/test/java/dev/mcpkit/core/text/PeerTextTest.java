package dev.mcpkit.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The one sanitizer for text from a peer, read by code point: what passes, what is escaped, in rows. */
class PeerTextTest {

  record Row(String what, String in, String line, String block) {}

  static List<Row> rows() {
    return List.of(
        // Unicode tag characters (U+E0000–E007F) hide instructions in text that looks empty; outside the BMP, so a
        // sanitizer looking at one char at a time sees two surrogates, not the tag.
        new Row("tag characters", "a\uDB40\uDC41\uDB40\uDC7Fb", "a\\u{e0041}\\u{e007f}b", "a\\u{e0041}\\u{e007f}b"),
        new Row("bidi override", "abc\u202Eexe.txt", "abc\\u{202e}exe.txt", "abc\\u{202e}exe.txt"),
        new Row("bidi isolate", "x\u2066y\u2069", "x\\u{2066}y\\u{2069}", "x\\u{2066}y\\u{2069}"),
        new Row("ESC (CSI)", "\u001B[2Jgone", "\\u{1b}[2Jgone", "\\u{1b}[2Jgone"),
        new Row("C1 CSI 0x9B", "\u009B31mred", "\\u{9b}31mred", "\\u{9b}31mred"),
        new Row("NUL and DEL", "a\u0000b\u007Fc", "a\\u{0}b\\u{7f}c", "a\\u{0}b\\u{7f}c"),
        new Row("line separator", "one\u2028two", "one\\u{2028}two", "one\\u{2028}two"),
        new Row("paragraph separator", "one\u2029two", "one\\u{2029}two", "one\\u{2029}two"),
        new Row("zero-width space", "pa\u200Bypal", "pa\\u{200b}ypal", "pa\\u{200b}ypal"),
        new Row("lone high surrogate", "a\uD800b", "a\\u{d800}b", "a\\u{d800}b"),
        new Row("lone low surrogate", "a\uDC00", "a\\u{dc00}", "a\\u{dc00}"),
        new Row("newline and tab", "a\nb\tc", "a b c", "a\nb\tc"),
        new Row("lone CR", "over\rwrite", "over write", "over\\u{d}write"),
        new Row("emoji passes", "ok 🚀 👍🏽", "ok 🚀 👍🏽", "ok 🚀 👍🏽"),
        new Row("emoji presentation selector passes", "\u2764\uFE0F", "\u2764\uFE0F", "\u2764\uFE0F"),
        new Row("CJK passes", "漢字かなカナ 한국어", "漢字かなカナ 한국어", "漢字かなカナ 한국어"),
        new Row("accents pass", "café naïve", "café naïve", "café naïve"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void escapesWhatDoesNotPrintAsItself(Row row) {
    assertThat(PeerText.line(row.in(), 1000)).isEqualTo(row.line());
    assertThat(PeerText.block(row.in())).isEqualTo(row.block());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void jsonKeepsTheTextButEscapesTheSame(Row row) {
    String out = PeerText.json(row.in());
    out.codePoints().forEach(cp -> assertThat(cp == '\n' || cp == '\r' || cp == '\t' || PeerText.isPrintable(cp))
        .as("U+%04X in %s", cp, out).isTrue());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void aLineIsCutWholeCodePoints(Row row) {
    String cut = PeerText.line(row.in(), 3);
    cut.codePoints().forEach(cp -> assertThat(Character.getType(cp)).isNotEqualTo((int) Character.SURROGATE));
  }

  /**
   * Every Default_Ignorable_Code_Point of Unicode (DerivedCoreProperties.txt: code points that render as nothing) is
   * escaped, except U+FE0E/U+FE0F, which only choose an emoji's presentation. The Khmer inherent vowels U+17B4/U+17B5
   * (invisible combining marks) used to pass through.
   */
  @Test
  void everyDefaultIgnorableCodePointIsEscaped() {
    int[][] ranges = {{0x00AD, 0x00AD}, {0x034F, 0x034F}, {0x061C, 0x061C}, {0x115F, 0x1160}, {0x17B4, 0x17B5},
        {0x180B, 0x180F}, {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x206F}, {0x3164, 0x3164}, {0xFE00, 0xFE0D},
        {0xFEFF, 0xFEFF}, {0xFFA0, 0xFFA0}, {0xFFF0, 0xFFF8}, {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A},
        {0xE0000, 0xE0FFF}};
    for (int[] r : ranges) {
      for (int cp = r[0]; cp <= r[1]; cp++) {
        String s = "a" + Character.toString(cp) + "b";
        assertThat(PeerText.line(s, 100)).as("U+%04X", cp).isEqualTo("a\\u{" + Integer.toHexString(cp) + "}b");
      }
    }
  }
}
