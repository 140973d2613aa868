package dev.mcpkit.client;

import dev.mcpkit.client.internal.ClientThreads;
import dev.mcpkit.client.internal.Listing;
import dev.mcpkit.client.internal.ListingPages;
import dev.mcpkit.client.internal.Notifications;
import dev.mcpkit.client.internal.Session;
import dev.mcpkit.client.transport.StdioCommand;
import dev.mcpkit.core.era.Era;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.json.JsonErrors;
import dev.mcpkit.core.jsonrpc.RequestId;
import dev.mcpkit.core.protocol.Methods;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.CallToolResult;
import dev.mcpkit.core.schema.CompleteResult;
import dev.mcpkit.core.schema.CompletionReference;
import dev.mcpkit.core.schema.GetPromptResult;
import dev.mcpkit.core.schema.InputRequiredResult;
import dev.mcpkit.core.schema.ListPromptsResult;
import dev.mcpkit.core.schema.ListResourceTemplatesResult;
import dev.mcpkit.core.schema.ListResourcesResult;
import dev.mcpkit.core.schema.ListToolsResult;
import dev.mcpkit.core.schema.LoggingLevel;
import dev.mcpkit.core.schema.Prompt;
import dev.mcpkit.core.schema.ReadResourceResult;
import dev.mcpkit.core.schema.Resource;
import dev.mcpkit.core.schema.ResourceTemplate;
import dev.mcpkit.core.schema.SubscriptionFilter;
import dev.mcpkit.core.schema.Tool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.jetty.client.HttpClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An MCP client: one API for every transport (stdio, Streamable HTTP, legacy HTTP+SSE) and both
 * protocol eras. {@link McpClientBuilder#connect()} negotiates the era by itself (2026-07-28 {@code
 * server/discover} first, then the 2025 {@code initialize} handshake, then the 2024-11-05 HTTP+SSE
 * transport) unless a revision is forced.
 *
 * <pre>{@code
 * try (McpClient client = McpClient.builder().url("http://127.0.0.1:8080/mcp").connect()) {
 *   for (Tool tool : client.tools()) {
 *     System.out.println(tool.name());
 *   }
 *   CallToolResult r = client.callTool("add", Map.of("a", 1, "b", 2));
 * }
 * }</pre>
 *
 * <p>Calls block (run them on virtual threads for concurrency); the {@code ...Async} variants
 * return futures whose {@code cancel(true)} cancels the request on the wire. Every call has a
 * timeout. Failures are {@link McpClientException}s whose subclass says what went wrong; a tool
 * that fails returns a {@link CallToolResult} with {@code isError} instead. Thread-safe.
 */
public final class McpClient implements AutoCloseable {

  private final Session session;
  private final HttpClient ownedHttp;
  private volatile boolean closed;

  private McpClient(Session session, HttpClient ownedHttp) {
    this.session = session;
    this.ownedHttp = ownedHttp;
  }

  /** A builder: choose the target (URL, stdio command or transport), then {@link McpClientBuilder#connect()}. */
  public static McpClientBuilder builder() {
    return new McpClientBuilder();
  }

  /** Connects to a URL (Streamable HTTP or legacy HTTP+SSE) with default settings. */
  public static McpClient connect(String url) {
    return builder().url(url).connect();
  }

  /** Connects to a stdio server with default settings. */
  public static McpClient connect(StdioCommand command) {
    return builder().stdio(command).connect();
  }

  /** What the server said about itself, and the negotiated revision. */
  public ServerInfo serverInfo() {
    return session.info();
  }

  /** The protocol revision in use (it may change when a 2026 server asks for another one). */
  public ProtocolVersion protocolVersion() {
    return session.version();
  }

  // ---- tools ----

  /** One page of {@code tools/list} ({@code cursor} {@code null} for the first). Cached while fresh. */
  public ListToolsResult listTools(String cursor) {
    return convert(page(Methods.TOOLS_LIST, cursor), ListToolsResult.class);
  }

