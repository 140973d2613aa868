package dev.mcpkit.gateway;

import dev.mcpkit.client.config.JsonSyntax;
import dev.mcpkit.client.config.ServerConfigs;
import dev.mcpkit.client.config.ServerSpec;
import dev.mcpkit.core.files.LocalFiles;
import dev.mcpkit.core.jsonschema.JsonSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's configuration file: a host's MCP configuration ({@code mcpServers} of Claude Desktop, Cursor and
 * Claude Code; {@code servers} of VS Code) with an optional {@code gateway} section, or a file whose {@code
 * gateway.include} names host configuration files to take servers from (VS Code's {@code mcp.json} admits no extra
 * keys). The format is the JSON Schema {@link #schema()} (2020-12), checked when the file is read; every problem is a
 * {@link GatewayConfigException} naming the file and the JSON path. Server entries are read by mcpkit-client's {@link
 * ServerConfigs}, as {@code mcpkit call --config} reads them (variables, secrets, types).
 */
public final class GatewayConfig {

  /** The separator of served names unless the file says otherwise. */
  public static final String DEFAULT_SEPARATOR = "__";

  private static final JsonMapper JSONC = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();
  private static final long HELD_TIMEOUT_MS = 300_000;
  private static final int HELD_PER_CALLER = 8;
  private static final String SCHEMA_TEXT = load();
  private static final java.util.regex.Pattern ENTRY_KIND = java.util.regex.Pattern.compile(
      "(/(?:mcpServers|servers)/[^/]+): required property '(?:command|url|serverUrl|transport)' not found");
  private static volatile JsonSchema compiled;

  private final String separator;
  private final int pageSize;
  private final List<Upstream> upstreams;
  /** {@code gateway.auth} and the file, or {@code null}: read again for each {@link #protection()} builder. */
  private final JsonNode auth;
  private final Path file;
  /** {@code gateway.guard}, or {@code null}. */
  private final GatewayGuard guard;
  /** {@code gateway.policy}, or {@code null}. */
  private GatewayPolicy policy;
  /** {@code gateway.heldCalls}: how long a held request waits for the retry, and how many one caller holds. */
  private Duration heldTimeout = Duration.ofMillis(HELD_TIMEOUT_MS);
  private int heldPerCaller = HELD_PER_CALLER;

  private GatewayConfig(String separator, int pageSize, List<Upstream> upstreams, JsonNode auth, Path file,
      GatewayGuard guard) {
    this.guard = guard;
    this.separator = separator;
    this.pageSize = pageSize;
    this.upstreams = List.copyOf(upstreams);
    this.auth = auth;
    this.file = file;
  }

  /** The JSON Schema of the file (draft 2020-12), as text. */
  public static String schema() {
    return SCHEMA_TEXT;
  }

