package dev.mcpkit.guard.internal;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.guard.Finding;
import dev.mcpkit.guard.Rule;
import dev.mcpkit.guard.RuleSet;
import dev.mcpkit.guard.ScanReport;
import dev.mcpkit.guard.Severity;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Writes a {@link ScanReport} as a SARIF 2.1.0 log. */
public final class Sarif {

  private static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

  private Sarif() {}

  /** The SARIF log. */
  public static ObjectNode write(ScanReport report, RuleSet rules, String toolVersion) {
    ObjectNode log = Json.object().put("$schema", SCHEMA).put("version", "2.1.0");
    ObjectNode run = log.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver").put("name", "mcpkit scan")
        .put("version", toolVersion);
    ArrayNode ruleList = driver.putArray("rules");
    List<Rule> all = rules.rules();
    for (Rule r : all) {
      ObjectNode o = ruleList.addObject().put("id", r.code()).put("name", camel(r.title()));
      o.putObject("shortDescription").put("text", r.title());
      o.putObject("fullDescription").put("text", r.why());
      o.putObject("help").put("text", r.fix());
      o.putObject("defaultConfiguration").put("level", level(r.severity()));
      ObjectNode props = o.putObject("properties");
      props.put("security-severity", securitySeverity(r.severity()));
      props.putArray("tags").add("security").add("mcp");
    }
    ArrayNode results = run.putArray("results");
    for (ScanReport.Target t : report.targets()) {
      for (Finding f : t.findings()) {
        ObjectNode res = results.addObject().put("ruleId", f.code());
        int index = indexOf(all, f.code());
        if (index >= 0) {
          res.put("ruleIndex", index);
        }
        res.put("level", level(f.severity()));
        res.putObject("message").put("text", f.title() + " in " + f.subject() + " at " + f.pointer() + ": "
            + f.excerpt());
        ObjectNode loc = res.putArray("locations").addObject();
        if (t.file() != null) {
          loc.putObject("physicalLocation").putObject("artifactLocation")
              .put("uri", Path.of(t.file()).toUri().toString());
        }
        loc.putArray("logicalLocations").addObject().put("fullyQualifiedName", t.label() + f.pointer())
            .put("kind", "member");
        res.putObject("properties").put("target", t.label()).put("pointer", f.pointer())
            .put("severity", f.severity().id());
      }
    }
    ArrayNode notifications = Json.array();
    for (ScanReport.Target t : report.targets()) {
      if (t.error() != null) {
        ObjectNode n = notifications.addObject().put("level", "error");
        n.putObject("message").put("text", t.label() + ": " + t.error());
      }
    }
    ObjectNode invocation = run.putArray("invocations").addObject().put("executionSuccessful", !report.hasErrors());
    if (!notifications.isEmpty()) {
      invocation.set("toolExecutionNotifications", notifications);
    }
    return log;
  }

  private static int indexOf(List<Rule> rules, String code) {
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).code().equals(code)) {
        return i;
      }
    }
    return -1;
  }

  private static String level(Severity s) {
    return switch (s) {
      case CRITICAL, HIGH -> "error";
      case MEDIUM -> "warning";
      case LOW -> "note";
    };
  }

  /** GitHub code scanning's numeric severity (0.1-10) for a level. */
  private static String securitySeverity(Severity s) {
    return switch (s) {
      case CRITICAL -> "9.5";
      case HIGH -> "8.0";
      case MEDIUM -> "5.5";
      case LOW -> "2.0";
    };
  }

  private static String camel(String title) {
    StringBuilder b = new StringBuilder();
    for (String w : title.replaceAll("[^A-Za-z0-9 ]", " ").trim().split("\\s+")) {
      if (!w.isEmpty()) {
        b.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
      }
    }
    return b.toString();
  }
}