  /**
   * Every tool, page by page as the iteration proceeds. Like every listing here, it is bounded: a {@code
   * nextCursor} that repeats ends it, and so does passing {@link McpClientBuilder#maxListItems} or {@link
   * McpClientBuilder#maxListBytes}, each with an {@link McpProtocolException} that names the reason.
   */
  public Iterable<Tool> tools() {
    return pages(Methods.TOOLS_LIST, ListToolsResult.class, ListToolsResult::tools);
  }

  /** Every tool, all pages read now. */
  public List<Tool> listAllTools() {
    return all(tools());
  }

  /**
   * Calls a tool with arguments given as a map (converted to JSON) and the default options; see {@link
   * #callTool(String, ObjectNode, RequestOptions)}.
   */
  public CallToolResult callTool(String name, Map<String, ?> arguments) {
    return callTool(name, arguments == null ? null : (ObjectNode) Json.tree(arguments), RequestOptions.defaults());
  }

  /**
   * Calls a tool. A tool failure is a result with {@code isError} true, not an exception. Input the
   * server asks for (2026-07-28 MRTR) is answered by the handlers and the call retried by itself.
   */
  public CallToolResult callTool(String name, ObjectNode arguments, RequestOptions options) {
    ObjectNode params = Session.params("name", name, "arguments", arguments == null ? Json.object() : arguments);
    return convert(interactive(Methods.TOOLS_CALL, params, options), CallToolResult.class);
  }

  /**
   * Calls a tool as {@link #callTool(String, ObjectNode, RequestOptions)} does, and returns its result as the JSON
   * the server sent (after any input rounds and the interceptor's {@code afterCall}), not converted to a {@link
   * CallToolResult}: members this client does not know (a newer revision's, a server's own) and {@code _meta} are
   * kept, and nothing is decoded that a caller only passes on (a gateway). The result is the caller's to change.
   *
   * @throws McpProtocolException when the answer does not have a result's shape ({@link
   *     CallToolResult#shapeProblem}: an object whose {@code content} is an array); the content blocks are not checked
   */
  public ObjectNode callToolRaw(String name, ObjectNode arguments, RequestOptions options) {
    ObjectNode params = Session.params("name", name, "arguments", arguments == null ? Json.object() : arguments);
    return toolResult(interactive(Methods.TOOLS_CALL, params, options));
  }

  /**
   * {@code result} as a {@code tools/call} result's JSON, checked as {@link #callToolRaw} checks it (for a result
   * read with {@link #request}).
   *
   * @throws McpProtocolException when it does not have a result's shape
   */
  public static ObjectNode toolResult(JsonNode result) {
    String problem = CallToolResult.shapeProblem(result);
    if (problem != null) {
      throw new McpProtocolException("the server's answer does not fit CallToolResult: " + problem);
    }
    return (ObjectNode) result;
  }

  /** {@link #callTool(String, ObjectNode, RequestOptions)} on a virtual thread. */
  public CompletableFuture<CallToolResult> callToolAsync(String name, ObjectNode arguments, RequestOptions options) {
    return ClientThreads.async(() -> callTool(name, arguments, options));
  }

  // ---- resources ----

  /**
   * One page of resources; {@code cursor} is {@code null} for the first page or the previous page's {@code nextCursor}.
   */
  public ListResourcesResult listResources(String cursor) {
    return convert(page(Methods.RESOURCES_LIST, cursor), ListResourcesResult.class);
  }

  /** Every resource, page by page as the iteration proceeds; bounded like {@link #tools()}. */
  public Iterable<Resource> resources() {
    return pages(Methods.RESOURCES_LIST, ListResourcesResult.class, ListResourcesResult::resources);
  }

  /** Every resource, all pages read now. */
  public List<Resource> listAllResources() {
    return all(resources());
  }

