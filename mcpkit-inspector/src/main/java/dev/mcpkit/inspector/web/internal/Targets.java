package dev.mcpkit.inspector.web.internal;

import dev.mcpkit.client.config.ServerSpec;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.ProtocolVersion;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Targets as the UI sends and shows them: parsed from the connect form, and shown with every secret masked. */
final class Targets {

  /** What a masked value looks like in the UI (and so in its screenshots). */
  static final String MASK = "•••";

  private Targets() {}

  /** The target as the UI shows it: header and env values masked, substituted secrets hidden in the URL and argv. */
  static ObjectNode masked(ServerSpec s, ProtocolVersion forced) {
    ObjectNode o = Json.object();
    if (s.name() != null) {
      o.put("name", s.name());
    }
    o.put("protocol", forced == null ? "auto" : forced.id());
    if (s.isStdio()) {
      o.put("kind", "stdio");
      var argv = o.putArray("argv");
      s.argv().forEach(a -> argv.add(redact(s, a)));
      var env = o.putObject("env");
      s.env().keySet().forEach(k -> env.put(k, MASK));
    } else {
      o.put("kind", "http");
      o.put("url", redact(s, s.url()));
      var h = o.putObject("headers");
      s.headers().keySet().forEach(k -> h.put(k, MASK));
    }
    return o;
  }

  /** {@code text} with every secret of the target hidden: substituted values, header values, env values. */
  static String redact(ServerSpec s, String text) {
    Set<String> secrets = new LinkedHashSet<>(s.secrets());
    secrets.addAll(s.headers().values());
    secrets.addAll(s.env().values());
    secrets.removeIf(v -> v == null || v.length() < 4); // a short value would mask ordinary words
    return ServerSpec.redact(text, secrets);
  }

  /**
   * The target of the connect form: {@code {"url": ..., "headers": {...}}} or {@code {"command": [...], "env": {...}}}.
   *
   * @throws IllegalArgumentException with a message for the user when the form is incomplete
   */
  static ServerSpec parse(JsonNode body) {
    String url = body.path("url").asString("").trim();
    List<String> command = new java.util.ArrayList<>();
    body.path("command").forEach(a -> command.add(a.asString("")));
    command.removeIf(String::isEmpty);
    if (!url.isEmpty() && !command.isEmpty()) {
      throw new IllegalArgumentException("give a URL or a command, not both");
    }
    if (!url.isEmpty()) {
      if (!url.startsWith("http://") && !url.startsWith("https://")) {
        throw new IllegalArgumentException("the URL must start with http:// or https://");
      }
      return ServerSpec.builder().transport("http").url(url).headers(strings(body.path("headers"))).build();
    }
    if (command.isEmpty()) {
      throw new IllegalArgumentException("give a URL (http://...) or a command to run");
    }
    return ServerSpec.builder().transport("stdio").argv(command).env(strings(body.path("env"))).build();
  }

  /** A forced revision from the form ("auto" or empty: negotiate). */
  static ProtocolVersion protocol(JsonNode body) {
    String p = body.path("protocol").asString("auto");
    if (p.isEmpty() || p.equals("auto")) {
      return null;
    }
    return ProtocolVersion.parse(p).orElseThrow(() -> new IllegalArgumentException("unknown protocol revision " + p));
  }

  private static Map<String, String> strings(JsonNode o) {
    Map<String, String> m = new LinkedHashMap<>();
    o.properties().forEach(e -> {
      if (!e.getKey().isBlank()) {
        m.put(e.getKey(), e.getValue().asString(""));
      }
    });
    return m;
  }
}
