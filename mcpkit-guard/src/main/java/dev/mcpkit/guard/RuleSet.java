package dev.mcpkit.guard;

import dev.mcpkit.core.files.LocalFiles;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.guard.internal.Detectors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;

/**
 * The rules the guard applies: mcpkit's built-in rule file ({@code rules.json}, {@code "version": 1}) plus any rule
 * files the user adds. A rule file is JSON: {@code {"version": 1, "rules": [{"code", "severity", "title", "why",
 * "fix", "example", "scopes", "patterns" | "detector"}]}}. A user rule with the code of an existing rule replaces it
 * (to change a severity or narrow a pattern); any other code is added. Immutable.
 */
public final class RuleSet {

  /** The rule-file format this build reads. */
  public static final int VERSION = 1;

  private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9]*(-[A-Z0-9]+)+");

  private final Map<String, Rule> rules;
  private final Map<String, List<Pattern>> compiled;
  private final List<String> order;

  private RuleSet(Map<String, Rule> rules) {
    this.rules = Map.copyOf(rules);
    Map<String, List<Pattern>> c = new LinkedHashMap<>();
    rules.forEach((code, r) -> c.put(code, r.patterns().stream()
        .map(p -> Pattern.compile(p, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)).toList()));
    this.compiled = Map.copyOf(c);
    this.order = List.copyOf(rules.keySet());
  }

  /** mcpkit's own rules. */
  public static RuleSet builtIn() {
    try (InputStream in = RuleSet.class.getResourceAsStream("rules.json")) {
      if (in == null) {
        throw new IllegalStateException("rules.json is missing from mcpkit-guard");
      }
      return new RuleSet(parse(Json.parse(in.readAllBytes()), "mcpkit's built-in rules.json", new LinkedHashMap<>()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read mcpkit's built-in rules.json", e);
    }
  }

  /**
   * These rules and those of a user's rule file.
   *
   * @throws IllegalArgumentException when the file cannot be read or a rule in it is invalid (the message names the
   *     file, the rule and what is wrong)
   */
  public RuleSet with(Path file) {
    byte[] bytes;
    try {
      bytes = LocalFiles.read(file, "the rule file");
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no such rule file: " + file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the rule file " + file + ": " + e.getMessage());
    }
    JsonNode root;
    try {
      root = Json.parse(bytes);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("the rule file " + file + " is not valid JSON: " + e.getMessage());
    }
    Map<String, Rule> all = new LinkedHashMap<>();
    order.forEach(c -> all.put(c, rules.get(c)));
    return new RuleSet(parse(root, "the rule file " + file, all));
  }

  /** Every rule, in file order (built-in first). */
  public List<Rule> rules() {
    return order.stream().map(rules::get).toList();
  }

  /** The rule with this code, or {@code null}. */
  public Rule rule(String code) {
    return rules.get(code);
  }

  /** The compiled patterns of a rule (empty for a detector rule). */
  List<Pattern> patterns(String code) {
    return compiled.getOrDefault(code, List.of());
  }

  private static Map<String, Rule> parse(JsonNode root, String where, Map<String, Rule> into) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(where + ": expected a JSON object with \"version\" and \"rules\"");
    }
    if (root.path("version").asInt(-1) != VERSION) {
      throw new IllegalArgumentException(where + ": \"version\" must be " + VERSION + " (this mcpkit reads rule files"
          + " of version " + VERSION + "), got " + root.path("version"));
    }
    if (!root.path("rules").isArray()) {
      throw new IllegalArgumentException(where + ": \"rules\" must be an array");
    }
    for (JsonNode n : root.path("rules")) {
      String code = n.path("code").asString("");
      String at = where + ", rule \"" + code + "\"";
      if (!CODE.matcher(code).matches()) {
        throw new IllegalArgumentException(where + ": a rule's \"code\" must look like MCP-G001 or ACME-1, got \""
            + code + "\"");
      }
      List<String> scopes = strings(n.path("scopes"));
      for (String s : scopes) {
        if (!List.of("text", "name", "launch", "pin", "flow").contains(s)) {
          throw new IllegalArgumentException(at + ": unknown scope \"" + s + "\" (text, name, launch, pin or flow)");
        }
      }
      List<String> patterns = strings(n.path("patterns"));
      for (String p : patterns) {
        try {
          Pattern.compile(p);
        } catch (PatternSyntaxException e) {
          throw new IllegalArgumentException(at + ": invalid pattern " + p + ": " + e.getDescription());
        }
      }
      String detector = n.path("detector").isString() ? n.get("detector").asString() : null;
      if (detector != null && !Detectors.NAMES.contains(detector)) {
        throw new IllegalArgumentException(at + ": unknown detector \"" + detector + "\" (" + String.join(", ",
            Detectors.NAMES) + ")");
      }
      // pin and flow rules are raised by Pins.check and ToxicFlows, not matched: they give neither (a user file may
      // still re-rate them)
      if (scopes.contains("pin") || scopes.contains("flow") ? detector != null || !patterns.isEmpty() : (detector == null) == patterns.isEmpty()) {
        throw new IllegalArgumentException(at + ": give either \"patterns\" or a \"detector\"");
      }
      for (String field : List.of("title", "why", "fix")) {
        if (n.path(field).asString("").isBlank()) {
          throw new IllegalArgumentException(at + ": \"" + field + "\" is required");
        }
      }
      Severity severity = Severity.parse(n.path("severity").asString(""));
      into.put(code, new Rule(code, severity, n.path("title").asString(), n.path("why").asString(),
          n.path("fix").asString(), n.path("example").asString(""), scopes, patterns, detector));
    }
    return into;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(s -> out.add(s.asString("")));
    return out;
  }
}