  /**
   * One page of resource templates; {@code cursor} is {@code null} for the first page or the previous page's {@code
   * nextCursor}.
   */
  public ListResourceTemplatesResult listResourceTemplates(String cursor) {
    return convert(page(Methods.RESOURCES_TEMPLATES_LIST, cursor), ListResourceTemplatesResult.class);
  }

  /** Every resource template, page by page as the iteration proceeds; bounded like {@link #tools()}. */
  public Iterable<ResourceTemplate> resourceTemplates() {
    return pages(Methods.RESOURCES_TEMPLATES_LIST, ListResourceTemplatesResult.class,
        ListResourceTemplatesResult::resourceTemplates);
  }

  /** Every resource template, all pages read now. */
  public List<ResourceTemplate> listAllResourceTemplates() {
    return all(resourceTemplates());
  }

  /** Reads a resource with the default options; see {@link #readResource(String, RequestOptions)}. */
  public ReadResourceResult readResource(String uri) {
    return readResource(uri, RequestOptions.defaults());
  }

  /** Reads a resource; a fresh cached copy is reused (2026-07-28 {@code ttlMs}). */
  public ReadResourceResult readResource(String uri, RequestOptions options) {
    JsonNode cached = session.cache().get(Methods.RESOURCES_READ, uri);
    if (cached != null) {
      session.beforeCall(Methods.RESOURCES_READ, Session.params("uri", uri)); // the interceptor judges every read
      return convert(cached, ReadResourceResult.class);
    }
    JsonNode r = interactive(Methods.RESOURCES_READ, Session.params("uri", uri), options);
    if (Era.of(session.version()).hasResultType()) { // only results with resultType carry caching hints
      session.cache().put(Methods.RESOURCES_READ, uri, r);
    }
    return convert(r, ReadResourceResult.class);
  }

  // ---- prompts ----

  /**
   * One page of prompts; {@code cursor} is {@code null} for the first page or the previous page's {@code nextCursor}.
   */
  public ListPromptsResult listPrompts(String cursor) {
    return convert(page(Methods.PROMPTS_LIST, cursor), ListPromptsResult.class);
  }

  /** Every prompt, page by page as the iteration proceeds; bounded like {@link #tools()}. */
  public Iterable<Prompt> prompts() {
    return pages(Methods.PROMPTS_LIST, ListPromptsResult.class, ListPromptsResult::prompts);
  }

  /** Every prompt, all pages read now. */
  public List<Prompt> listAllPrompts() {
    return all(prompts());
  }

  /** Gets a prompt with these arguments and the default options. */
  public GetPromptResult getPrompt(String name, Map<String, String> arguments) {
    return getPrompt(name, arguments, RequestOptions.defaults());
  }

  /**
   * Gets a prompt with these arguments; input the server asks for is answered by the handlers, as for {@link
   * #callTool(String, ObjectNode, RequestOptions)}.
   */
  public GetPromptResult getPrompt(String name, Map<String, String> arguments, RequestOptions options) {
    return convert(interactive(Methods.PROMPTS_GET, Session.params("name", name, "arguments", arguments), options),
        GetPromptResult.class);
  }

  // ---- utilities ----

  /** {@code completion/complete} for a prompt or resource-template argument. */
  public CompleteResult complete(CompletionReference ref, String argument, String value, Map<String, String> context) {
    ObjectNode params = Session.params("ref", ref, "argument", Map.of("name", argument, "value", value),
        "context", context == null ? null : Map.of("arguments", context));
    return convert(request(Methods.COMPLETION_COMPLETE, params, RequestOptions.defaults()), CompleteResult.class);
  }

  /**
   * The minimum level of log messages the server should send: {@code logging/setLevel} in the
   * 2025 era; in 2026-07-28, the {@code logLevel} every later request carries.
   */
  public void setLoggingLevel(LoggingLevel level) {
    if (Era.of(session.version()).perRequestLogLevel()) {
      session.logLevel(level);
    } else {
      request(Methods.LOGGING_SET_LEVEL, Session.params("level", level.id()), RequestOptions.defaults());
    }
  }