  /**
   * Reads and checks a configuration file.
   *
   * @throws GatewayConfigException naming the file and the JSON path (or line and column) of the first problems
   */
  public static GatewayConfig read(Path file) {
    JsonNode root;
    try {
      root = JSONC.readTree(LocalFiles.readString(file, "the configuration file"));
    } catch (NoSuchFileException e) {
      throw new GatewayConfigException("no such file: " + file);
    } catch (IllegalArgumentException e) {
      throw new GatewayConfigException(e.getMessage());
    } catch (IOException e) {
      throw new GatewayConfigException("cannot read the configuration file " + file + ": " + e.getMessage());
    } catch (JacksonException e) {
      throw new GatewayConfigException(JsonSyntax.describe(file, e));
    }
    List<String> problems = plain(schemaObject().validate(root == null ? JSONC.createObjectNode() : root));
    if (!problems.isEmpty()) {
      throw new GatewayConfigException("the configuration file " + file + " is invalid: " + String.join("; ",
          problems.subList(0, Math.min(5, problems.size()))));
    }
    JsonNode gw = root.path("gateway");
    Map<String, Source> sources = new LinkedHashMap<>();
    String own = root.has("mcpServers") ? "/mcpServers" : root.has("servers") ? "/servers" : null;
    if (own != null) {
      addSources(sources, file, own, file);
    }
    int i = 0;
    for (JsonNode inc : gw.path("include")) {
      Path included = resolve(file, inc.asString());
      addSources(sources, included, "/gateway/include/" + i + " (" + included + ")", file);
      i++;
    }
    if (sources.isEmpty()) {
      throw new GatewayConfigException("the configuration file " + file + " names no servers: add \"mcpServers\""
          + " (or name host configuration files in \"gateway\": {\"include\": [...]})");
    }
    for (var e : gw.path("servers").properties()) {
      if (!sources.containsKey(e.getKey())) {
        throw new GatewayConfigException("the configuration file " + file + " is invalid: /gateway/servers/"
            + e.getKey() + ": no server is named \"" + e.getKey() + "\" (servers: " + String.join(", ",
            sources.keySet()) + ")");
      }
    }
    JsonNode auth = gw.has("auth") ? gw.get("auth") : null;
    if (auth != null) {
      dev.mcpkit.gateway.internal.ProtectionConfig.read(auth, file, System::getenv); // its errors now, not at serve
    }
    long defaultTimeout = gw.path("timeoutMs").asLong(Upstream.DEFAULT_TIMEOUT.toMillis());
    long defaultConnect = gw.path("connectTimeoutMs").asLong(Upstream.DEFAULT_TIMEOUT.toMillis());
    dev.mcpkit.client.transport.LaunchPolicy launch = launchPolicy(gw, file);
    List<Upstream> upstreams = new ArrayList<>();
    for (Source s : sources.values()) {
      ServerSpec spec;
      try {
        spec = s.configs.server(s.name, (id, def) -> {
          throw new IllegalArgumentException("the gateway cannot ask for ${input:" + id + "}; put the value in an"
              + " environment variable and write ${env:NAME}");
        });
      } catch (IllegalArgumentException e) {
        throw new GatewayConfigException("the configuration file " + file + " is invalid: " + s.path + ": "
            + e.getMessage());
      }
      JsonNode opts = gw.path("servers").path(s.name);
      Upstream.Builder b = dev.mcpkit.gateway.internal.Credentials.apply(s.name, spec, opts.get("credentials"),
              "/gateway/servers/" + s.name + "/credentials", file, System::getenv)
          .timeout(Duration.ofMillis(opts.path("timeoutMs").asLong(defaultTimeout)))
          .connectTimeout(Duration.ofMillis(opts.path("connectTimeoutMs").asLong(defaultConnect)))
          .callerSessions(opts.path("callerSessions").path("max").asInt(gw.path("callerSessions").path("max")
              .asInt(1000)), Duration.ofMillis(opts.path("callerSessions").path("idleMs").asLong(
              gw.path("callerSessions").path("idleMs").asLong(300_000))))
          .processPerCaller(opts.path("isolation").asString("shared").equals("per-caller"))
          .resilience(dev.mcpkit.gateway.internal.ResilienceConfig.read(gw, opts)).launchPolicy(launch);
      if (opts.has("prefix")) {
        b.prefix(opts.get("prefix").asString());
      }
      upstreams.add(b.build());
      if (opts.path("credentials").path("type").asString("").equals("token_exchange") && auth == null) {
        throw new GatewayConfigException("the configuration file " + file + " is invalid: /gateway/servers/" + s.name
            + "/credentials/type: \"token_exchange\" acts on behalf of the caller, so it needs \"gateway.auth\" (the"
            + " callers' tokens)");
      }
    }
    return new GatewayConfig(gw.path("separator").asString(DEFAULT_SEPARATOR), gw.path("pageSize").asInt(100),
        upstreams, auth, file, dev.mcpkit.gateway.internal.GuardConfig.read(gw, file))
        .withPolicy(dev.mcpkit.gateway.internal.PolicyConfig.read(gw, file))
        .withHeldCalls(gw.path("heldCalls"));
  }

  private GatewayConfig withHeldCalls(JsonNode held) {
    this.heldTimeout = Duration.ofMillis(held.path("timeoutMs").asLong(HELD_TIMEOUT_MS));
    this.heldPerCaller = held.path("maxPerCaller").asInt(HELD_PER_CALLER);
    return this;
  }

