package dev.mcpkit.guard;

import dev.mcpkit.client.McpBlockedException;
import dev.mcpkit.client.ServerInfo;
import dev.mcpkit.client.intercept.Interceptor;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.Methods;
import dev.mcpkit.core.text.PeerText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The guard in a client ({@link Interceptor}): on every listing and every handshake, each
 * definition is checked with the rules and, when a lock file is given, against its pins; a definition with a finding
 * at or above the threshold (default {@link Severity#HIGH}), a changed definition, or any definition of another
 * server answering at the pinned place is hidden from the caller, and its calls are refused with a {@link
 * McpBlockedException} that names the rule and shows the finding (for a changed definition, the diff). Results are
 * cleaned as {@link ResultHygiene} says. Every decision goes to the {@link AuditLog}. One instance per connection.
 *
 * <pre>{@code
 * GuardInterceptor guard = GuardInterceptor.builder(Guard.standard())
 *     .pins(Path.of("mcpkit-lock.json"), "calc", PinMode.TRUST_ON_FIRST_USE)
 *     .place("https://mcp.example.com/mcp", List.of())
 *     .audit(AuditLog.stderr())
 *     .build();
 * McpClient client = McpClient.builder().url("https://mcp.example.com/mcp").interceptor(guard).connect();
 * }</pre>
 */
public final class GuardInterceptor implements Interceptor {

  /** What pinning trusts. */
  public enum PinMode {
    /** A definition the lock file does not know is pinned (written to the file) the first time it is seen. */
    TRUST_ON_FIRST_USE,
    /** Only pinned definitions are shown and called; approve others with {@code mcpkit scan --pin}. */
    STRICT
  }

  private static final Map<String, String> KINDS = Map.of(Methods.TOOLS_LIST, "tools", Methods.PROMPTS_LIST,
      "prompts", Methods.RESOURCES_LIST, "resources", Methods.RESOURCES_TEMPLATES_LIST, "resourceTemplates");

  /**
   * Why a definition is hidden: the finding, and the refusal its calls get; {@code pinOnly} when only pinning hides
   * it (then a call asks the pins again: another instance may have approved it, or the store answers again).
   */
  private record Block(Finding finding, String message, boolean pinOnly) {

    Block(Finding finding, String message) {
      this(finding, message, false);
    }
  }

  private final Guard guard;
  private final Severity threshold;
  private final LockedPins pins;
  private final String url;
  private final List<String> command;
  private final String server;
  private final AuditLog audit;
  private final ResultHygiene hygiene;
  private final Map<String, Block> blocks = new ConcurrentHashMap<>();
  private final Map<String, String> hashes = new ConcurrentHashMap<>();
  /** The definitions of the last listings, for the pin check of a call. */
  private final Map<String, ServerPin.Definition> definitions = new ConcurrentHashMap<>();
  private volatile ServerPin.Identity identity;
  private volatile Finding otherServer;

  private GuardInterceptor(Builder b) {
    this.guard = b.guard;
    this.threshold = b.threshold;
    this.server = b.server;
    this.pins = b.pinStore == null ? null : new LockedPins(b.pinStore, b.server, b.mode == PinMode.STRICT,
        b.guard.rules());
    this.url = b.url;
    this.command = b.command;
    this.audit = b.audit;
    this.hygiene = b.hygiene;
  }

  /** A builder: threshold {@code high}, no pinning, no audit, results untouched. */
  public static Builder builder(Guard guard) {
    return new Builder(guard);
  }

  @Override
  public ServerInfo onServerInfo(ServerInfo info) {
    ObjectNode doc = document(info);
    if (info.instructions() != null) {
      doc.put("instructions", info.instructions());
    }
    Set<String> hidden = judge(doc);
    return hidden.contains("instructions") ? info.toBuilder().instructions(null).build() : info;
  }

  @Override
  public JsonNode onList(ServerInfo info, String method, JsonNode page) {
    String kind = KINDS.get(method);
    JsonNode items = page.get(kind);
    if (kind == null || items == null || !items.isArray()) {
      return page;
    }
    ObjectNode doc = document(info);
    doc.set(kind, items);
    Set<String> hidden = judge(doc);
    if (hidden.isEmpty()) {
      return page;
    }
    ArrayNode kept = Json.array();
    items.forEach(item -> {
      if (!hidden.contains(Pins.key(kind, item))) {
        kept.add(item);
      }
    });
    ObjectNode copy = ((ObjectNode) page).deepCopy();
    copy.set(kind, kept);
    return copy;
  }

  @Override
  public void beforeCall(ServerInfo info, String method, ObjectNode params) {
    String key = switch (method) {
      case Methods.TOOLS_CALL -> "tools/" + params.path("name").asString("");
      case Methods.PROMPTS_GET -> "prompts/" + params.path("name").asString("");
      default -> "resources/" + params.path("uri").asString("");
    };
    McpBlockedException refused = refusal(key);
    if (refused != null) {
      throw refused;
    }
    audit.event("allowed").server(server).tool(key).hash(hashes.get(key)).write();
  }

  /** The keys of the definitions hidden now ({@code tools/NAME}, ...), as of the last listing. */
  public Set<String> hidden() {
    return Set.copyOf(blocks.keySet());
  }

  /**
   * The refusal a call of the definition {@code key} ({@code tools/NAME}, {@code prompts/NAME}, {@code
   * resources/URI}) gets now, audited, or {@code null} when it may be called. A host that hides blocked definitions
   * itself (the gateway, for the names it serves) asks here for the calls that never reach this client.
   */
  public McpBlockedException refusal(String key) {
    Finding other = otherServer;
    Block b = other != null ? new Block(other, refusal(key, List.of(other))) : blocks.get(key);
    if (other == null && pins != null && (b == null || b.pinOnly())) {
      b = recheck(key, b);
    }
    if (b == null && pins != null && pins.strict() && !key.startsWith("resources/") && !pins.pinned(key)) {
      Finding f = pins.unpinned(key, "not in the lock file");
      b = new Block(f, refusal(key, List.of(f)));
    }
    if (b == null) {
      return null;
    }
    audit.event(mismatch(b.finding()) ? "pin-mismatch" : "blocked").server(server).tool(key).code(b.finding().code())
        .hash(hashes.get(key)).detail("call refused").write();
    return new McpBlockedException(b.finding().code(), b.message());
  }

  /**
   * The pin check of one call: the definition as last listed against the pins now, so that a change another
   * instance saw blocks the call here, an approval made elsewhere lets it through, and a store that does not answer
   * refuses it.
   */
  private Block recheck(String key, Block was) {
    ServerPin.Definition def = definitions.get(key);
    ServerPin.Identity id = identity;
    if (def == null || id == null) {
      return was;
    }
    Finding f = pins.check(new ServerPin(id, Map.of(key, def)), Set.of()).blocked().get(key);
    if (f == null) {
      blocks.remove(key);
      return null;
    }
    Block b = new Block(f, refusal(key, List.of(f)), true);
    blocks.put(key, b);
    return b;
  }

  @Override
  public JsonNode afterCall(ServerInfo info, String method, ObjectNode params, JsonNode result) {
    if (!method.equals(Methods.TOOLS_CALL)) {
      return result;
    }
    return hygiene.apply(guard, threshold, result, server, "tools/" + params.path("name").asString(""), audit);
  }

  /** {@code {"serverInfo": {...}}}: the start of a surface document ({@link ServerSurface}) for one listing. */
  private static ObjectNode document(ServerInfo info) {
    ObjectNode doc = Json.object();
    doc.set("serverInfo", info.implementation() == null ? Json.object() : Json.tree(info.implementation()));
    return doc;
  }

  /**
   * Judges every definition of a partial surface document (one listing page, or the instructions): rules, then pins.
   * Records the blocks of its keys and returns the keys to hide.
   */
  private Set<String> judge(ObjectNode doc) {
    ServerSurface surface = new ServerSurface(server, doc);
    Map<String, String> keys = keysByPointer(doc);
    Map<String, List<Finding>> found = new LinkedHashMap<>();
    for (Finding f : guard.scan(surface)) {   // highest severity first: the first finding of a key is its worst
      String key = keyOf(keys, f.pointer());
      if (key != null && f.severity().atLeast(threshold)) {
        found.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
      }
    }
    ServerPin current = null;
    try {
      current = Pins.pin(surface, url, command);
      current.definitions().forEach((k, d) -> hashes.put(k, d.sha256()));
      definitions.putAll(current.definitions());
      identity = current.identity();
    } catch (IllegalArgumentException e) {
      // a definition JSON cannot hold canonically: judged by the rules only, and not pinned
    }
    Set<String> byRules = Set.copyOf(found.keySet());
    if (pins != null && current != null) {
      LockedPins.Verdict v = pins.check(current, found.keySet());
      // a pin mismatch comes first: it says more than the rule a changed text now breaks
      v.blocked().forEach((k, f) -> found.computeIfAbsent(k, x -> new ArrayList<>()).addFirst(f));
      v.pinnedNow().forEach((k, h) -> audit.event("pinned").server(server).tool(k).hash(h)
          .detail("trust on first use").write());
      otherServer = v.otherServer(); // cleared once the lock names this server (re-approved)
    }
    Set<String> hidden = new HashSet<>();
    for (String key : new HashSet<>(keys.values())) {
      List<Finding> all = found.get(key);
      if (all == null) {
        blocks.remove(key);
        continue;
      }
      hidden.add(key);
      Finding f = all.getFirst();
      Block b = new Block(f, refusal(key, all), !byRules.contains(key));
      if (!b.equals(blocks.put(key, b))) {
        audit.event(mismatch(f) ? "pin-mismatch" : "blocked").server(server).tool(key).code(f.code())
            .hash(hashes.get(key)).detail("hidden: " + f.title()).write();
      }
    }
    return hidden;
  }

  /** {@code /tools/3} to {@code tools/NAME} for every listed item, {@code /instructions} to {@code instructions}. */
  private static Map<String, String> keysByPointer(ObjectNode doc) {
    Map<String, String> keys = new LinkedHashMap<>();
    if (doc.has("instructions")) {
      keys.put("/instructions", "instructions");
    }
    for (String kind : KINDS.values()) {
      JsonNode list = doc.path(kind);
      for (int i = 0; i < list.size(); i++) {
        keys.put("/" + kind + "/" + i, Pins.key(kind, list.get(i)));
      }
    }
    return keys;
  }

  private static String keyOf(Map<String, String> keys, String pointer) {
    String[] parts = pointer.split("/", 4);   // "", kind, index, rest
    return parts.length < 2 ? null : parts.length == 2 ? keys.get(pointer) : keys.get("/" + parts[1] + "/" + parts[2]);
  }

  private static boolean mismatch(Finding f) {
    return f.code().equals("MCP-G060") || f.code().equals("MCP-G063");
  }

  /**
   * The refusal a call of a hidden definition gets: what, and each finding that hides it (rule, severity, where,
   * excerpt: for a change, the diff), worst first.
   */
  private static String refusal(String key, List<Finding> findings) {
    StringBuilder b = new StringBuilder(PeerText.line(Pins.subject(key), 300)).append(" is blocked by mcpkit-guard");
    if (findings.stream().anyMatch(f -> f.code().startsWith("MCP-G06"))) {
      b.append(" (review it, then approve it with mcpkit scan --pin)");
    }
    for (Finding f : findings) {
      b.append("\n").append(f.code()).append(" (").append(f.severity().id()).append(") ").append(f.title())
          .append(f.pointer().isEmpty() ? "" : " at " + f.pointer()).append(": ").append(f.excerpt());
    }
    return b.toString();
  }

  /** Builds a {@link GuardInterceptor}; each setter replaces the earlier value. */
  public static final class Builder {
    private final Guard guard;
    private Severity threshold = Severity.HIGH;
    private PinStore pinStore;
    private String server = "server";
    private PinMode mode = PinMode.TRUST_ON_FIRST_USE;
    private String url;
    private List<String> command = List.of();
    private AuditLog audit = AuditLog.none();
    private ResultHygiene hygiene = ResultHygiene.none();

    private Builder(Guard guard) {
      this.guard = Objects.requireNonNull(guard, "guard");
    }

    /** Findings at or above this severity hide a definition and refuse its calls (default {@code high}). */
    public Builder threshold(Severity threshold) {
      this.threshold = Objects.requireNonNull(threshold, "threshold");
      return this;
    }

    /**
     * Pins the server's definitions in a lock file ({@link PinLock}, the file {@code mcpkit scan --pin} writes).
     *
     * @param serverKey the server's key in the lock file (its name in the host configuration, or the URL)
     */
    public Builder pins(Path lockFile, String serverKey, PinMode mode) {
      return pins(PinStore.lockFile(Objects.requireNonNull(lockFile, "lockFile")), serverKey, mode);
    }

    /**
     * Pins the server's definitions in {@code store}: a lock file ({@link PinStore#lockFile}), or a store several
     * gateway instances share ({@link StorePins}).
     *
     * @param serverKey the server's key in the store (its name in the host configuration, or the URL)
     */
    public Builder pins(PinStore store, String serverKey, PinMode mode) {
      this.pinStore = Objects.requireNonNull(store, "store");
      this.server = Objects.requireNonNull(serverKey, "serverKey");
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Where the server is, for its pinned identity: its URL, or the argv that starts it (secrets masked, as {@code
     * mcpkit scan} pins it). Needed with {@link #pins}.
     */
    public Builder place(String url, List<String> command) {
      this.url = url;
      this.command = command == null ? List.of() : List.copyOf(command);
      return this;
    }

    /** How audit events name the server when it is not pinned (default {@code server}). */
    public Builder server(String name) {
      this.server = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Where decisions are recorded (default: nowhere). */
    public Builder audit(AuditLog audit) {
      this.audit = Objects.requireNonNull(audit, "audit");
      return this;
    }

    /** What is done to tool results (default: nothing). */
    public Builder results(ResultHygiene hygiene) {
      this.hygiene = Objects.requireNonNull(hygiene, "hygiene");
      return this;
    }

    /**
     * The interceptor.
     *
     * @throws IllegalArgumentException when the lock file cannot be read, or pinning has no {@link #place}
     * @throws PinStore.UnavailableException when the pin store cannot be reached
     */
    public GuardInterceptor build() {
      if (pinStore != null && url == null && command.isEmpty()) {
        throw new IllegalArgumentException("pinning needs the server's place (its URL or command) for its identity");
      }
      return new GuardInterceptor(this);
    }
  }
}