  /** {@code ping} (2025 era); in 2026-07-28, {@code server/discover}, which every server answers. */
  public void ping() {
    request(Era.of(session.version()).livenessMethod(), Json.object(), RequestOptions.defaults());
  }

  /**
   * Any request, raw: the params get the era's {@code _meta} and headers, the result comes back as
   * JSON. For {@code tools/call}, {@code prompts/get} and {@code resources/read} the MRTR loop runs.
   */
  public JsonNode request(String method, ObjectNode params, RequestOptions options) {
    ensureOpen();
    return switch (method) {
      case Methods.TOOLS_CALL, Methods.PROMPTS_GET, Methods.RESOURCES_READ -> session.requestWithInput(method, params, options);
      case Methods.TOOLS_LIST, Methods.PROMPTS_LIST, Methods.RESOURCES_LIST, Methods.RESOURCES_TEMPLATES_LIST ->
          session.listPage(method, params == null || !params.path("cursor").isString() ? null : params.get("cursor").asString(), options);
      default -> session.request(method, params, options);
    };
  }

  // ---- notifications ----

  /** Adds a listener for every notification not routed to a subscription (logs, list changes...). */
  public void onNotification(Consumer<ServerNotification> listener) {
    session.addListener(listener);
  }

  /**
   * Subscribes to change notifications: a {@code subscriptions/listen} stream in 2026-07-28; in the
   * 2025 era, the session's notifications filtered the same way ({@code resources/subscribe} for
   * each resource URI). Returns once the server acknowledged.
   */
  public Subscription listen(SubscriptionFilter filter, Consumer<ServerNotification> consumer) {
    ensureOpen();
    return Era.of(session.version()).usesInitialize() ? listenLegacy(filter, consumer) : listenModern(filter, consumer);
  }

