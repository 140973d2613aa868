package dev.mcpkit.server;

import dev.mcpkit.core.protocol.Methods;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.Icon;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds an {@link McpServer} ({@link McpServer#builder()}): identity, protocol revisions, paging, caching hints,
 * multi round-trip state, capabilities, required scopes, and the tools, resources, templates and prompts it starts
 * with. Its fields are read by the server it builds (package-private).
 */
public final class McpServerBuilder {
  String name = "mcpkit-server";
  String version = "0.0.0";
  String title;
  String description;
  String websiteUrl;
  List<Icon> icons;
  String instructions;
  final Set<ProtocolVersion> versions = EnumSet.allOf(ProtocolVersion.class);
  int pageSize = 100;
  final Map<String, CacheHint> cacheHints = new HashMap<>(Map.of(
      Methods.SERVER_DISCOVER, CacheHint.publicFor(60_000),
      Methods.TOOLS_LIST, CacheHint.publicFor(60_000),
      Methods.PROMPTS_LIST, CacheHint.publicFor(60_000),
      Methods.RESOURCES_LIST, CacheHint.publicFor(60_000),
      Methods.RESOURCES_TEMPLATES_LIST, CacheHint.publicFor(60_000),
      Methods.RESOURCES_READ, CacheHint.privateFor(0)));
  byte[] requestStateKey;
  Duration requestStateTtl = Duration.ofMinutes(10);
  Duration inputTimeout = Duration.ofMinutes(5);
  boolean logging = true;
  boolean completions;
  boolean enableTools;
  boolean enablePrompts;
  boolean enableResources;
  boolean resourceSubscriptions = true;
  ResourceWatcher resourceWatcher;
  final Map<String, ServerTool> tools = new LinkedHashMap<>();
  final Map<String, ServerResource> resources = new LinkedHashMap<>();
  final Map<String, ServerResourceTemplate> templates = new LinkedHashMap<>();
  final Map<String, ServerPrompt> prompts = new LinkedHashMap<>();
  final List<String> requiredScopes = new ArrayList<>();
  java.util.function.Function<String, ServerTool> toolFallback;
  java.util.function.BiPredicate<java.util.Optional<Caller>, ServerTool> toolVisibility;

  McpServerBuilder() {}

  /** The server's name, sent to clients (default {@code mcpkit-server}). */
  public McpServerBuilder name(String name) {
    this.name = Objects.requireNonNull(name);
    return this;
  }

  /** The server's version, sent to clients (default {@code 0.0.0}). */
  public McpServerBuilder version(String version) {
    this.version = Objects.requireNonNull(version);
    return this;
  }

  /** A human-readable title, sent with the name. */
  public McpServerBuilder title(String title) {
    this.title = title;
    return this;
  }

  /** A description of the server, sent with the name. */
  public McpServerBuilder description(String description) {
    this.description = description;
    return this;
  }

  /** The server's website, sent with the name. */
  public McpServerBuilder websiteUrl(String websiteUrl) {
    this.websiteUrl = websiteUrl;
    return this;
  }

  /** Icons for clients that show them. */
  public McpServerBuilder icons(List<Icon> icons) {
    this.icons = List.copyOf(icons);
    return this;
  }

  /** Guidance for models on how to use this server. */
  public McpServerBuilder instructions(String instructions) {
    this.instructions = instructions;
    return this;
  }

  /** Restricts the revisions served (all by default). */
  public McpServerBuilder versions(Set<ProtocolVersion> versions) {
    if (versions.isEmpty()) {
      throw new IllegalArgumentException("at least one protocol version is needed");
    }
    this.versions.clear();
    this.versions.addAll(versions);
    return this;
  }

  /** Items per page of the list methods (default 100). */
  public McpServerBuilder pageSize(int pageSize) {
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be positive");
    }
    this.pageSize = pageSize;
    return this;
  }

  /** The caching hint for a cacheable method (see {@link Methods}). */
  public McpServerBuilder cacheHint(String method, CacheHint hint) {
    cacheHints.put(method, Objects.requireNonNull(hint));
    return this;
  }

  /**
   * The key for {@code requestState} integrity (at least 32 bytes). Instances behind one URL
   * must share it; by default each server makes a random one.
   */
  public McpServerBuilder requestStateKey(byte[] key) {
    if (key.length < 32) {
      throw new IllegalArgumentException("the requestState key needs at least 32 bytes");
    }
    this.requestStateKey = key.clone();
    return this;
  }

  /** How long a {@code requestState} stays valid (default 10 minutes). */
  public McpServerBuilder requestStateTtl(Duration ttl) {
    this.requestStateTtl = ttl;
    return this;
  }

  /** How long a 2025-era server-to-client request may wait for its answer (default 5 minutes). */
  public McpServerBuilder inputTimeout(Duration timeout) {
    this.inputTimeout = timeout;
    return this;
  }

  /** Whether to declare the logging capability (default on). */
  public McpServerBuilder logging(boolean enabled) {
    this.logging = enabled;
    return this;
  }

  /** Declares completions even without completers (answers are then empty). */
  public McpServerBuilder completions(boolean enabled) {
    this.completions = enabled;
    return this;
  }

  /** Declares the tools capability even with no tool yet (tools added later). */
  public McpServerBuilder enableTools() {
    this.enableTools = true;
    return this;
  }

  /** Declares the prompts capability even with no prompt yet (prompts added later). */
  public McpServerBuilder enablePrompts() {
    this.enablePrompts = true;
    return this;
  }

  /** Declares the resources capability even with no resource yet (resources added later). */
  public McpServerBuilder enableResources() {
    this.enableResources = true;
    return this;
  }

  /**
   * Whether resource subscriptions are offered (default on): {@code resources.subscribe} in the capabilities, {@code
   * resources/subscribe} in 2025 sessions and resource URIs in 2026 {@code subscriptions/listen} filters. Off, the
   * capability is not declared, {@code resources/subscribe} is method-not-found and listen filters drop the URIs.
   * A server that cannot tell of updates (a gateway that does not pass its upstreams' updates on) turns it off.
   */
  public McpServerBuilder resourceSubscriptions(boolean enabled) {
    this.resourceSubscriptions = enabled;
    return this;
  }

  /**
   * Told when a resource gains its first subscriber and loses its last (see {@link ResourceWatcher}); a server whose
   * resources change elsewhere (a gateway) follows them only meanwhile. Default none.
   */
  public McpServerBuilder resourceWatcher(ResourceWatcher watcher) {
    this.resourceWatcher = watcher;
    return this;
  }

  /**
   * Scopes every request needs, on top of what each tool, prompt or resource asks for (e.g. {@code "mcp:read"}).
   * Adds to earlier calls. Only a transport with a {@code RequestGuard} enforces them.
   *
   * @throws IllegalArgumentException for a name that is not an RFC 6749 scope token
   */
  public McpServerBuilder requireScopes(String... scopes) {
    for (String s : scopes) {
      requiredScopes.add(ScopeNames.check(s));
    }
    return this;
  }

  /**
   * Adds a tool.
   *
   * @throws IllegalArgumentException when a tool has the same name
   */
  public McpServerBuilder tool(ServerTool tool) {
    if (tools.putIfAbsent(tool.name(), tool) != null) {
      throw new IllegalArgumentException("duplicate tool " + tool.name());
    }
    return this;
  }

  /**
   * Adds a resource.
   *
   * @throws IllegalArgumentException when a resource has the same URI
   */
  public McpServerBuilder resource(ServerResource resource) {
    if (resources.putIfAbsent(resource.uri(), resource) != null) {
      throw new IllegalArgumentException("duplicate resource " + resource.uri());
    }
    return this;
  }

  /**
   * Adds a resource template.
   *
   * @throws IllegalArgumentException when a template has the same pattern
   */
  public McpServerBuilder resourceTemplate(ServerResourceTemplate template) {
    if (templates.putIfAbsent(template.definition().uriTemplate(), template) != null) {
      throw new IllegalArgumentException("duplicate resource template " + template.definition().uriTemplate());
    }
    return this;
  }

  /**
   * Adds a prompt.
   *
   * @throws IllegalArgumentException when a prompt has the same name
   */
  public McpServerBuilder prompt(ServerPrompt prompt) {
    if (prompts.putIfAbsent(prompt.name(), prompt) != null) {
      throw new IllegalArgumentException("duplicate prompt " + prompt.name());
    }
    return this;
  }

  /**
   * Answers {@code tools/call} for names no registered tool has: the function gets the name and returns a tool to run
   * for this one call (it is not listed), or {@code null} for the usual {@code -32602 Unknown tool}; it may also throw
   * a {@link dev.mcpkit.core.jsonrpc.McpException} to answer with a clearer error. A gateway uses it to say that the
   * upstream behind a name is unavailable, when it cannot list that upstream's tools. The tool's arguments are
   * validated against its input schema as for a registered tool; the scopes checked before the call are the
   * server-wide ones only ({@link McpServer#requiredScopes(dev.mcpkit.core.jsonrpc.JsonRpcRequest)} does not consult
   * the function).
   */
  public McpServerBuilder toolFallback(java.util.function.Function<String, ServerTool> fallback) {
    this.toolFallback = Objects.requireNonNull(fallback, "fallback");
    return this;
  }

  /**
   * Which tools {@code tools/list} shows to a caller (default: every tool to everyone): the predicate gets the
   * request's authenticated caller (empty without one) and a tool, and a tool it refuses is left out of that caller's
   * listing. Listing only: a call is not refused by it (a gateway's tool handlers refuse with their own, clearer
   * error). Since the listing then differs per caller, a public {@code tools/list} cache hint becomes private (same
   * time to live).
   */
  public McpServerBuilder toolVisibility(java.util.function.BiPredicate<java.util.Optional<Caller>, ServerTool> visible) {
    this.toolVisibility = Objects.requireNonNull(visible, "visible");
    cacheHints.computeIfPresent(Methods.TOOLS_LIST, (m, h) -> h.publicScope() ? CacheHint.privateFor(h.ttlMs()) : h);
    return this;
  }

  /** The server; its features can still change later through {@link McpServer#addTool} and the like. */
  public McpServer build() {
    return new McpServer(this);
  }
}
