package dev.mcpkit.guard;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.text.PeerText;
import dev.mcpkit.guard.internal.Canonical;
import dev.mcpkit.guard.internal.JsonDiff;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Pinning against rug pulls: the SHA-256 of the RFC 8785 (JSON Canonicalization Scheme) form of each
 * definition a server shows a model (each tool object as listed, with name, title, description, schemas,
 * annotations, icons, {@code execution} and {@code _meta}; each prompt, resource and resource template; the server's
 * {@code instructions}), and the comparison of a server with its pins. {@code mcpkit scan --pin} writes the pins to
 * a {@link PinLock}; every scan checks them; the client interceptor and the gateway are to call
 * {@link #check} on every listing.
 */
public final class Pins {

  /** The kinds of listed definitions, in pinning order, each with the field that names one among its kind. */
  private static final Map<String, String> KINDS = new LinkedHashMap<>();

  static {
    KINDS.put("tools", "name");
    KINDS.put("prompts", "name");
    KINDS.put("resources", "uri");
    KINDS.put("resourceTemplates", "uriTemplate");
  }

  private Pins() {}

  /**
   * The pins of a server as it is now.
   *
   * @param surface what it shows a model
   * @param url the URL it was reached at, or {@code null} for a stdio server
   * @param command the argv that started it (stdio), or empty
   * @throws IllegalArgumentException when a definition cannot be canonicalized or the URL is not absolute
   */
  public static ServerPin pin(ServerSurface surface, String url, List<String> command) {
    JsonNode doc = surface.document();
    Map<String, ServerPin.Definition> defs = new LinkedHashMap<>();
    if (doc.path("instructions").isString()) {
      defs.put("instructions", definition(doc.get("instructions"), "/instructions"));
    }
    KINDS.forEach((kind, id) -> {
      JsonNode list = doc.path(kind);
      for (int i = 0; i < list.size(); i++) {
        String key = key(kind, list.get(i));
        String unique = key;
        for (int n = 2; defs.containsKey(unique); n++) {
          unique = key + " (" + n + ")";   // two definitions under one name: both pinned, in listing order
        }
        defs.put(unique, definition(list.get(i), "/" + kind + "/" + i));
      }
    });
    String name = doc.path("serverInfo").path("name").asString("");
    return new ServerPin(ServerPin.Identity.of(name, url, command), defs);
  }

  /**
   * The key of one listed definition: {@code tools/NAME}, {@code prompts/NAME}, {@code resources/URI}, {@code
   * resourceTemplates/URI-TEMPLATE}.
   *
   * @param kind {@code tools}, {@code prompts}, {@code resources} or {@code resourceTemplates}
   */
  static String key(String kind, JsonNode item) {
    return kind + "/" + id(kind, item);
  }

  /**
   * The kinds of definitions a server lists, in the order they are pinned: {@code tools}, {@code prompts}, {@code
   * resources}, {@code resourceTemplates} (the member names of a {@link ServerSurface} document).
   */
  public static List<String> kinds() {
    return List.copyOf(KINDS.keySet());
  }

  /**
   * What names a listed definition among those of its kind, as in its pin key ({@code KIND/ID}): a tool's or
   * prompt's {@code name}, a resource's {@code uri}, a template's {@code uriTemplate}; empty when it has none.
   */
  public static String id(String kind, JsonNode item) {
    return item.path(KINDS.getOrDefault(kind, "name")).asString("");
  }

  /** The pin of one JSON definition: its canonical form and hash. */
  public static ServerPin.Definition definition(JsonNode node, String pointer) {
    String canonical = Canonical.json(node);
    return new ServerPin.Definition(Canonical.sha256(canonical), canonical, pointer);
  }

  /**
   * Compares a server with its pins.
   *
   * @param rules where the pin rules' severity, title and fix come from ({@code MCP-G060} to {@code MCP-G063}; a
   *     user rule file may re-rate them)
   * @param pinned the pins from the lock file, or {@code null} when the server has none (everything is unpinned)
   * @param current the server now ({@link #pin})
   */
  public static PinCheck check(RuleSet rules, ServerPin pinned, ServerPin current) {
    List<Finding> findings = new ArrayList<>();
    Set<String> changed = new TreeSet<>();
    Set<String> unpinned = new TreeSet<>();
    if (pinned == null) {
      unpinned.addAll(current.definitions().keySet());
      findings.add(finding(rules, "MCP-G061", "", "server", "the server has no entry in the lock file ("
          + unpinned.size() + (unpinned.size() == 1 ? " definition" : " definitions") + " not reviewed)"));
      return new PinCheck(findings, changed, unpinned, false);
    }
    ServerPin.Identity was = pinned.identity();
    ServerPin.Identity now = current.identity();
    boolean identityChanged = !was.equals(now);
    if (identityChanged) {
      findings.add(finding(rules, "MCP-G063", "/serverInfo", "server", "pinned: " + PeerText.line(was.toString(), 400)
          + "\nnow:    " + PeerText.line(now.toString(), 400)));
    }
    current.definitions().forEach((key, def) -> {
      ServerPin.Definition old = pinned.definitions().get(key);
      if (old == null) {
        unpinned.add(key);
        findings.add(finding(rules, "MCP-G061", def.pointer(), subject(key), "not in the lock file: "
            + PeerText.line(def.canonical(), 300)));
      } else if (!old.sha256().equals(def.sha256())) {
        changed.add(key);
        List<String> diff = JsonDiff.diff(Json.parse(old.canonical()), Json.parse(def.canonical()));
        findings.add(finding(rules, "MCP-G060", def.pointer(), subject(key), String.join("\n", diff)));
      }
    });
    pinned.definitions().keySet().stream().filter(k -> !current.definitions().containsKey(k)).forEach(key ->
        findings.add(finding(rules, "MCP-G062", "/" + key.substring(0, Math.max(0, key.indexOf('/'))), subject(key),
            "pinned, no longer offered")));
    findings.sort(Comparator.comparing(Finding::severity).reversed());
    return new PinCheck(findings, changed, unpinned, identityChanged);
  }

  /** {@code tool "add"} for {@code tools/add}. */
  static String subject(String key) {
    if (key.equals("instructions")) {
      return "server instructions";
    }
    int slash = key.indexOf('/');
    String kind = switch (key.substring(0, slash)) {
      case "tools" -> "tool";
      case "prompts" -> "prompt";
      case "resources" -> "resource";
      default -> "resource template";
    };
    return kind + " \"" + key.substring(slash + 1) + "\"";
  }

  private static Finding finding(RuleSet rules, String code, String pointer, String subject, String excerpt) {
    Rule r = rules.rule(code);
    return new Finding(code, r.severity(), r.title(), pointer, subject, excerpt, r.fix());
  }
}
