package dev.mcpkit.guard;

import dev.mcpkit.client.config.ServerSpec;
import dev.mcpkit.guard.internal.Detectors;
import dev.mcpkit.guard.internal.LaunchChecks;
import dev.mcpkit.guard.internal.Walker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rule engine: applies a {@link RuleSet} to what a server shows a model ({@link #scan(ServerSurface, Set)}), to
 * one text field ({@link #scanText}, for callers that see definitions or results one at a time: the client
 * interceptor and the gateway, later) and to a host configuration entry ({@link #scanLaunch}). Deterministic and
 * offline: the same input gives the same findings, in the same order (severity, highest first, then pointer).
 * Immutable and thread-safe.
 */
public final class Guard {

  private static final Comparator<Finding> ORDER = Comparator.comparing(Finding::severity).reversed()
      .thenComparing(Finding::pointer).thenComparing(Finding::code);

  private final RuleSet rules;

  private Guard(RuleSet rules) {
    this.rules = rules;
  }

  /** A guard with these rules. */
  public static Guard of(RuleSet rules) {
    return new Guard(rules);
  }

  /** A guard with mcpkit's built-in rules. */
  public static Guard standard() {
    return new Guard(RuleSet.builtIn());
  }

  /** The rules it applies. */
  public RuleSet rules() {
    return rules;
  }

  /** Findings on one server alone. */
  public List<Finding> scan(ServerSurface surface) {
    return scan(surface, Set.of());
  }

  /**
   * Findings on one server.
   *
   * @param otherTools the tool names of the other servers scanned with it (one host configuration): a description
   *     that names one of them is cross-server shadowing
   */
  public List<Finding> scan(ServerSurface surface, Set<String> otherTools) {
    ScanContext ctx = new ScanContext(Walker.ownNames(surface.document()), otherTools);
    List<Finding> out = new ArrayList<>();
    for (Walker.Field f : Walker.fields(surface.document())) {
      out.addAll(scanText(f.pointer(), f.subject(), f.scope(), f.text(), ctx));
    }
    return sorted(out);
  }

  /**
   * Findings on one string a model reads.
   *
   * @param scope {@code text} (a description, title, instructions, schema text) or {@code name}
   */
  public List<Finding> scanText(String pointer, String subject, String scope, String text, ScanContext ctx) {
    List<Finding> out = new ArrayList<>();
    String normalized = null;
    for (Rule r : rules.rules()) {
      if (!r.appliesTo(scope)) {
        continue;
      }
      if (r.detector() != null) {
        for (String excerpt : Detectors.run(r.detector(), text, scope, ctx)) {
          out.add(finding(r, pointer, subject, excerpt));
        }
        continue;
      }
      if (normalized == null) {
        normalized = Detectors.normalize(text, scope.equals("name"));
      }
      String hit = match(r, normalized);
      if (hit != null) {
        out.add(finding(r, pointer, subject, hit));
      }
    }
    return out;
  }

  /** Findings on a host configuration entry (its command line, environment, URL and headers); runs nothing. */
  public List<Finding> scanLaunch(ServerSpec spec) {
    List<Finding> out = new ArrayList<>();
    String subject = "server \"" + spec.name() + "\"";
    String base = "/" + LaunchChecks.pointerEscape(spec.name());
    String line = spec.isStdio() ? LaunchChecks.commandLine(spec) : null;
    for (Rule r : rules.rules()) {
      if (!r.appliesTo("launch")) {
        continue;
      }
      if (r.detector() != null) {
        for (LaunchChecks.Hit h : LaunchChecks.run(r.detector(), spec)) {
          out.add(finding(r, base + h.pointer(), subject, h.excerpt()));
        }
      } else if (line != null) {
        String hit = match(r, line);
        if (hit != null) {
          out.add(finding(r, base + "/command", subject, spec.redact(hit)));
        }
      }
    }
    return sorted(out);
  }

  private String match(Rule r, String normalized) {
    for (Pattern p : rules.patterns(r.code())) {
      Matcher m = p.matcher(normalized);
      if (m.find()) {
        return Detectors.excerpt(normalized, m.start(), m.end());
      }
    }
    return null;
  }

  private static Finding finding(Rule r, String pointer, String subject, String excerpt) {
    return new Finding(r.code(), r.severity(), r.title(), pointer, subject, excerpt, r.fix());
  }

  /** One finding per rule and field, ordered by severity (highest first), pointer and code. */
  private static List<Finding> sorted(List<Finding> all) {
    Map<String, Finding> unique = new LinkedHashMap<>();
    all.forEach(f -> unique.putIfAbsent(f.code() + " " + f.pointer(), f));
    return unique.values().stream().sorted(ORDER).toList();
  }
}
