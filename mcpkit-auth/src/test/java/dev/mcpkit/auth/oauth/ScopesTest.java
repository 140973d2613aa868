package dev.mcpkit.auth.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one scope rule (RFC 6749 §3.3). Before it, the OAuth client split at any whitespace ({@code \s+}) and the
 * resource guard at spaces only; where they differed the guard's reading was the stricter one (a tab or a line break
 * does not separate scopes: {@code "a\tadmin"} must not become {@code admin}). The rows say what each did and what
 * the shared rule does.
 */
class ScopesTest {

  record Row(String value, List<String> clientBefore, List<String> resourceBefore, List<String> now) {}

  static List<Row> rows() {
    return List.of(
        new Row(null, List.of(), List.of(), List.of()),
        new Row("", List.of(), List.of(), List.of()),
        new Row("   ", List.of(), List.of(), List.of()),
        new Row("mcp:read mcp:write", List.of("mcp:read", "mcp:write"), List.of("mcp:read", "mcp:write"),
            List.of("mcp:read", "mcp:write")),
        new Row("  a   b a ", List.of("a", "b"), List.of("a", "b"), List.of("a", "b")),
        // A tab or a line break: the client split there, the guard did not (the stricter reading, kept).
        new Row("a\tb", List.of("a", "b"), List.of("a\tb"), List.of("a\tb")),
        new Row("a\nadmin c", List.of("a", "admin", "c"), List.of("a\nadmin", "c"), List.of("a\nadmin", "c")),
        new Row("a\u2028admin", List.of("a\u2028admin"), List.of("a\u2028admin"), List.of("a\u2028admin")),
        // Pieces that are no scope token are kept as they came: they match no configured scope.
        new Row("a \"b\" c", List.of("a", "\"b\"", "c"), List.of("a", "\"b\"", "c"), List.of("a", "\"b\"", "c")),
        new Row("a\\b c", List.of("a\\b", "c"), List.of("a\\b", "c"), List.of("a\\b", "c")),
        new Row("lecture écriture", List.of("lecture", "écriture"), List.of("lecture", "écriture"),
            List.of("lecture", "écriture")),
        new Row("a\u0000 b", List.of("a\u0000", "b"), List.of("a\u0000", "b"), List.of("a\u0000", "b")),
        new Row("!#[]~ x", List.of("!#[]~", "x"), List.of("!#[]~", "x"), List.of("!#[]~", "x")));
  }

  @ParameterizedTest
  @MethodSource("rows")
  void parseSplitsAtSpacesOnly(Row row) {
    assertThat(Scopes.parse(row.value())).containsExactlyElementsOf(row.now());
    // The guard's reading, the stricter one, is the rule; the client's differed only where a tab or a line break
    // stood between two pieces (it made scopes out of them that the server never named).
    assertThat(row.now()).isEqualTo(row.resourceBefore());
  }

  /** The authorization server bounds the size of a requested list by this count: repeats count, as pieces. */
  @Test
  void countSeesThePiecesParseSeesWithRepeats() {
    assertThat(Scopes.count(null)).isZero();
    assertThat(Scopes.count("   ")).isZero();
    assertThat(Scopes.count(" a  a a ")).isEqualTo(3);
    assertThat(Scopes.parse(" a  a a ")).containsExactly("a");
    assertThat(Scopes.count("a\tb c")).isEqualTo(2);
  }

  @Test
  void checkRefusesConfiguredNamesThatAreNoScopeTokens() {
    assertThat(Scopes.check("mcp:read")).isEqualTo("mcp:read");
    assertThat(Scopes.isToken("!#[]~")).isTrue();
    for (String bad : new String[] {"", " ", "a b", "a\tb", "\"a\"", "a\\b", "é", "a\u007f"}) {
      assertThatThrownBy(() -> Scopes.check(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("RFC 6749");
    }
    assertThatThrownBy(() -> Scopes.check(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unionJoinAndExpandKeepOrder() {
    assertThat(Scopes.union(List.of("b", "a"), List.of("a", "c"))).containsExactly("b", "a", "c");
    assertThat(Scopes.join(Scopes.parse("x  y"))).isEqualTo("x y");
    assertThat(Scopes.expand(Set.of("admin"), Map.of("admin", Set.of("write"), "write", Set.of("read"))))
        .containsExactlyInAnyOrder("admin", "write", "read");
  }
}
