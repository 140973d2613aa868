package dev.mcpkit.cli;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.text.PeerText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;

/**
 * Human output of the client commands: tables for listings, readable content for results. Every
 * string from the server goes through {@link PeerText} first (controls, escape sequences, invisible
 * and bidi characters shown escaped, by code point), so a hostile server cannot rewrite the user's
 * terminal or hide text in it.
 */
final class HumanOutput {

  private final PrintWriter out;

  HumanOutput(PrintWriter out) {
    this.out = out;
  }

  /** A table with a title line, one header row and aligned columns; the last column is not padded. */
  void table(String title, List<String> header, List<List<String>> rows) {
    out.println(title + " (" + rows.size() + ")");
    if (rows.isEmpty()) {
      out.println("  (none)");
      out.println();
      return;
    }
    int[] width = new int[header.size()];
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    for (List<String> r : all) {
      for (int i = 0; i < r.size(); i++) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    for (List<String> r : all) {
      StringBuilder b = new StringBuilder("  ");
      for (int i = 0; i < r.size(); i++) {
        String cell = r.get(i);
        b.append(i == r.size() - 1 ? cell : String.format("%-" + width[i] + "s  ", cell));
      }
      out.println(b.toString().stripTrailing());
    }
    out.println();
  }

  void tools(JsonNode tools) {
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode t : tools) {
      List<String> args = new ArrayList<>();
      JsonNode props = t.path("inputSchema").path("properties");
      List<String> required = new ArrayList<>();
      t.path("inputSchema").path("required").forEach(r -> required.add(r.asString("")));
      for (var e : props.properties()) {
        args.add(e.getKey() + (required.contains(e.getKey()) ? "" : "?") + ":" + e.getValue().path("type").asString("any"));
      }
      rows.add(List.of(PeerText.line(t.path("name").asString(""), 60), PeerText.line(String.join(", ", args), 60),
          PeerText.line(t.path("description").asString(""), 80)));
    }
    table("TOOLS", List.of("NAME", "ARGUMENTS", "DESCRIPTION"), rows);
  }

  void resources(JsonNode resources) {
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode r : resources) {
      rows.add(List.of(PeerText.line(r.path("uri").asString(""), 80), PeerText.line(r.path("name").asString(""), 40),
          PeerText.line(r.path("mimeType").asString(""), 30), PeerText.line(r.path("description").asString(""), 60)));
    }
    table("RESOURCES", List.of("URI", "NAME", "MIME TYPE", "DESCRIPTION"), rows);
  }

  void templates(JsonNode templates) {
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode r : templates) {
      rows.add(List.of(PeerText.line(r.path("uriTemplate").asString(""), 80), PeerText.line(r.path("name").asString(""), 40),
          PeerText.line(r.path("mimeType").asString(""), 30), PeerText.line(r.path("description").asString(""), 60)));
    }
    table("RESOURCE TEMPLATES", List.of("URI TEMPLATE", "NAME", "MIME TYPE", "DESCRIPTION"), rows);
  }

  void prompts(JsonNode prompts) {
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode p : prompts) {
      List<String> args = new ArrayList<>();
      for (JsonNode a : p.path("arguments")) {
        args.add(a.path("name").asString("") + (a.path("required").asBoolean(false) ? "" : "?"));
      }
      rows.add(List.of(PeerText.line(p.path("name").asString(""), 60), PeerText.line(String.join(", ", args), 50),
          PeerText.line(p.path("description").asString(""), 80)));
    }
    table("PROMPTS", List.of("NAME", "ARGUMENTS", "DESCRIPTION"), rows);
  }

  /** Content blocks (tool results, prompt messages). */
  void content(JsonNode blocks) {
    for (JsonNode c : blocks) {
      switch (c.path("type").asString("")) {
        case "text" -> out.println(printable(c.path("text").asString("")));
        case "image", "audio" -> out.println("[" + c.path("type").asString() + ": " + PeerText.line(c.path("mimeType").asString("?"), 60)
            + ", " + base64Bytes(c.path("data").asString("")) + " bytes]");
        case "resource_link" -> out.println("[resource link: " + PeerText.line(c.path("uri").asString(""), 200) + "]");
        case "resource" -> resourceContents(c.path("resource"));
        default -> out.println(pretty(c));
      }
    }
  }

  void resourceContents(JsonNode r) {
    if (r.has("text")) {
      out.println("[" + PeerText.line(r.path("uri").asString(""), 200) + (r.has("mimeType") ? ", " + PeerText.line(r.get("mimeType").asString(""), 60) : "") + "]");
      out.println(printable(r.path("text").asString("")));
    } else {
      out.println("[" + PeerText.line(r.path("uri").asString(""), 200) + ": " + PeerText.line(r.path("mimeType").asString("binary"), 60) + ", "
          + base64Bytes(r.path("blob").asString("")) + " bytes]");
    }
  }

  void toolResult(JsonNode result) {
    content(result.path("content"));
    if (result.has("structuredContent")) {
      out.println("structuredContent:");
      out.println(pretty(result.get("structuredContent")));
    }
  }

  void prompt(JsonNode result) {
    if (result.path("description").isString()) {
      out.println("# " + PeerText.line(result.get("description").asString(), 200));
    }
    for (JsonNode m : result.path("messages")) {
      out.print(PeerText.line(m.path("role").asString("?"), 20) + ": ");
      content(Json.array().add(m.path("content")));
    }
  }

  /** Indented JSON, safe to print: non-printing code points as JSON escapes, so it stays valid JSON. */
  static String pretty(JsonNode n) {
    return PeerText.json(json(n));
  }

  /** Indented JSON as serialized (not yet made safe to print). */
  static String json(JsonNode n) {
    return Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(n);
  }

  /** Multi-line text: newlines and tabs kept, every other non-printing code point escaped. */
  static String printable(String s) {
    return PeerText.block(s);
  }

  private static int base64Bytes(String b64) {
    int pad = b64.endsWith("==") ? 2 : b64.endsWith("=") ? 1 : 0;
    return Math.max(0, b64.length() / 4 * 3 - pad);
  }
}
