package dev.mcpkit.core.era;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.testing.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Era decisions live in {@code core.era}: this scans every main source of the reactor and fails on one made
 * elsewhere. An era decision is a call of {@code isModern}/{@code isLegacy}, a protocol-version string literal, a
 * comparison of protocol versions ({@code atLeast}, {@code compareTo}, {@code ==}/{@code !=} against a
 * {@code ProtocolVersion.V...} constant), or a test of a {@code session} against {@code null} (which was used to
 * mean "this is a 2026 request"). The few exceptions are listed in {@link #ALLOWED}, each with its reason; the core
 * README repeats them.
 *
 * <p>{@code -Dera.scan.root=DIR} scans another checkout (used to show that the main branch before the era package
 * fails).
 */
class EraDecisionsTest {

  /** The era package itself and the enum that defines the revision strings. */
  private static final List<String> OWNERS = List.of("mcpkit-core/src/main/java/dev/mcpkit/core/era/",
      "mcpkit-core/src/main/java/dev/mcpkit/core/protocol/ProtocolVersion.java");

  /**
   * Exceptions: "path | trimmed line" to the reason it is not an era decision. A test of a {@code session} against
   * {@code null} that means "there is no session object" (a lookup that failed, a notification outside any session)
   * is instead marked where it stands, with a comment on the line or the line above: {@value #NO_ERA_TEST} and why.
   */
  static final Map<String, String> ALLOWED = Map.of(
      "bench/src/main/java/dev/mcpkit/bench/Wire.java | static final String MODERN = \"2026-07-28\";",
      "the benchmark's canned requests pin the exact revision they measure, whatever the newest one becomes",
      "bench/src/main/java/dev/mcpkit/bench/Wire.java | static final String LEGACY = \"2025-11-25\";",
      "the benchmark's canned requests pin the exact revision they measure, whatever the newest one becomes",
      "mcpkit-auth/src/main/java/dev/mcpkit/auth/server/AuthorizeEndpoint.java"
          + " | if (session == null || !session.id().equals(p.sessionId())) {",
      "an OAuth login session of the authorization server, not an MCP session",
      "mcpkit-cli/src/main/java/dev/mcpkit/cli/ClientOptions.java | return a.compareTo(b) < 0 ? a : b;",
      "compares two Durations (the file also names ProtocolVersion)");

  /** The marker of a {@code session == null} test that asks whether a session object exists. */
  static final String NO_ERA_TEST = "not an era test";

  private static final Pattern PREDICATE = Pattern.compile("\\bis(Modern|Legacy)\\s*\\(|::is(Modern|Legacy)\\b");
  // A revision as a value: the whole literal, a JSON string inside one (\"2026-07-28\"), or a header value.
  // A revision named in prose ("batches exist only in protocol revision 2025-03-26") is a message, not a decision.
  private static final Pattern DATE = Pattern.compile("^\"20(24|25|26)-[01]\\d-[0-3]\\d\"$"
      + "|\\\\\"20(24|25|26)-[01]\\d-[0-3]\\d\\\\\"|Version: 20(24|25|26)-[01]\\d-[0-3]\\d");
  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\\\n]|\\\\.)*\"");
  // atLeast is ProtocolVersion's comparison, but other types have one too (a finding's Severity): it counts only in
  // a file that speaks of protocol versions at all.
  private static final Pattern AT_LEAST = Pattern.compile("\\.atLeast\\s*\\(|::atLeast\\b");
  private static final Pattern COMPARISON = Pattern.compile("[!=]=\\s*ProtocolVersion\\.V\\d"
      + "|ProtocolVersion\\.V\\w+\\s*[!=]=");
  private static final Pattern COMPARE_TO = Pattern.compile("\\bcompareTo\\s*\\(");
  private static final Pattern SESSION_NULL = Pattern.compile("\\bsession(\\(\\))?\\s*[!=]=\\s*null"
      + "|\\bnull\\s*[!=]=\\s*session\\b");

  @Test
  void eraDecisionsLiveInTheEraPackage() throws IOException {
    String override = System.getProperty("era.scan.root");
    Path root = override != null && !override.isBlank() ? Path.of(override) : Repo.root();
    List<String> found = new ArrayList<>();
    List<Path> sources;
    try (Stream<Path> modules = Files.list(root)) {
      sources = modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory)
          .flatMap(EraDecisionsTest::javaFiles).sorted().toList();
    }
    assertThat(sources).as("main sources under %s", root).hasSizeGreaterThan(50);
    for (Path file : sources) {
      String rel = root.relativize(file).toString().replace('\\', '/');
      if (OWNERS.stream().anyMatch(rel::startsWith)) {
        continue;
      }
      scan(rel, Files.readString(file), found);
    }
    assertThat(found).as("era decisions outside dev.mcpkit.core.era (move them there, or allow-list them with a"
        + " reason in EraDecisionsTest.ALLOWED and the core README)").isEmpty();
  }

  @Test
  void everyAllowListEntryStillMatchesALine() throws IOException {
    if (System.getProperty("era.scan.root", "").isBlank()) {
      for (String entry : ALLOWED.keySet()) {
        int bar = entry.indexOf(" | ");
        Path file = Repo.root().resolve(entry.substring(0, bar));
        String line = entry.substring(bar + 3);
        assertThat(Files.readAllLines(file).stream().map(String::trim)).as("allow-list entry %s", entry)
            .contains(line);
      }
    }
  }

  @Test
  void atLeastCountsWhereProtocolVersionsAreSpokenOf() {
    List<String> found = new ArrayList<>();
    scan("A.java", "class A {\n  boolean b = client.protocolVersion().atLeast(v);\n}\n", found);
    scan("B.java", "class B {\n  boolean b = finding.severity().atLeast(Severity.HIGH);\n}\n", found);
    assertThat(found).containsExactly("A.java:2 [protocol-version comparison]: boolean b = client.protocolVersion()"
        + ".atLeast(v);");
  }

  private static void scan(String rel, String source, List<String> found) {
    String[] lines = stripComments(source).split("\n", -1);
    String[] raw = source.split("\n", -1);
    boolean versions = source.contains("ProtocolVersion");
    boolean speaksOfVersions = versions || source.contains("protocolVersion");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      List<String> why = new ArrayList<>();
      if (PREDICATE.matcher(line).find()) {
        why.add("isModern/isLegacy");
      }
      Matcher s = STRING.matcher(line);
      while (s.find()) {
        if (DATE.matcher(s.group()).find()) {
          why.add("protocol-version literal");
          break;
        }
      }
      if (COMPARISON.matcher(line).find() || versions && COMPARE_TO.matcher(line).find()
          || speaksOfVersions && AT_LEAST.matcher(line).find()) {
        why.add("protocol-version comparison");
      }
      boolean marked = raw[i].contains(NO_ERA_TEST) || i > 0 && raw[i - 1].contains(NO_ERA_TEST);
      if (SESSION_NULL.matcher(line).find() && !marked) {
        why.add("session tested against null");
      }
      if (!why.isEmpty() && !ALLOWED.containsKey(rel + " | " + line.trim())) {
        found.add(rel + ":" + (i + 1) + " " + why + ": " + line.trim());
      }
    }
  }

  /** Blanks comments, keeping line numbers (a date in Javadoc is documentation, not a decision). */
  static String stripComments(String source) {
    StringBuilder out = new StringBuilder(source.length());
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      if (c == '"') {
        int end = stringEnd(source, i);
        out.append(source, i, end);
        i = end;
      } else if (c == '\'' && i + 2 < n) {
        int end = source.indexOf('\'', i + (source.charAt(i + 1) == '\\' ? 3 : 2));
        end = end < 0 ? n : end + 1;
        out.append(source, i, end);
        i = end;
      } else if (source.startsWith("//", i)) {
        while (i < n && source.charAt(i) != '\n') {
          i++;
        }
      } else if (source.startsWith("/*", i)) {
        int end = source.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        for (int k = i; k < end; k++) {
          if (source.charAt(k) == '\n') {
            out.append('\n');
          }
        }
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** The index after the string literal (or text block) starting at {@code start}. */
  private static int stringEnd(String s, int start) {
    if (s.startsWith("\"\"\"", start)) {
      int end = s.indexOf("\"\"\"", start + 3);
      return end < 0 ? s.length() : end + 3;
    }
    int i = start + 1;
    while (i < s.length() && s.charAt(i) != '"' && s.charAt(i) != '\n') {
      i += s.charAt(i) == '\\' ? 2 : 1;
    }
    return Math.min(i + 1, s.length());
  }

  private static Stream<Path> javaFiles(Path dir) {
    try {
      return Files.walk(dir).filter(p -> p.toString().endsWith(".java")).toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
