package dev.mcpkit.guard;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.text.PeerText;
import dev.mcpkit.guard.internal.Sarif;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The outcome of scanning one or more targets, and its three renderings: for people ({@link #human}), JSON
 * ({@link #json}) and SARIF 2.1.0 ({@link #sarif}) for code-scanning interfaces.
 *
 * @param targets what was scanned, in order
 */
public record ScanReport(List<Target> targets) {

  /**
   * One scanned target.
   *
   * @param label how it is named (a URL, a command line, {@code name} in a config file)
   * @param file the host configuration file it came from, or {@code null}
   * @param findings its findings, highest severity first
   * @param error why it could not be scanned completely (could not connect, a listing failed), or {@code null}
   */
  public record Target(String label, String file, List<Finding> findings, String error) {
    /** Copies the findings. */
    public Target {
      findings = List.copyOf(findings);
    }
  }

  /** Copies the list. */
  public ScanReport {
    targets = List.copyOf(targets);
  }

  /** The highest severity found, if any. */
  public Optional<Severity> highest() {
    return targets.stream().flatMap(t -> t.findings().stream()).map(Finding::severity).max(Enum::compareTo);
  }

  /** Whether a target could not be scanned. */
  public boolean hasErrors() {
    return targets.stream().anyMatch(t -> t.error() != null);
  }

  /** Human output: per target its findings with code, severity, where and the excerpt; every peer string escaped. */
  public String human() {
    StringBuilder b = new StringBuilder();
    int total = 0;
    for (Target t : targets) {
      b.append(PeerText.line(t.label(), 300)).append(t.file() == null ? "" : " (" + PeerText.line(t.file(), 300) + ")")
          .append('\n');
      if (t.error() != null) {
        b.append("  error: ").append(PeerText.line(t.error(), 1000)).append('\n');
      }
      if (t.findings().isEmpty() && t.error() == null) {
        b.append("  no findings\n");
      }
      for (Finding f : t.findings()) {
        total++;
        b.append("  ").append(f.severity().id().toUpperCase(java.util.Locale.ROOT)).append(' ').append(f.code())
            .append(' ').append(f.title()).append('\n')
            .append("    at ").append(PeerText.line(f.subject(), 200)).append(' ')
            .append(PeerText.line(f.pointer(), 300)).append('\n')
            .append("    ").append(f.excerpt().replace("\n", "\n    ")).append('\n')   // a pin diff has lines
            .append("    fix: ").append(f.fix()).append('\n');
      }
      b.append('\n');
    }
    b.append(total).append(total == 1 ? " finding" : " findings").append(" in ").append(targets.size())
        .append(targets.size() == 1 ? " target" : " targets")
        .append(highest().map(s -> "; highest severity: " + s.id()).orElse("")).append('\n');
    return b.toString();
  }

  /** JSON: {@code {"targets": [{"target", "file", "error", "findings": [{"code", "severity", ...}]}], "highest"}}. */
  public ObjectNode json() {
    ObjectNode root = Json.object();
    ArrayNode list = root.putArray("targets");
    for (Target t : targets) {
      ObjectNode o = list.addObject().put("target", t.label());
      if (t.file() != null) {
        o.put("file", t.file());
      }
      if (t.error() != null) {
        o.put("error", t.error());
      }
      ArrayNode fs = o.putArray("findings");
      for (Finding f : t.findings()) {
        fs.addObject().put("code", f.code()).put("severity", f.severity().id()).put("title", f.title())
            .put("pointer", f.pointer()).put("subject", f.subject()).put("excerpt", f.excerpt()).put("fix", f.fix());
      }
    }
    highest().ifPresent(s -> root.put("highest", s.id()));
    return root;
  }

  /**
   * SARIF 2.1.0: one run of the tool {@code mcpkit scan} with every rule of {@code rules} and one result per finding
   * (rule id = the code; level error for high and critical, warning for medium, note for low; a logical location
   * naming the target and the JSON pointer; a physical location when the target came from a file).
   */
  public ObjectNode sarif(RuleSet rules, String toolVersion) {
    return Sarif.write(this, rules, toolVersion);
  }
}
