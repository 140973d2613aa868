package dev.mcpkit.guard;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.text.PeerText;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Toxic flows: one configuration whose tools together read untrusted content, read private data and
 * send data out. Each tool is classified from its annotations, its name and description (the patterns of the data
 * file {@code flows.json}) and the guard's rule hits on it; when the servers of one host configuration or one gateway
 * cover all three classes, {@link #check} gives one finding ({@code MCP-G070}, rated by the rule file) naming the
 * tools of each class. Deterministic and offline; immutable and thread-safe.
 */
public final class ToxicFlows {

  /** The code of the finding. */
  public static final String CODE = "MCP-G070";

  /** The classes of a tool. */
  public enum Kind {
    /** Reads content others control: web pages, issues, e-mail. */
    UNTRUSTED("untrusted"),
    /** Reads private data: files, repositories, databases, secrets. */
    PRIVATE("private"),
    /** Sends data out: messages, posts, uploads, webhooks. */
    SINK("sink");

    private final String id;

    Kind(String id) {
      this.id = id;
    }
  }

  private record Klass(String title, List<Pattern> patterns, Set<String> codes) {}

  private static final Map<Kind, Klass> CLASSES = load();

  private ToxicFlows() {}

  /**
   * The classes of each tool of {@code surface} (by name, in listing order; a tool in no class is left out).
   *
   * @param guard whose rule hits on the tools count too
   */
  public static Map<String, Set<Kind>> classify(Guard guard, ServerSurface surface) {
    List<Finding> findings = guard.scan(surface);
    Map<String, Set<Kind>> out = new LinkedHashMap<>();
    JsonNode tools = surface.document().path("tools");
    for (int i = 0; i < tools.size(); i++) {
      JsonNode t = tools.get(i);
      String at = "/tools/" + i + "/";
      Set<String> codes = new LinkedHashSet<>();
      findings.stream().filter(f -> f.pointer().startsWith(at)).forEach(f -> codes.add(f.code()));
      Set<Kind> kinds = classify(t, codes);
      if (!kinds.isEmpty()) {
        out.put(t.path("name").asString(""), kinds);
      }
    }
    return out;
  }

  private static Set<Kind> classify(JsonNode tool, Set<String> codes) {
    JsonNode ann = tool.path("annotations");
    boolean readOnly = ann.path("readOnlyHint").asBoolean(false);
    boolean openWorld = ann.path("openWorldHint").asBoolean(false);
    String name = tool.path("name").asString("").replaceAll("[_\\-./]+", " ").toLowerCase(Locale.ROOT).trim();
    String description = tool.path("description").asString("").toLowerCase(Locale.ROOT);
    Set<Kind> kinds = EnumSet.noneOf(Kind.class);
    for (var e : CLASSES.entrySet()) {
      Klass k = e.getValue();
      boolean hit = k.codes().stream().anyMatch(codes::contains)
          || k.patterns().stream().anyMatch(p -> p.matcher(name).find() || p.matcher(description).find());
      if (hit) {
        kinds.add(e.getKey());
      }
    }
    if (openWorld) {
      kinds.add(readOnly ? Kind.UNTRUSTED : Kind.SINK);
    }
    if (readOnly) {
      kinds.remove(Kind.SINK); // a tool that only reads sends nothing out by itself
    }
    return kinds;
  }

  /**
   * The toxic-flow finding of servers used together (one host configuration, one gateway), or none when a class is
   * missing. Each tool is named as given, with the label of its server: {@code send_email (mail)}.
   *
   * @param guard whose rules rate the finding ({@code MCP-G070}) and whose rule hits classify tools
   */
  public static List<Finding> check(Guard guard, List<ServerSurface> surfaces) {
    Map<Kind, List<String>> tools = new EnumMap<>(Kind.class);
    for (ServerSurface s : surfaces) {
      classify(guard, s).forEach((tool, kinds) -> kinds.forEach(k -> tools.computeIfAbsent(k, x -> new ArrayList<>())
          .add(tool + " (" + s.label() + ")")));
    }
    Rule rule = guard.rules().rule(CODE);
    if (rule == null || tools.size() < Kind.values().length) {
      return List.of();
    }
    StringBuilder excerpt = new StringBuilder();
    for (Kind k : Kind.values()) {
      excerpt.append(excerpt.isEmpty() ? "" : "; ").append(CLASSES.get(k).title()).append(": ")
          .append(PeerText.line(String.join(", ", tools.get(k)), 300));
    }
    return List.of(new Finding(rule.code(), rule.severity(), rule.title(), "/tools", "the servers used together",
        excerpt.toString(), rule.fix()));
  }

  private static Map<Kind, Klass> load() {
    try (InputStream in = ToxicFlows.class.getResourceAsStream("flows.json")) {
      if (in == null) {
        throw new IllegalStateException("flows.json is missing from mcpkit-guard");
      }
      JsonNode root = Json.parse(in.readAllBytes());
      Map<Kind, Klass> out = new EnumMap<>(Kind.class);
      for (Kind k : Kind.values()) {
        JsonNode c = root.path("classes").path(k.id);
        List<Pattern> patterns = new ArrayList<>();
        c.path("patterns").forEach(p -> patterns.add(Pattern.compile(p.asString(), Pattern.CASE_INSENSITIVE)));
        Set<String> codes = new LinkedHashSet<>();
        c.path("codes").forEach(x -> codes.add(x.asString()));
        out.put(k, new Klass(c.path("title").asString(k.id), List.copyOf(patterns), Set.copyOf(codes)));
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read mcpkit-guard's flows.json", e);
    }
  }
}