  /** {@code gateway.launch}: the standard policy, or the operator's list; refusals name the key and the file. */
  private static dev.mcpkit.client.transport.LaunchPolicy launchPolicy(JsonNode gw, Path file) {
    var policy = dev.mcpkit.client.transport.LaunchPolicy.standard().setting("gateway.launch.allow in " + file);
    if (!gw.path("launch").has("allow")) {
      return policy;
    }
    List<String> entries = new ArrayList<>();
    gw.path("launch").path("allow").forEach(n -> entries.add(n.asString()));
    try {
      return policy.allow(entries);
    } catch (IllegalArgumentException e) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("entry (\\d+): (.*)").matcher(e.getMessage());
      throw new GatewayConfigException("the configuration file " + file + " is invalid: /gateway/launch/allow"
          + (m.matches() ? "/" + m.group(1) + ": " + m.group(2) : ": " + e.getMessage()));
    }
  }

  private GatewayConfig withPolicy(dev.mcpkit.gateway.internal.Policy p) {
    this.policy = p == null ? null : new GatewayPolicy(p);
    return this;
  }

  /** The per-caller tool policy of {@code gateway.policy}, or empty when the file has none (no policy). */
  public java.util.Optional<GatewayPolicy> policy() {
    return java.util.Optional.ofNullable(policy);
  }

  /** The upstreams, in file order (the servers of the file itself, then those of each included file). */
  public List<Upstream> upstreams() {
    return upstreams;
  }

  /** What joins a prefix and a name. */
  public String separator() {
    return separator;
  }

  /** Items per page of the downstream list methods. */
  public int pageSize() {
    return pageSize;
  }

  /**
   * The downstream protection of {@code gateway.auth} (a new builder each time; secrets read again), or empty when
   * the file has none. Building it needs mcpkit-auth on the module path.
   */
  public java.util.Optional<GatewayProtection.Builder> protection() {
    return auth == null ? java.util.Optional.empty()
        : java.util.Optional.of(dev.mcpkit.gateway.internal.ProtectionConfig.read(auth, file, System::getenv)
            .delegation(upstreams.stream().anyMatch(u -> u.auth() instanceof dev.mcpkit.gateway.internal.PerCaller)));
  }

  /** The guard of {@code gateway.guard} (with each server's own settings), or empty when the file has none. */
  public java.util.Optional<GatewayGuard> guard() {
    return java.util.Optional.ofNullable(guard);
  }

  /** A gateway builder with these settings and upstreams, reloading them when the file changes. */
  public Gateway.Builder builder() {
    return Gateway.builder().separator(separator).pageSize(pageSize).upstreams(upstreams).guard(guard)
        .policy(policy).heldCalls(heldTimeout, heldPerCaller)
        .reloadOnChange(file);
  }

  private record Source(String name, ServerConfigs configs, String path) {}

  private static void addSources(Map<String, Source> sources, Path from, String where, Path file) {
    ServerConfigs configs;
    try {
      configs = ServerConfigs.read(from);
    } catch (IllegalArgumentException e) {
      throw new GatewayConfigException(where.startsWith("/gateway") ? "the configuration file " + file
          + " is invalid: " + where + ": " + e.getMessage() : e.getMessage());
    }
    if (!from.equals(file)) { // an included host file: its entries are held to the same schema, said at its paths
      List<String> problems;
      try {
        String text = LocalFiles.readString(from, "the configuration file");
        problems = plain(schemaObject().validate(JSONC.readTree(text)));
      } catch (IOException | JacksonException | IllegalArgumentException e) {
        problems = List.of(); // ServerConfigs has just read it: cannot happen, and it said so if it did
      }
      if (!problems.isEmpty()) {
        throw new GatewayConfigException("the configuration file " + file + " is invalid: " + where + ": "
            + String.join("; ", problems.subList(0, Math.min(5, problems.size()))));
      }
    }
    String base = where.startsWith("/gateway") ? where + " " : where + "/";
    for (String name : configs.names()) {
      Source earlier = sources.putIfAbsent(name, new Source(name, configs, base + name));
      if (earlier != null) {
        throw new GatewayConfigException("the configuration file " + file + " is invalid: " + base + name
            + ": a server named \"" + name + "\" is already defined at " + earlier.path
            + " (server names must be unique across the gateway's files)");
      }
    }
  }

  /** The schema's "command or url" rule said once per entry, instead of once per alternative. */
  private static List<String> plain(List<String> problems) {
    var out = new java.util.LinkedHashSet<String>();
    for (String p : problems) {
      java.util.regex.Matcher m = ENTRY_KIND.matcher(p);
      out.add(m.matches() ? m.group(1) + ": a server needs \"command\" (stdio) or \"url\" (http, sse)" : p);
    }
    return List.copyOf(out);
  }

  private static Path resolve(Path file, String path) {
    if (path.startsWith("~/")) {
      return Path.of(System.getProperty("user.home")).resolve(path.substring(2));
    }
    Path dir = file.toAbsolutePath().getParent();
    return dir == null ? Path.of(path) : dir.resolve(path).normalize();
  }

  private static JsonSchema schemaObject() {
    JsonSchema s = compiled;
    if (s == null) {
      s = JsonSchema.compile(JSONC.readTree(SCHEMA_TEXT));
      compiled = s;
    }
    return s;
  }

  private static String load() {
    try (InputStream in = GatewayConfig.class.getResourceAsStream("gateway-config.schema.json")) {
      if (in == null) {
        throw new IllegalStateException("the gateway's JSON Schema is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
