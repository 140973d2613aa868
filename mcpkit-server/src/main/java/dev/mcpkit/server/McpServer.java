package dev.mcpkit.server;

import dev.mcpkit.core.jsonrpc.JsonRpcRequest;
import dev.mcpkit.core.protocol.Methods;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.Implementation;
import dev.mcpkit.core.schema.ListChangedCapability;
import dev.mcpkit.core.schema.ResourcesCapability;
import dev.mcpkit.core.schema.ServerCapabilities;
import dev.mcpkit.core.json.Json;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * An MCP server: what it offers (tools, resources, resource templates, prompts) and how it
 * describes itself. Transports ({@code StdioServer}, {@code HttpServer}) serve it; one server can
 * be served by several transports at once, and speaks every supported revision on each.
 *
 * <pre>{@code
 * McpServer server = McpServer.builder().name("demo").version("1.0.0")
 *     .tool(ServerTool.of("echo", "Echoes a message", Echo.class, (args, ctx) -> ToolResults.text(args.message())))
 *     .build();
 * }</pre>
 *
 * <p>Tools, resources and prompts can be added and removed while the server runs; clients that
 * listen for changes are told.
 *
 * <p>On a protected server (an HTTP transport with a {@code RequestGuard}, such as mcpkit-auth's resource-server
 * guard), each tool, prompt, resource and template can name the OAuth scopes it needs, and {@link
 * McpServerBuilder#requireScopes} names scopes every request needs; {@link #requiredScopes(JsonRpcRequest)} tells the guard
 * what one request needs.
 */
public final class McpServer {

  private final Implementation info;
  private final String instructions;
  private final ServerCapabilities capabilities;
  private final Set<ProtocolVersion> versions;
  private final int pageSize;
  private final Map<String, CacheHint> cacheHints;
  /** The builder's key, else {@code null} until the first {@link #requestStateKey()} makes a random one. */
  private volatile byte[] requestStateKey;
  private final Object keyLock = new Object();
  private final Duration requestStateTtl;
  private final Duration inputTimeout;
  private final Map<String, ServerTool> tools;
  private final Map<String, ServerResource> resources;
  private final Map<String, ServerResourceTemplate> templates;
  private final Map<String, ServerPrompt> prompts;
  private final Set<String> requiredScopes;
  private final ChangeHub changes;
  /** The list kinds changed so far by the {@link #batch} this thread is in, or {@code null}. */
  private final ThreadLocal<java.util.Set<ChangeHub.Kind>> pending = new ThreadLocal<>();
  private final java.util.function.Function<String, ServerTool> toolFallback;
  private final java.util.function.BiPredicate<java.util.Optional<Caller>, ServerTool> toolVisibility;

  McpServer(McpServerBuilder b) {
    this.info = new Implementation(b.name, b.title, b.version, b.description, b.icons, b.websiteUrl);
    this.instructions = b.instructions;
    this.versions = Set.copyOf(b.versions);
    this.pageSize = b.pageSize;
    this.cacheHints = Map.copyOf(b.cacheHints);
    this.requestStateKey = b.requestStateKey != null ? b.requestStateKey.clone() : null;
    this.requestStateTtl = b.requestStateTtl;
    this.inputTimeout = b.inputTimeout;
    this.tools = synchronizedCopy(b.tools);
    this.resources = synchronizedCopy(b.resources);
    this.templates = synchronizedCopy(b.templates);
    this.prompts = synchronizedCopy(b.prompts);
    this.requiredScopes = ScopeNames.copyOf(b.requiredScopes);
    this.toolFallback = b.toolFallback;
    this.toolVisibility = b.toolVisibility;
    this.changes = new ChangeHub(b.resourceWatcher);
    boolean completions = b.completions || b.prompts.values().stream().anyMatch(p -> !p.completers().isEmpty())
        || b.templates.values().stream().anyMatch(t -> !t.completers().isEmpty());
    boolean hasResources = b.enableResources || !b.resources.isEmpty() || !b.templates.isEmpty();
    this.capabilities = ServerCapabilities.of(
        b.enableTools || !b.tools.isEmpty() ? new ListChangedCapability(true) : null,
        hasResources ? new ResourcesCapability(b.resourceSubscriptions ? Boolean.TRUE : null, true) : null,
        b.enablePrompts || !b.prompts.isEmpty() ? new ListChangedCapability(true) : null,
        b.logging ? Json.object() : null,
        completions ? Json.object() : null);
  }

  private static <V> Map<String, V> synchronizedCopy(Map<String, V> m) {
    return java.util.Collections.synchronizedMap(new LinkedHashMap<>(m));
  }

  private static byte[] randomKey() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return k;
  }

  /** A builder for a server with no features yet, named {@code mcpkit-server} 0.0.0 until told otherwise. */
  public static McpServerBuilder builder() {
    return new McpServerBuilder();
  }

  /** The server's name and version, as sent to clients. */
  public Implementation info() {
    return info;
  }

  /** Guidance for models on how to use this server, or {@code null}. */
  public String instructions() {
    return instructions;
  }

  /** The capabilities declared to clients (from the features and the builder's switches). */
  public ServerCapabilities capabilities() {
    return capabilities;
  }

  /** The revisions this server accepts. */
  public Set<ProtocolVersion> versions() {
    return versions;
  }

  /** Items per page of the list methods. */
  public int pageSize() {
    return pageSize;
  }

  /** The caching hint for a cacheable method (2026-07-28). */
  public CacheHint cacheHint(String method) {
    return cacheHints.getOrDefault(method, CacheHint.privateFor(0));
  }

  /** The key that protects {@code requestState}; share it between instances behind one URL. */
  public byte[] requestStateKey() {
    byte[] k = requestStateKey;
    if (k == null) {
      // made on first use: seeding SecureRandom was a measurable part of a stdio start, and only
      // a request that asks its client for input needs the key
      synchronized (keyLock) {
        k = requestStateKey;
        if (k == null) {
          requestStateKey = k = randomKey();
        }
      }
    }
    return k.clone();
  }

  /** How long a {@code requestState} this server issued stays valid. */
  public Duration requestStateTtl() {
    return requestStateTtl;
  }

  /** How long a 2025-era server-to-client request may wait for its answer. */
  public Duration inputTimeout() {
    return inputTimeout;
  }

  /** A snapshot of the tools, in registration order. */
  public List<ServerTool> tools() {
    synchronized (tools) {
      return List.copyOf(tools.values());
    }
  }

  /** The tools {@code caller} (empty: none authenticated) sees listed ({@link McpServerBuilder#toolVisibility}). */
  public List<ServerTool> tools(java.util.Optional<Caller> caller) {
    List<ServerTool> all = tools();
    return toolVisibility == null ? all : all.stream().filter(t -> toolVisibility.test(caller, t)).toList();
  }

  /**
   * Whether {@code tools/list} depends on the caller: a {@link McpServerBuilder#toolVisibility} predicate (user code,
   * which transports never run on a shared I/O thread) decides what each caller sees.
   */
  public boolean listsToolsPerCaller() {
    return toolVisibility != null;
  }

  /** The tool with this name, or {@code null}. */
  public ServerTool tool(String name) {
    return tools.get(name);
  }

  /**
   * The tool that answers {@code tools/call} for a name no registered tool has ({@link McpServerBuilder#toolFallback}),
   * or {@code null}: then the name is unknown.
   *
   * @throws dev.mcpkit.core.jsonrpc.McpException when the fallback answers the call with an error
   */
  public ServerTool fallbackTool(String name) {
    return toolFallback == null ? null : toolFallback.apply(name);
  }

  /** A snapshot of the fixed resources, in registration order. */
  public List<ServerResource> resources() {
    synchronized (resources) {
      return List.copyOf(resources.values());
    }
  }

  /** The fixed resource with this URI, or {@code null} (templates are not consulted). */
  public ServerResource resource(String uri) {
    return resources.get(uri);
  }

  /** A snapshot of the resource templates, in registration order. */
  public List<ServerResourceTemplate> resourceTemplates() {
    synchronized (templates) {
      return List.copyOf(templates.values());
    }
  }

  /** A snapshot of the prompts, in registration order. */
  public List<ServerPrompt> prompts() {
    synchronized (prompts) {
      return List.copyOf(prompts.values());
    }
  }

  /** The prompt with this name, or {@code null}. */
  public ServerPrompt prompt(String name) {
    return prompts.get(name);
  }

  /** The scopes every request needs (empty unless {@link McpServerBuilder#requireScopes} was called). */
  public Set<String> requiredScopes() {
    return requiredScopes;
  }

  /**
   * The OAuth scopes one JSON-RPC request needs: the server-wide scopes, plus, for {@code tools/call}, the tool's;
   * for {@code prompts/get}, the prompt's; for {@code resources/read}, the resource's, or else those of the first
   * template (in registration order) whose pattern matches the URI, as {@code resources/read} itself picks it. Any
   * other method (lists, {@code initialize}, subscriptions, completions) and a name that matches nothing need the
   * server-wide scopes only. The transports pass this set to the guard, which refuses a caller lacking any of them.
   * Server-wide scopes come first, so challenges list scopes in a stable order.
   */
  public Set<String> requiredScopes(JsonRpcRequest request) {
    JsonNode params = request.params();
    Set<String> specific = switch (request.method()) {
      case Methods.TOOLS_CALL -> {
        ServerTool t = text(params, "name") == null ? null : tool(text(params, "name"));
        yield t == null ? Set.of() : t.requiredScopes();
      }
      case Methods.PROMPTS_GET -> {
        ServerPrompt p = text(params, "name") == null ? null : prompt(text(params, "name"));
        yield p == null ? Set.of() : p.requiredScopes();
      }
      case Methods.RESOURCES_READ -> resourceScopes(text(params, "uri"));
      default -> Set.of();
    };
    return ScopeNames.union(requiredScopes, specific);
  }

  private Set<String> resourceScopes(String uri) {
    if (uri == null) {
      return Set.of();
    }
    ServerResource r = resource(uri);
    if (r != null) {
      return r.requiredScopes();
    }
    for (ServerResourceTemplate t : resourceTemplates()) {
      if (t.template().match(uri).isPresent()) {
        return t.requiredScopes();
      }
    }
    return Set.of();
  }

  private static String text(JsonNode params, String field) {
    JsonNode v = params == null ? null : params.get(field);
    return v != null && v.isString() ? v.asString() : null;
  }

  /** Adds or replaces a tool; listening clients get {@code notifications/tools/list_changed}. */
  public void addTool(ServerTool tool) {
    tools.put(tool.name(), tool);
    changed(ChangeHub.Kind.TOOLS);
  }

  /** Removes a tool; listening clients get {@code notifications/tools/list_changed}. False when there was none. */
  public boolean removeTool(String name) {
    boolean removed = tools.remove(name) != null;
    if (removed) {
      changed(ChangeHub.Kind.TOOLS);
    }
    return removed;
  }

  /** Adds or replaces a resource (by URI); listening clients get {@code notifications/resources/list_changed}. */
  public void addResource(ServerResource resource) {
    resources.put(resource.uri(), resource);
    changed(ChangeHub.Kind.RESOURCES);
  }

  /**
   * Removes a resource; listening clients get {@code notifications/resources/list_changed}. False when there was none.
   */
  public boolean removeResource(String uri) {
    boolean removed = resources.remove(uri) != null;
    if (removed) {
      changed(ChangeHub.Kind.RESOURCES);
    }
    return removed;
  }

  /**
   * Adds or replaces a resource template (by pattern); listening clients get {@code
   * notifications/resources/list_changed}.
   */
  public void addResourceTemplate(ServerResourceTemplate template) {
    templates.put(template.definition().uriTemplate(), template);
    changed(ChangeHub.Kind.RESOURCES);
  }

  /**
   * Removes a resource template (by pattern); listening clients get {@code notifications/resources/list_changed}. False
   * when there was none.
   */
  public boolean removeResourceTemplate(String uriTemplate) {
    boolean removed = templates.remove(uriTemplate) != null;
    if (removed) {
      changed(ChangeHub.Kind.RESOURCES);
    }
    return removed;
  }

  /** Adds or replaces a prompt; listening clients get {@code notifications/prompts/list_changed}. */
  public void addPrompt(ServerPrompt prompt) {
    prompts.put(prompt.name(), prompt);
    changed(ChangeHub.Kind.PROMPTS);
  }

  /** Removes a prompt; listening clients get {@code notifications/prompts/list_changed}. False when there was none. */
  public boolean removePrompt(String name) {
    boolean removed = prompts.remove(name) != null;
    if (removed) {
      changed(ChangeHub.Kind.PROMPTS);
    }
    return removed;
  }

  /**
   * Makes the additions and removals that {@code changes} does (through {@link #addTool}, {@link #removeTool} and the
   * like, on this thread) one change: a list request on another thread sees either none or all of them, and listening
   * clients are told once per list that changed, after {@code changes} returns (or throws: what it did stays done).
   * A gateway replaces an upstream's tools this way when the upstream's list changes. {@code changes} holds the
   * server's feature lists meanwhile: it must only add and remove (no I/O, no waiting). Nested calls join the outer
   * one.
   */
  public void batch(Runnable changes) {
    if (pending.get() != null) {
      changes.run();
      return;
    }
    java.util.EnumSet<ChangeHub.Kind> kinds = java.util.EnumSet.noneOf(ChangeHub.Kind.class);
    pending.set(kinds);
    try {
      synchronized (tools) { // always in this order, and list reads hold one map at a time: no deadlock
        synchronized (resources) {
          synchronized (templates) {
            synchronized (prompts) {
              changes.run();
            }
          }
        }
      }
    } finally {
      pending.remove();
      kinds.forEach(k -> this.changes.publish(k, null));
    }
  }

  /** Publishes a list change now, or at the end of the {@link #batch} this thread is in. */
  private void changed(ChangeHub.Kind kind) {
    java.util.Set<ChangeHub.Kind> batch = pending.get();
    if (batch != null) {
      batch.add(kind);
    } else {
      changes.publish(kind, null);
    }
  }

  /** Tells subscribed clients that a resource changed ({@code notifications/resources/updated}). */
  public void resourceUpdated(String uri) {
    changes.publish(ChangeHub.Kind.RESOURCE_UPDATED, Objects.requireNonNull(uri));
  }

  /** For transports and the dispatcher: where changes are announced. */
  public ChangeHub changes() {
    return changes;
  }

  /** The tools whose names collide are rejected by the builder; this lists all names (debug aid). */
  @Override
  public String toString() {
    List<String> names = new ArrayList<>();
    tools().forEach(t -> names.add(t.name()));
    return "McpServer[" + info.name() + " " + info.version() + ", tools=" + names + "]";
  }
}
