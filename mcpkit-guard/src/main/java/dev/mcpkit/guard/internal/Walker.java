package dev.mcpkit.guard.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Walks a server's surface document ({@code serverInfo}, {@code instructions}, {@code tools}, {@code prompts},
 * {@code resources}, {@code resourceTemplates}) and yields every string a model reads, with its JSON pointer: names,
 * titles, descriptions, and inside input and output schemas every property name, description, title, comment, enum,
 * const, default and example, recursively, plus strings under keys no standard defines (a place to hide text).
 */
public final class Walker {

  /** One string a model reads. */
  public record Field(String pointer, String subject, String scope, String text) {}

  /** Deeper schemas than this are not walked further (the client already bounds nesting). */
  private static final int MAX_DEPTH = 64;

  /** Schema keywords whose values are structure, not text for a model. */
  private static final Set<String> STRUCTURAL = Set.of("type", "$schema", "$id", "$ref", "$anchor", "$dynamicRef",
      "$dynamicAnchor", "format", "pattern", "contentEncoding", "contentMediaType", "required", "x-mcp-header");

  private Walker() {}

  /** Every text field of the document. */
  public static List<Field> fields(JsonNode doc) {
    List<Field> out = new ArrayList<>();
    JsonNode info = doc.path("serverInfo");
    String server = "server \"" + info.path("name").asString("?") + "\"";
    name(out, "/serverInfo/name", server, info.get("name"));
    text(out, "/serverInfo/title", server, info.get("title"));
    text(out, "/serverInfo/description", server, info.get("description"));
    text(out, "/instructions", server, doc.get("instructions"));
    JsonNode tools = doc.path("tools");
    for (int i = 0; i < tools.size(); i++) {
      JsonNode t = tools.get(i);
      String p = "/tools/" + i;
      String subject = "tool \"" + t.path("name").asString("?") + "\"";
      name(out, p + "/name", subject, t.get("name"));
      text(out, p + "/title", subject, t.get("title"));
      text(out, p + "/description", subject, t.get("description"));
      schema(out, p + "/inputSchema", subject, t.get("inputSchema"), 0);
      schema(out, p + "/outputSchema", subject, t.get("outputSchema"), 0);
      strings(out, p + "/annotations", subject, t.get("annotations"), 0);
    }
    JsonNode prompts = doc.path("prompts");
    for (int i = 0; i < prompts.size(); i++) {
      JsonNode pr = prompts.get(i);
      String p = "/prompts/" + i;
      String subject = "prompt \"" + pr.path("name").asString("?") + "\"";
      name(out, p + "/name", subject, pr.get("name"));
      text(out, p + "/title", subject, pr.get("title"));
      text(out, p + "/description", subject, pr.get("description"));
      JsonNode args = pr.path("arguments");
      for (int j = 0; j < args.size(); j++) {
        name(out, p + "/arguments/" + j + "/name", subject, args.get(j).get("name"));
        text(out, p + "/arguments/" + j + "/title", subject, args.get(j).get("title"));
        text(out, p + "/arguments/" + j + "/description", subject, args.get(j).get("description"));
      }
    }
    for (String kind : List.of("resources", "resourceTemplates")) {
      JsonNode list = doc.path(kind);
      for (int i = 0; i < list.size(); i++) {
        JsonNode r = list.get(i);
        String p = "/" + kind + "/" + i;
        String subject = (kind.equals("resources") ? "resource \"" : "resource template \"")
            + r.path("name").asString("?") + "\"";
        name(out, p + "/name", subject, r.get("name"));
        text(out, p + "/title", subject, r.get("title"));
        text(out, p + "/description", subject, r.get("description"));
        text(out, p + "/uri", subject, r.get("uri"));
        text(out, p + "/uriTemplate", subject, r.get("uriTemplate"));
      }
    }
    return out;
  }

  /** The names this server defines (tools, prompts, their arguments and properties), for the shadowing check. */
  public static Set<String> ownNames(JsonNode doc) {
    Set<String> names = new java.util.HashSet<>();
    for (Field f : fields(doc)) {
      if (f.scope().equals("name")) {
        names.add(f.text());
      }
    }
    return names;
  }

  private static void schema(List<Field> out, String p, String subject, JsonNode s, int depth) {
    if (s == null || depth > MAX_DEPTH) {
      return;
    }
    if (s.isArray()) {
      for (int i = 0; i < s.size(); i++) {
        schema(out, p + "/" + i, subject, s.get(i), depth + 1);
      }
      return;
    }
    if (!s.isObject()) {
      return;
    }
    for (Map.Entry<String, JsonNode> e : s.properties()) {
      String key = e.getKey();
      String at = p + "/" + LaunchChecks.pointerEscape(key);
      JsonNode v = e.getValue();
      switch (key) {
        case "properties", "patternProperties", "$defs", "definitions", "dependentSchemas" -> {
          for (Map.Entry<String, JsonNode> prop : v.properties()) {
            String pp = at + "/" + LaunchChecks.pointerEscape(prop.getKey());
            if (!key.equals("patternProperties")) {
              out.add(new Field(pp, subject, "name", prop.getKey()));
            }
            schema(out, pp, subject, prop.getValue(), depth + 1);
          }
        }
        case "enum", "const", "default", "examples" -> strings(out, at, subject, v, depth + 1);
        default -> {
          if (STRUCTURAL.contains(key)) {
            continue;
          }
          if (v.isString()) {
            out.add(new Field(at, subject, "text", v.asString()));
          } else {
            schema(out, at, subject, v, depth + 1);
          }
        }
      }
    }
  }

  /** Every string inside a value (an enum, a default, annotations), with its pointer. */
  private static void strings(List<Field> out, String p, String subject, JsonNode v, int depth) {
    if (v == null || depth > MAX_DEPTH) {
      return;
    }
    if (v.isString()) {
      out.add(new Field(p, subject, "text", v.asString()));
    } else if (v.isArray()) {
      for (int i = 0; i < v.size(); i++) {
        strings(out, p + "/" + i, subject, v.get(i), depth + 1);
      }
    } else if (v.isObject()) {
      for (Map.Entry<String, JsonNode> e : v.properties()) {
        strings(out, p + "/" + LaunchChecks.pointerEscape(e.getKey()), subject, e.getValue(), depth + 1);
      }
    }
  }

  private static void text(List<Field> out, String p, String subject, JsonNode v) {
    if (v != null && v.isString()) {
      out.add(new Field(p, subject, "text", v.asString()));
    }
  }

  private static void name(List<Field> out, String p, String subject, JsonNode v) {
    if (v != null && v.isString()) {
      out.add(new Field(p, subject, "name", v.asString()));
    }
  }
}
