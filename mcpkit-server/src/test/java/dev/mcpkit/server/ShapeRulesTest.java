package dev.mcpkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.testing.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Two API shape rules (issue 11, item 6), checked on the main sources of every module: no call passes a row of three
 * {@code null}s (use a factory or a builder), and no public constructor takes more than four parameters. The wire
 * records of {@code core.schema} mirror the specification field by field, so they are exempt: their small static
 * factories ({@code CallToolResult.of}, {@code ServerCapabilities.none}, …) are where the rows of nulls live, once.
 * A simple source scan (comments removed, whitespace collapsed, so a row split over lines counts too).
 */
class ShapeRulesTest {

  /**
   * Files allowed to break a rule, each with its reason (relative path to reason). Empty: every module follows both
   * rules; an entry added here must say why the type cannot have a factory or builder.
   */
  private static final Map<String, String> ALLOWED = Map.of();

  private static final Pattern PUBLIC_CONSTRUCTOR = Pattern.compile("\\bpublic (\\w+)\\s*\\(([^)]*)\\)\\s*(?:throws [\\w., ]+)?\\{");
  private static final Pattern TYPE_NAME = Pattern.compile("\\b(?:class|record|enum) (\\w+)");

  @Test
  void noCallPassesARowOfNulls() {
    assertThat(violations((file, flat) -> flat.contains("null, null, null") ? List.of("null, null, null") : List.of()))
        .as("rows of nulls: use the type's factory or builder").isEmpty();
  }

  @Test
  void noPublicConstructorTakesMoreThanFourParameters() {
    assertThat(violations((file, flat) -> {
      Set<String> types = new HashSet<>();
      TYPE_NAME.matcher(flat).results().forEach(r -> types.add(r.group(1)));
      List<String> found = new ArrayList<>();
      Matcher m = PUBLIC_CONSTRUCTOR.matcher(flat);
      while (m.find()) {
        if (types.contains(m.group(1)) && parameters(m.group(2)) > 4) {
          found.add("public " + m.group(1) + "(" + m.group(2) + ")");
        }
      }
      return found;
    })).as("public constructors with more than four parameters: use a builder or a parameter record").isEmpty();
  }

  @Test
  void theScanSeesWhatItLooksFor() {
    String flat = flatten("""
        Foo x = new Foo(a, null, // a comment
            null,
            null);
        public Foo(int a, int b, int c, int d, Map<String, List<String>> e) {
        """);
    assertThat(flat).contains("null, null, null");
    Matcher m = PUBLIC_CONSTRUCTOR.matcher(flat);
    assertThat(m.find()).isTrue();
    assertThat(parameters(m.group(2))).isEqualTo(5);
    assertThat(parameters("")).isZero();
    assertThat(mainSources()).hasSizeGreaterThan(100);
  }

  private interface Rule {
    List<String> check(String file, String flat);
  }

  private static List<String> violations(Rule rule) {
    List<String> out = new ArrayList<>();
    Path root = Repo.root();
    for (Path file : mainSources()) {
      String rel = root.relativize(file).toString().replace('\\', '/');
      if (rel.contains("/dev/mcpkit/core/schema/") || ALLOWED.containsKey(rel)) {
        continue;
      }
      try {
        rule.check(rel, flatten(Files.readString(file))).forEach(v -> out.add(rel + ": " + v));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  private static List<Path> mainSources() {
    Path root = Repo.root();
    List<Path> out = new ArrayList<>();
    try (Stream<Path> modules = Stream.concat(Files.list(root), Files.exists(root.resolve("examples"))
        ? Files.list(root.resolve("examples")) : Stream.empty())) {
      for (Path module : modules.toList()) {
        Path main = module.resolve("src/main/java");
        if (Files.isDirectory(main)) {
          try (Stream<Path> files = Files.walk(main)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(out::add);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Comments and string literals removed (a literal may hold anything), whitespace collapsed. */
  static String flatten(String source) {
    String s = source.replaceAll("(?s)/\\*.*?\\*/", " ")
        .replaceAll("(?s)\"\"\".*?\"\"\"", "\"\"")
        .replaceAll("\"(?:[^\"\\\\\\n]|\\\\.)*\"", "\"\"")
        .replaceAll("//[^\\n]*", " ");
    return s.replaceAll("\\s+", " ");
  }

  private static int parameters(String list) {
    if (list.isBlank()) {
      return 0;
    }
    int depth = 0;
    int count = 1;
    for (char c : list.toCharArray()) {
      if (c == '<') {
        depth++;
      } else if (c == '>') {
        depth--;
      } else if (c == ',' && depth == 0) {
        count++;
      }
    }
    return count;
  }
}
