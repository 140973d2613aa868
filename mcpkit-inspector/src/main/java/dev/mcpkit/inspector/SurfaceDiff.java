package dev.mcpkit.inspector;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.guard.Pins;
import dev.mcpkit.inspector.internal.SchemaRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What changed from one {@link Snapshot} to another, each change classified. Breaking: a removed tool, prompt,
 * resource or resource template; a new required input (tool input property or prompt argument, or one that became
 * required); an input type narrowed or an input enum value removed (or an enum added where any value was taken); an
 * output type widened (or an output enum value added, or the output schema dropped) or a required output field
 * removed. Everything else that changed a definition's pin hash (description, title, annotations, icons, other
 * schema details) is reported as non-breaking: it still matters to whoever pinned the server.
 *
 * @param changes the changes, breaking ones first
 */
public record SurfaceDiff(List<Change> changes) {

  /** Copies the list. */
  public SurfaceDiff {
    changes = List.copyOf(changes);
  }

  /**
   * One change.
   *
   * @param kind {@code added}, {@code removed} or {@code changed}
   * @param breaking whether a client written against the old surface may fail against the new one
   * @param subject what changed ({@code tool "add"}, {@code server capabilities})
   * @param detail what about it changed, with a JSON pointer into the definition where there is one
   */
  public record Change(String kind, boolean breaking, String subject, String detail) {}

  /** Compares two snapshots. */
  public static SurfaceDiff of(Snapshot before, Snapshot after) {
    List<Change> out = new ArrayList<>();
    JsonNode a = before.document();
    JsonNode b = after.document();
    for (String field : List.of("protocolVersion", "serverInfo", "capabilities", "instructions")) {
      if (!a.path(field).equals(b.path(field))) {
        out.add(new Change("changed", false, "server " + field, describe(a.path(field)) + " -> "
            + describe(b.path(field))));
      }
    }
    // The guard's kinds and names, so that "kind/name" is the key of the snapshots' pin hashes.
    Pins.kinds().forEach(kind -> {
      Map<String, JsonNode> was = byId(a.path(kind), kind);
      Map<String, JsonNode> now = byId(b.path(kind), kind);
      String noun = noun(kind);
      was.forEach((key, def) -> {
        if (!now.containsKey(key)) {
          out.add(new Change("removed", true, noun + " \"" + key + "\"", "no longer offered"));
        }
      });
      now.forEach((key, def) -> {
        JsonNode old = was.get(key);
        if (old == null) {
          out.add(new Change("added", false, noun + " \"" + key + "\"", "newly offered"));
        } else if (!old.equals(def)) {
          definition(kind, noun + " \"" + key + "\"", old, def, before.hash(kind + "/" + key),
              after.hash(kind + "/" + key), out);
        }
      });
    });
    List<Change> sorted = new ArrayList<>(out.stream().filter(Change::breaking).toList());
    sorted.addAll(out.stream().filter(c -> !c.breaking()).toList());
    return new SurfaceDiff(sorted);
  }

  /** One definition present in both: the schema and argument rules, then every other field that differs. */
  private static void definition(String kind, String subject, JsonNode old, JsonNode now, String oldHash,
      String newHash, List<Change> out) {
    List<SchemaRules.Finding> found = new ArrayList<>();
    Set<String> handled = new LinkedHashSet<>();
    if (kind.equals("tools")) {
      SchemaRules.input(old.path("inputSchema"), now.path("inputSchema"), "/inputSchema", found);
      SchemaRules.output(old.get("outputSchema"), now.get("outputSchema"), "/outputSchema", found);
      handled.addAll(List.of("inputSchema", "outputSchema"));
    } else if (kind.equals("prompts")) {
      SchemaRules.promptArguments(old.path("arguments"), now.path("arguments"), found);
      handled.add("arguments");
    }
    found.forEach(f -> out.add(new Change("changed", f.breaking(), subject, f.detail())));
    for (String field : fields(old, now)) {
      if (!old.path(field).equals(now.path(field))
          && (!handled.contains(field) || found.stream().noneMatch(f -> f.detail().startsWith("/" + field)))) {
        out.add(new Change("changed", false, subject, "/" + field + " changed" + (handled.contains(field) ? ""
            : ": " + describe(old.path(field)) + " -> " + describe(now.path(field)))));
      }
    }
    if (oldHash != null && newHash != null && !oldHash.equals(newHash)) {
      out.add(new Change("changed", false, subject, "pin hash " + oldHash + " -> " + newHash
          + " (a pin lock of the old surface flags it)"));
    }
  }

  private static Set<String> fields(JsonNode a, JsonNode b) {
    Set<String> names = new LinkedHashSet<>(a.propertyNames());
    names.addAll(b.propertyNames());
    return names;
  }

  private static Map<String, JsonNode> byId(JsonNode list, String kind) {
    Map<String, JsonNode> m = new LinkedHashMap<>();
    list.forEach(d -> m.putIfAbsent(Pins.id(kind, d), d));
    return m;
  }

  private static String noun(String kind) {
    return switch (kind) {
      case "tools" -> "tool";
      case "prompts" -> "prompt";
      case "resources" -> "resource";
      default -> "resource template";
    };
  }

  /** A short rendering of a value for a one-line change (long values cut). */
  static String describe(JsonNode v) {
    if (v == null || v.isMissingNode()) {
      return "(absent)";
    }
    String s = Json.write(v);
    return s.length() > 160 ? s.substring(0, 157) + "..." : s;
  }

  /** Whether any change is breaking. */
  public boolean breaking() {
    return changes.stream().anyMatch(Change::breaking);
  }

  /** The changes as JSON: {@code {"breaking": N, "nonBreaking": N, "changes": [{kind, breaking, subject, detail}]}}. */
  public JsonNode toJson() {
    ObjectNode o = Json.object();
    long breaking = changes.stream().filter(Change::breaking).count();
    o.put("breaking", breaking);
    o.put("nonBreaking", changes.size() - breaking);
    ArrayNode list = o.putArray("changes");
    for (Change c : changes) {
      ObjectNode e = list.addObject();
      e.put("kind", c.kind());
      e.put("breaking", c.breaking());
      e.put("subject", c.subject());
      e.put("detail", c.detail());
    }
    return o;
  }

  /** One line per change ({@code BREAKING removed tool "add": no longer offered}) and a summary line. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    changes.forEach(c -> lines.add(String.format("%-9s %-8s %s: %s", c.breaking() ? "BREAKING" : "ok",
        c.kind(), c.subject(), c.detail())));
    long breaking = changes.stream().filter(Change::breaking).count();
    lines.add(changes.isEmpty() ? "No changes." : breaking + " breaking, " + (changes.size() - breaking)
        + " non-breaking " + (changes.size() - breaking == 1 ? "change." : "changes."));
    return lines;
  }
}
