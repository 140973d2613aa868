package dev.mcpkit.inspector.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * The compatibility rules of a snapshot diff for JSON Schemas and prompt arguments. An input schema may accept more
 * and must not accept less (a client's old call must still be valid); an output schema may promise more and must not
 * promise less (a client's old reading of the result must still hold). Walks {@code properties} and {@code items};
 * other keywords are left to the caller's "changed" report.
 */
public final class SchemaRules {

  private SchemaRules() {}

  /**
   * One classified schema change.
   *
   * @param breaking whether it breaks an old client
   * @param detail a JSON pointer into the definition and what changed there
   */
  public record Finding(boolean breaking, String detail) {}

  /** Input direction: narrowing breaks. */
  public static void input(JsonNode old, JsonNode now, String at, List<Finding> out) {
    if (!old.isObject() || !now.isObject()) {
      return;
    }
    Set<String> was = types(old);
    Set<String> is = types(now);
    if (!accepts(is, was)) {
      out.add(new Finding(true, at + ": input type narrowed from " + show(was) + " to " + show(is)));
    } else if (!accepts(was, is)) {
      out.add(new Finding(false, at + ": input type widened from " + show(was) + " to " + show(is)));
    }
    enums(old, now, at, true, out);
    Set<String> oldRequired = strings(old.path("required"));
    for (String name : strings(now.path("required"))) {
      if (!oldRequired.contains(name)) {
        out.add(new Finding(true, at + "/properties/" + name + ": new required input \"" + name + "\""
            + (old.path("properties").has(name) ? " (was optional)" : "")));
      }
    }
    for (String name : oldRequired) {
      if (!strings(now.path("required")).contains(name)) {
        out.add(new Finding(false, at + "/properties/" + name + ": input \"" + name + "\" no longer required"));
      }
    }
    for (String name : names(old.path("properties"), now.path("properties"))) {
      JsonNode o = old.path("properties").get(name);
      JsonNode n = now.path("properties").get(name);
      String p = at + "/properties/" + name;
      if (o == null && !strings(now.path("required")).contains(name)) {
        out.add(new Finding(false, p + ": new optional input \"" + name + "\""));
      } else if (n == null) {
        out.add(new Finding(false, p + ": input \"" + name + "\" removed (no longer described)"));
      } else if (o != null) {
        input(o, n, p, out);
      }
    }
    if (old.path("items").isObject() && now.path("items").isObject()) {
      input(old.get("items"), now.get("items"), at + "/items", out);
    }
  }

  /**
   * Output direction: widening breaks. A {@code null} schema is an absent {@code outputSchema}: dropping it breaks
   * (the result is no longer promised), adding one does not.
   */
  public static void output(JsonNode old, JsonNode now, String at, List<Finding> out) {
    if (old == null && now == null) {
      return;
    }
    if (old == null) {
      out.add(new Finding(false, at + ": output schema added"));
      return;
    }
    if (now == null) {
      out.add(new Finding(true, at + ": output schema removed (the structured result is no longer promised)"));
      return;
    }
    if (!old.isObject() || !now.isObject()) {
      return;
    }
    Set<String> was = types(old);
    Set<String> is = types(now);
    if (!accepts(was, is)) {
      out.add(new Finding(true, at + ": output type widened from " + show(was) + " to " + show(is)));
    } else if (!accepts(is, was)) {
      out.add(new Finding(false, at + ": output type narrowed from " + show(was) + " to " + show(is)));
    }
    enums(old, now, at, false, out);
    Set<String> nowRequired = strings(now.path("required"));
    for (String name : strings(old.path("required"))) {
      if (!nowRequired.contains(name)) {
        out.add(new Finding(true, at + "/properties/" + name + ": required output field \"" + name + "\" "
            + (now.path("properties").has(name) ? "no longer required" : "removed")));
      }
    }
    for (String name : names(old.path("properties"), now.path("properties"))) {
      JsonNode o = old.path("properties").get(name);
      JsonNode n = now.path("properties").get(name);
      String p = at + "/properties/" + name;
      if (o == null) {
        out.add(new Finding(false, p + ": new output field \"" + name + "\""));
      } else if (n == null) {
        if (!strings(old.path("required")).contains(name)) {
          out.add(new Finding(false, p + ": optional output field \"" + name + "\" removed"));
        }
      } else {
        output(o, n, p, out);
      }
    }
    if (old.path("items").isObject() && now.path("items").isObject()) {
      output(old.get("items"), now.get("items"), at + "/items", out);
    }
  }

  /** A prompt's arguments: a new required argument (or one that became required) breaks. */
  public static void promptArguments(JsonNode old, JsonNode now, List<Finding> out) {
    Set<String> was = new TreeSet<>();
    Set<String> wasRequired = new TreeSet<>();
    old.forEach(a -> {
      was.add(a.path("name").asString(""));
      if (a.path("required").asBoolean(false)) {
        wasRequired.add(a.path("name").asString(""));
      }
    });
    Set<String> is = new TreeSet<>();
    now.forEach(a -> {
      String name = a.path("name").asString("");
      is.add(name);
      boolean required = a.path("required").asBoolean(false);
      if (required && !wasRequired.contains(name)) {
        out.add(new Finding(true, "/arguments: new required argument \"" + name + "\""
            + (was.contains(name) ? " (was optional)" : "")));
      } else if (!was.contains(name)) {
        out.add(new Finding(false, "/arguments: new optional argument \"" + name + "\""));
      }
    });
    was.stream().filter(n -> !is.contains(n))
        .forEach(n -> out.add(new Finding(false, "/arguments: argument \"" + n + "\" removed")));
  }

  /** Enum values: in inputs a removed value (or a new enum) breaks; in outputs an added value (or a dropped enum). */
  private static void enums(JsonNode old, JsonNode now, String at, boolean input, List<Finding> out) {
    JsonNode o = old.get("enum");
    JsonNode n = now.get("enum");
    if (o == null && n == null) {
      return;
    }
    if (o == null || n == null) {
      boolean restricts = o == null;
      out.add(new Finding(input == restricts, at + ": " + (input ? "input" : "output") + " enum "
          + (restricts ? "added (values now limited to " + n + ")" : "removed (any value now)")));
      return;
    }
    Set<JsonNode> was = new LinkedHashSet<>();
    o.forEach(was::add);
    Set<JsonNode> is = new LinkedHashSet<>();
    n.forEach(is::add);
    was.stream().filter(v -> !is.contains(v)).forEach(v -> out.add(new Finding(input, at + ": "
        + (input ? "input" : "output") + " enum value " + v + " removed")));
    is.stream().filter(v -> !was.contains(v)).forEach(v -> out.add(new Finding(!input, at + ": "
        + (input ? "input" : "output") + " enum value " + v + " added")));
  }

  /** The JSON types a schema allows; {@code null} when it says nothing (any type). */
  static Set<String> types(JsonNode schema) {
    JsonNode t = schema.get("type");
    if (t == null) {
      return null;
    }
    Set<String> s = new TreeSet<>();
    if (t.isString()) {
      s.add(t.asString());
    } else {
      t.forEach(x -> s.add(x.asString("")));
    }
    return s;
  }

  /** Whether a schema of types {@code wide} accepts every value of types {@code narrow} ({@code null}: any). */
  static boolean accepts(Set<String> wide, Set<String> narrow) {
    if (wide == null) {
      return true;
    }
    if (narrow == null) {
      return false;
    }
    return narrow.stream().allMatch(t -> wide.contains(t) || (t.equals("integer") && wide.contains("number")));
  }

  private static String show(Set<String> types) {
    return types == null ? "any" : String.join("|", types);
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> s = new TreeSet<>();
    array.forEach(x -> s.add(x.asString("")));
    return s;
  }

  private static Set<String> names(JsonNode a, JsonNode b) {
    Set<String> s = new TreeSet<>(a.propertyNames());
    s.addAll(b.propertyNames());
    return s;
  }
}
