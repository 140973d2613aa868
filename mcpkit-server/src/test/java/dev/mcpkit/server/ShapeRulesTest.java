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
 * Three API shape rules, checked on the main sources of every module: no call passes a row of three
 * {@code null}s (use a factory or a builder), no public constructor takes more than four parameters, and
 * no public record has more than four components (its canonical constructor is public). The wire
 * records of {@code core.schema} mirror the specification field by field, so they are exempt: their small static
 * factories ({@code CallToolResult.of}, {@code ServerCapabilities.none}, …) are where the rows of nulls live, once.
 * A simple source scan (comments removed, whitespace collapsed, so a row split over lines counts too).
 */
class ShapeRulesTest {

  /**
   * Files allowed to break a rule, each with its reason (relative path to reason): only wire records, which mirror a
   * JSON document member by member as those of {@code core.schema} do; any other entry must say why the type cannot
   * have a factory or builder.
   */
  private static final Map<String, String> ALLOWED = Map.of(
      "mcpkit-auth/src/main/java/dev/mcpkit/auth/oauth/AuthorizationServerMetadata.java",
      "the RFC 8414 document as a wire record, one component per member, as core.schema mirrors the MCP schema;"
          + " the authorization server writes it and the OAuth client reads it",
      "mcpkit-auth/src/main/java/dev/mcpkit/auth/oauth/ProtectedResourceMetadata.java",
      "the RFC 9728 document as a wire record, one component per member, as core.schema mirrors the MCP schema;"
          + " the resource guard writes it and the OAuth client reads it",
      "mcpkit-guard/src/main/java/dev/mcpkit/guard/Rule.java",
      "one entry of the versioned rule file (rules.json, which users extend with their own files), one component per"
          + " member, as core.schema mirrors the MCP schema",
      "mcpkit-guard/src/main/java/dev/mcpkit/guard/Finding.java",
      "one finding of mcpkit scan's JSON report, one component per member, as core.schema mirrors the MCP schema;"
          + " the guard makes it, users read it",
      "mcpkit-auth/src/main/java/dev/mcpkit/auth/oauth/TokenResponse.java",
      "the RFC 6749 §5.1 / RFC 8693 token response as a wire record, one component per member, as core.schema"
          + " mirrors the MCP schema; the authorization server's token endpoint writes it and the OAuth client reads it",
      "mcpkit-auth/src/main/java/dev/mcpkit/auth/oauth/ClientMetadata.java",
      "the RFC 7591 client metadata as a wire record, one component per member, as core.schema mirrors the MCP"
          + " schema; the OAuth client sends it to register and the authorization server reads, keeps and returns it",
      "examples/03-oauth/src/main/java/dev/mcpkit/examples/oauth/OAuthServer.java",
      "WhoAmI is the who_am_i tool's structuredContent, a wire record like those of core.schema: its components are"
          + " the JSON members and its generated outputSchema, which needs a record");

  private static final Pattern PUBLIC_CONSTRUCTOR = Pattern.compile("\\bpublic (\\w+)\\s*\\(([^)]*)\\)\\s*(?:throws [\\w., ]+)?\\{");
  private static final Pattern TYPE_NAME = Pattern.compile("\\b(?:class|record|enum) (\\w+)");
  private static final Pattern RECORD = Pattern.compile("((?:\\b(?:public|private|protected|static|final) )*)\\brecord (\\w+)\\s*(?:<[^>]*>)?\\s*\\(");
  private static final Pattern INTERFACE_HEADER = Pattern.compile("(?:^|[\\s;{}])(?:@?interface) \\w+");

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

  /**
   * A public record's canonical constructor is public (the language requires it), so a public record with more than
   * four components is a public constructor with more than four parameters, which the scan above cannot see. Records in
   * {@code internal} packages are left out: their modules do not export them (ModuleBoundaryTest), so no user calls
   * those constructors. A record nested in an interface is public without the word.
   */
  @Test
  void noPublicRecordHasMoreThanFourComponents() {
    assertThat(violations((file, flat) -> file.contains("/internal/") ? List.of() : bigPublicRecords(flat)))
        .as("public records with more than four components: group the components into small records, or make it a"
            + " final class with a builder (HttpOptions), or keep the record non-public where users never build it")
        .isEmpty();
  }

  /** {@code record Name(components)} declarations that are public and have more than four components. */
  static List<String> bigPublicRecords(String flat) {
    List<String> found = new ArrayList<>();
    Matcher m = RECORD.matcher(flat);
    while (m.find()) {
      int open = flat.indexOf('(', m.end() - 1);
      int close = closing(flat, open);
      String components = flat.substring(open + 1, close);
      boolean explicitlyPublic = m.group(1).contains("public");
      boolean otherAccess = m.group(1).contains("private") || m.group(1).contains("protected");
      if (parameters(components) > 4 && (explicitlyPublic || !otherAccess && enclosedByInterface(flat, m.start()))) {
        found.add("public record " + m.group(2) + "(" + components.trim() + ")");
      }
    }
    return found;
  }

  private static int closing(String s, int open) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      if (s.charAt(i) == '(') {
        depth++;
      } else if (s.charAt(i) == ')' && --depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("unbalanced parentheses");
  }

  /** Whether the innermost type declaration around {@code at} is an interface (nested records there are public). */
  private static boolean enclosedByInterface(String flat, int at) {
    List<Boolean> interfaces = new ArrayList<>();
    int statementStart = 0;
    for (int i = 0; i < at; i++) {
      char c = flat.charAt(i);
      if (c == '{') {
        interfaces.add(INTERFACE_HEADER.matcher(flat.substring(statementStart, i)).find());
        statementStart = i + 1;
      } else if (c == '}') {
        if (!interfaces.isEmpty()) {
          interfaces.removeLast();
        }
        statementStart = i + 1;
      } else if (c == ';') {
        statementStart = i + 1;
      }
    }
    return !interfaces.isEmpty() && interfaces.getLast();
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
    assertThat(bigPublicRecords(flatten("""
        public record Big(int a, int b, int c, int d, Map<String, List<String>> e) {}
        record Hidden(int a, int b, int c, int d, int e) {}
        public record Small(int a, int b, int c, int d) {}
        public interface Api {
          record Nested(String a, String b, String c, String d, String e) implements Api {}
          class Inner { record NotPublic(int a, int b, int c, int d, int e) {} }
        }
        """))).hasSize(2).allSatisfy(v -> assertThat(v).matches("public record (Big|Nested)\\(.*"));
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
        .replaceAll("'(?:[^'\\\\\\n]|\\\\.)'", "''")
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
