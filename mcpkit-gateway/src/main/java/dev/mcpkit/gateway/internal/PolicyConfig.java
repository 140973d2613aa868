package dev.mcpkit.gateway.internal;

import dev.mcpkit.gateway.GatewayConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@code gateway.policy} and {@code gateway.servers.NAME.policy} (already checked against the schema) into a
 * {@link Policy}; what the schema cannot say (a root that is not absolute, a server's policy without the gateway's)
 * is an error naming the file and the JSON path.
 */
public final class PolicyConfig {

  private PolicyConfig() {}

  /** The policy of the file, or {@code null} when {@code gateway.policy} is absent (then no server may have one). */
  public static Policy read(JsonNode gateway, Path file) {
    JsonNode top = gateway.get("policy");
    if (top == null) {
      for (var e : gateway.path("servers").properties()) {
        if (e.getValue().has("policy")) {
          throw error(file, "/gateway/servers/" + e.getKey() + "/policy", "a server's policy settings refine"
              + " gateway.policy: add \"policy\": {} to the gateway section to enforce the default policy");
        }
      }
      return null;
    }
    String at = Policy.AT;
    PolicyChecks.Rate rate = rate(top.get("rateLimit"), at + "/rateLimit");
    long max = top.path("maxResultBytes").asLong(0);
    List<Policy.Rule> rules = new ArrayList<>();
    int i = 0;
    for (JsonNode r : top.path("rules")) {
      rules.add(rule(r, at + "/rules/" + i, rate, max, file));
      i++;
    }
    Policy.Rule fallback = new Policy.Rule(at, List.of(), false, Set.of(), Set.of(), Set.of(), List.of(), rate, max);
    Policy.Scopes defaults = scopes(top, at, null);
    Map<String, Policy.Scopes> servers = new LinkedHashMap<>();
    for (var e : gateway.path("servers").properties()) {
      JsonNode own = e.getValue().get("policy");
      if (own != null) {
        servers.put(e.getKey(), scopes(own, "/gateway/servers/" + e.getKey() + "/policy", defaults));
      }
    }
    return new Policy(rules, fallback, defaults, servers);
  }

  private static Policy.Rule rule(JsonNode r, String at, PolicyChecks.Rate rate, long max, Path file) {
    List<Pattern> tools = new ArrayList<>();
    r.path("tools").forEach(t -> tools.add(PolicyChecks.glob(t.asString())));
    List<PolicyChecks.Argument> args = new ArrayList<>();
    for (var a : r.path("arguments").properties()) {
      String aAt = at + "/arguments/" + a.getKey().replace("~", "~0").replace("/", "~1");
      List<Path> roots = new ArrayList<>();
      int j = 0;
      for (JsonNode root : a.getValue().path("under")) {
        Path p = Path.of(root.asString());
        if (!p.isAbsolute()) {
          throw error(file, aAt + "/under/" + j, "a root must be an absolute path, not " + root.asString());
        }
        roots.add(p.normalize());
        j++;
      }
      List<String> hosts = new ArrayList<>();
      a.getValue().path("hosts").forEach(h -> hosts.add(h.asString()));
      args.add(new PolicyChecks.Argument(aAt, a.getKey(), List.copyOf(roots), List.copyOf(hosts)));
    }
    PolicyChecks.Rate own = r.has("rateLimit") ? rate(r.get("rateLimit"), at + "/rateLimit") : rate;
    return new Policy.Rule(at, List.copyOf(tools), r.path("deny").asBoolean(false), strings(r.get("scopes")),
        strings(r.get("subjects")), strings(r.get("clients")), List.copyOf(args), own,
        r.path("maxResultBytes").asLong(max));
  }

  private static Policy.Scopes scopes(JsonNode n, String at, Policy.Scopes inherited) {
    String write = n.has("writeScope") ? n.get("writeScope").asString() : inherited == null ? null : inherited.write();
    String writeAt = n.has("writeScope") ? at + "/writeScope" : inherited == null ? null : inherited.writeAt();
    String destructive = n.has("destructiveScope") ? n.get("destructiveScope").asString()
        : inherited == null ? null : inherited.destructive();
    String destructiveAt = n.has("destructiveScope") ? at + "/destructiveScope"
        : inherited == null ? null : inherited.destructiveAt();
    return new Policy.Scopes(write, destructive, writeAt, destructiveAt);
  }

  private static PolicyChecks.Rate rate(JsonNode n, String at) {
    return n == null ? null : new PolicyChecks.Rate(at, n.get("calls").asInt(),
        Duration.ofSeconds(n.get("perSeconds").asLong()));
  }

  private static Set<String> strings(JsonNode n) {
    Set<String> out = new LinkedHashSet<>();
    if (n != null) {
      n.forEach(x -> out.add(x.asString()));
    }
    return Set.copyOf(out);
  }

  private static GatewayConfigException error(Path file, String at, String message) {
    return new GatewayConfigException("the configuration file " + file + " is invalid: " + at + ": " + message);
  }
}