  private Subscription listenModern(SubscriptionFilter filter, Consumer<ServerNotification> consumer) {
    RequestId id = session.nextId();
    Notifications.Route route = new Notifications.Route(filter, consumer);
    session.notifications().addModern(id, route);
    ObjectNode params = Session.params("notifications", filter);
    Thread t = ClientThreads.start("listen", () -> {
      try {
        session.rpc().call(id, Methods.SUBSCRIPTIONS_LISTEN, withMeta(params, Methods.SUBSCRIPTIONS_LISTEN),
            session.version(), headers(Methods.SUBSCRIPTIONS_LISTEN, params), null, !session.rpc().transport().cancelsByClosing());
      } catch (McpClientException e) {
        route.ack().completeExceptionally(e);
      } finally {
        session.notifications().removeModern(id);
        route.ack().completeExceptionally(new McpConnectionException("the subscription ended"));
      }
    });
    SubscriptionFilter acked;
    try {
      acked = route.ack().get(session.settings().requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      t.interrupt();
      Throwable c = e.getCause() != null ? e.getCause() : e;
      if (c instanceof McpClientException m) {
        throw m;
      }
      throw new McpTimeoutException("subscriptions/listen: no acknowledgement within "
          + session.settings().requestTimeout().toSeconds() + " s", session.settings().requestTimeout());
    }
    return new Subscription() {
      @Override
      public SubscriptionFilter acknowledged() {
        return acked;
      }

      @Override
      public boolean isOpen() {
        return !route.ended().isDone();
      }

      @Override
      public java.util.concurrent.CompletionStage<Void> ended() {
        return route.ended().minimalCompletionStage();
      }

      @Override
      public void close() {
        t.interrupt(); // the listen call cancels itself: closes the stream (HTTP) or notifies (stdio)
        try {
          t.join(2000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
  }

  private ObjectNode withMeta(ObjectNode params, String method) {
    ObjectNode p = params.deepCopy();
    p.set("_meta", session.modernMeta(session.version()));
    return p;
  }

  private Map<String, String> headers(String method, ObjectNode params) {
    return session.rpc().transport().isHttp() ? session.standardHeaders(method, params) : Map.of();
  }

  private Subscription listenLegacy(SubscriptionFilter filter, Consumer<ServerNotification> consumer) {
    List<String> uris = filter.resourceSubscriptions() == null ? List.of() : filter.resourceSubscriptions();
    for (String uri : uris) {
      request(Methods.RESOURCES_SUBSCRIBE, Session.params("uri", uri), RequestOptions.defaults());
    }
    Notifications.Route route = new Notifications.Route(filter, consumer);
    session.notifications().addLegacy(route);
    return new Subscription() {
      @Override
      public SubscriptionFilter acknowledged() {
        return filter;
      }

      @Override
      public boolean isOpen() {
        return !route.ended().isDone();
      }

      @Override
      public java.util.concurrent.CompletionStage<Void> ended() {
        return route.ended().minimalCompletionStage();
      }

      @Override
      public void close() {
        if (route.ended().isDone()) {
          return;
        }
        session.notifications().removeLegacy(route);
        for (String uri : uris) {
          try {
            request(Methods.RESOURCES_UNSUBSCRIBE, Session.params("uri", uri), RequestOptions.defaults());
          } catch (McpClientException e) {
            // the server may be gone; the subscription is over either way
          }
        }
      }
    };
  }

  /** Forgets every cached list and resource. */
  public void invalidateCaches() {
    session.cache().clear();
  }

  /** True until {@link #close()} or until the connection is lost. */
  public boolean isOpen() {
    return !closed && session.rpc().closedCause() == null;
  }

  /** Closes the connection: ends 2025 sessions (DELETE), stops stdio servers, releases threads. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    session.rpc().shutdown("the client is closed");
    session.rpc().transport().close();
    if (ownedHttp != null) {
      try {
        ownedHttp.stop();
      } catch (Exception e) {
        // nothing left to release
      }
    }
  }

  // ---- plumbing ----

  private void ensureOpen() {
    if (closed) {
      throw new McpConnectionException("the client is closed");
    }
    session.ensureOpen();
  }

  private JsonNode page(String method, String cursor) {
    ensureOpen();
    return session.listPage(method, cursor, RequestOptions.defaults());
  }

  private JsonNode interactive(String method, ObjectNode params, RequestOptions options) {
    ensureOpen();
    JsonNode r = session.requestWithInput(method, params, options);
    if (session.inputRequired(r)) { // only with RequestOptions.withInputRequiredReturned: the typed result cannot hold it
      throw new McpInputRequiredException(method, convert(r, InputRequiredResult.class));
    }
    return r;
  }

  private static <T> T convert(JsonNode node, Class<T> type) {
    try {
      return Json.convert(node, type);
    } catch (JacksonException e) {
      // Described in the answer's terms (what is wrong, where), not Jackson's (Java types, tokens).
      throw new McpProtocolException("the server's answer does not fit " + type.getSimpleName() + ": "
          + JsonErrors.describe(e));
    }
  }

  private static <T> List<T> all(Iterable<T> items) {
    List<T> out = new ArrayList<>();
    items.forEach(out::add);
    return out;
  }

  /**
   * Every item of a listing, page by page as the iteration proceeds. The bounds (cursor loops, {@code
   * maxListItems}, {@code maxListBytes}) are {@link Listing}'s.
   */
  private <P, T> Iterable<T> pages(String method, Class<P> type, Function<P, List<T>> items) {
    return () -> new ListingPages<>(new Listing(session, method), page -> items.apply(convert(page, type)),
        this::ensureOpen);
  }

  static McpClient create(Session session, HttpClient ownedHttp) {
    return new McpClient(session, ownedHttp);
  }
}
