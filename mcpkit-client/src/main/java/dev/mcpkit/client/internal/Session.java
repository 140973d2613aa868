package dev.mcpkit.client.internal;

import dev.mcpkit.client.McpClientException;
import dev.mcpkit.client.McpConnectionException;
import dev.mcpkit.client.McpProtocolException;
import dev.mcpkit.client.McpRpcException;
import dev.mcpkit.client.McpSessionExpiredException;
import dev.mcpkit.client.RequestOptions;
import dev.mcpkit.client.ServerInfo;
import dev.mcpkit.client.ServerNotification;
import dev.mcpkit.client.intercept.Interceptor;
import dev.mcpkit.core.era.Era;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonrpc.ErrorCodes;
import dev.mcpkit.core.jsonrpc.JsonRpcNotification;
import dev.mcpkit.core.jsonrpc.JsonRpcRequest;
import dev.mcpkit.core.jsonrpc.RequestId;
import dev.mcpkit.core.protocol.McpHeaders;
import dev.mcpkit.core.protocol.MetaKeys;
import dev.mcpkit.core.protocol.Methods;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.LoggingLevel;
import dev.mcpkit.core.text.PeerText;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The connected state behind an {@code McpClient}: the negotiated era and version, request
 * building for both eras ({@code _meta} and the {@code Mcp-*} headers for 2026-07-28), the retries
 * the spec asks for ({@code -32022} with a supported version, {@code -32020} after refreshing the
 * tool list, a 2025 session that expired), the MRTR loop, and the answers to server requests.
 * Internal.
 */
public final class Session implements Rpc.Listener {

  /** Methods whose 2026-07-28 results may be {@code input_required} (MRTR). */
  private static final Set<String> INPUT_METHODS = Set.of(Methods.TOOLS_CALL, Methods.PROMPTS_GET, Methods.RESOURCES_READ);

  private final ClientSettings settings;
  private final ListCache cache;
  private final ToolCatalog tools = new ToolCatalog();
  private final AtomicLong progressIds = new AtomicLong();
  private final Notifications notifications;
  private final InputAnswers answers;
  private final ServerRequests serverRequests;
  private volatile Rpc rpc;
  private volatile ProtocolVersion version;
  private volatile ServerInfo info;
  private volatile ServerInfo rawInfo;
  private final Interceptor interceptor;
  private final AtomicLong toolsChanges = new AtomicLong();
  private volatile long toolsListedAt = -1;
  private volatile LoggingLevel logLevel;
  private volatile Runnable reinitialize;

  public Session(ClientSettings settings) {
    this.settings = settings;
    this.cache = new ListCache(settings.maxListBytes());
    this.notifications = new Notifications(this, cache, settings.notifications());
    this.answers = new InputAnswers(settings.handlers());
    this.serverRequests = new ServerRequests(settings.warnings());
    this.interceptor = settings.interceptor();
    this.capabilitiesJson = (ObjectNode) Json.tree(settings.handlers().capabilities());
    this.clientInfoJson = (ObjectNode) Json.tree(settings.clientInfo());
  }

  public ClientSettings settings() {
    return settings;
  }

  public Rpc rpc() {
    return rpc;
  }

  public void attach(Rpc rpc) {
    this.rpc = rpc;
  }

  public ProtocolVersion version() {
    return version;
  }

  public void established(ProtocolVersion v, ServerInfo info, Runnable reinitialize) {
    this.version = v;
    this.rawInfo = info;
    this.info = interceptor == null ? info : Objects.requireNonNull(interceptor.onServerInfo(info),
        "the interceptor's onServerInfo returned null");
    this.reinitialize = reinitialize;
  }

  public ServerInfo info() {
    return info;
  }

  public ListCache cache() {
    return cache;
  }

  public ToolCatalog tools() {
    return tools;
  }

  public Notifications notifications() {
    return notifications;
  }

  public void logLevel(LoggingLevel level) {
    this.logLevel = level;
  }

  /** The client capabilities as JSON objects (never {@code true}). */
  public ObjectNode capabilities() {
    return capabilitiesJson.deepCopy();
  }

  // The settings never change: their JSON is made once, and each request's envelope gets a copy (cheaper than
  // converting the records again, as every 2026-07-28 request carries both).
  private final ObjectNode capabilitiesJson;
  private final ObjectNode clientInfoJson;

  /** The 2026-07-28 {@code _meta} envelope for one request. */
  public ObjectNode modernMeta(ProtocolVersion v) {
    ObjectNode meta = Json.object();
    meta.put(MetaKeys.PROTOCOL_VERSION, v.id());
    meta.set(MetaKeys.CLIENT_INFO, clientInfoJson.deepCopy());
    meta.set(MetaKeys.CLIENT_CAPABILITIES, capabilities());
    LoggingLevel l = logLevel;
    if (l != null) {
      meta.put(MetaKeys.LOG_LEVEL, l.id());
    }
    return meta;
  }

  /** {@code Mcp-Method} and {@code Mcp-Name} for a 2026-07-28 HTTP request. */
  public Map<String, String> standardHeaders(String method, JsonNode params) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put(McpHeaders.METHOD, method);
    McpHeaders.nameOf(method, params).ifPresent(n -> h.put(McpHeaders.NAME, McpHeaders.encode(n)));
    return h;
  }

  /**
   * Sends a request in the negotiated era and returns its result; applies the spec's automatic
   * retries. Does not run the MRTR loop (see {@link #requestWithInput}).
   */
  public JsonNode request(String method, ObjectNode params, RequestOptions options) {
    boolean refreshedTools = false;
    boolean reinitialized = false;
    int versionRetries = 0;
    while (true) {
      ProtocolVersion v = version;
      try {
        return send(method, params, options, v);
      } catch (McpRpcException e) {
        boolean stateless = !Era.of(v).usesInitialize(); // a stateless request may be retried with another revision
        if (stateless && e.code() == ErrorCodes.UNSUPPORTED_PROTOCOL_VERSION && versionRetries++ < 2) {
          ProtocolVersion next = Versions.pickModern(e.data(), settings.forcedVersion());
          if (next != null) {
            version = next;
            continue;
          }
        }
        if (stateless && e.code() == ErrorCodes.HEADER_MISMATCH && method.equals(Methods.TOOLS_CALL) && !refreshedTools
            && rpc.transport().isHttp()) {
          refreshedTools = true;
          refreshTools();
          continue;
        }
        throw e;
      } catch (McpSessionExpiredException e) {
        Runnable r = reinitialize;
        if (reinitialized || r == null) {
          throw e;
        }
        reinitialized = true;
        r.run();
      }
    }
  }

  private void refreshTools() {
    cache.invalidate(Methods.TOOLS_LIST);
    Listing listing = new Listing(this, Methods.TOOLS_LIST); // the same loop and size bounds as a caller's listing
    for (int pages = 0; pages < 100 && listing.next() != null; pages++) {
      // each page teaches the catalog its tools' headers
    }
  }

  private JsonNode send(String method, ObjectNode params, RequestOptions options, ProtocolVersion v) {
    ObjectNode p = params == null ? Json.object() : params.deepCopy();
    ObjectNode meta = p.get("_meta") instanceof ObjectNode m ? m : Json.object();
    Map<String, String> headers = Map.of();
    if (!Era.of(v).usesInitialize()) {
      ObjectNode envelope = modernMeta(v);
      meta.properties().forEach(e -> envelope.set(e.getKey(), e.getValue()));
      meta = envelope;
      if (rpc.transport().isHttp()) {
        headers = standardHeaders(method, p);
        if (method.equals(Methods.TOOLS_CALL)) {
          String tool = p.path("name").asString("");
          if (!tools.knows(tool)) {
            try {
              refreshTools(); // learn the tool's x-mcp-header parameters before the first call
            } catch (McpRpcException | McpProtocolException e) {
              settings.warnings().accept("cannot list the tools to learn the headers of " + PeerText.line(tool, 100)
                  + " (" + e.getMessage() + "); calling it without Mcp-Param headers");
            }
          }
          Map<String, String> all = new LinkedHashMap<>(headers);
          all.putAll(tools.headers(tool, p.get("arguments")));
          headers = all;
        }
      }
    }
    if (options.meta() != null) {
      meta.setAll(options.meta());
    }
    String token = null;
    if (options.progress() != null) {
      token = "mcpkit-progress-" + progressIds.incrementAndGet();
      meta.put(MetaKeys.PROGRESS_TOKEN, token);
      rpc.onProgress(token, options.progress());
    }
    if (meta.isEmpty()) {
      p.remove("_meta");
    } else {
      p.set("_meta", meta);
    }
    Duration timeout = options.timeout() != null ? options.timeout() : settings.requestTimeout();
    boolean notifyCancel = !(rpc.transport().cancelsByClosing() && Era.of(v).cancelsByClosingStream());
    try {
      JsonNode result = rpc.call(rpc.nextId(), method, p, v, headers, timeout, notifyCancel);
      return checkResultType(method, result, v);
    } finally {
      if (token != null) {
        rpc.removeProgress(token);
      }
    }
  }

  private static JsonNode checkResultType(String method, JsonNode result, ProtocolVersion v) {
    if (!result.isObject()) {
      throw new McpProtocolException(method + ": the result is not a JSON object: " + PeerText.line(result.toString(), 200));
    }
    JsonNode type = result.get("resultType");
    if (!Era.of(v).hasResultType() || type == null || type.isNull()) {
      return result; // an absent resultType means "complete"
    }
    String t = type.asString("");
    if (t.equals("complete") || (t.equals("input_required") && INPUT_METHODS.contains(method))) {
      return result;
    }
    throw new McpProtocolException(method + ": the server answered with a result of unknown type \"" + PeerText.line(t, 60) + "\"");
  }

  /**
   * A request that may need input (tools/call, prompts/get, resources/read): when a 2026-07-28
   * server answers {@code input_required}, fulfils the input requests with the handlers and
   * retries with {@code inputResponses} and the echoed {@code requestState}, up to the round limit.
   */
  public JsonNode requestWithInput(String method, ObjectNode params, RequestOptions options) {
    if (interceptor == null) {
      return inputLoop(method, params, options);
    }
    if (method.equals(Methods.TOOLS_CALL) && toolsListedAt != toolsChanges.get()) {
      try {
        refreshTools(); // the interceptor judges a call by the tools as they are now, not as they were listed
      } catch (McpRpcException | McpProtocolException e) {
        settings.warnings().accept("cannot list the tools before calling " + PeerText.line(params == null ? ""
            : params.path("name").asString(""), 100) + " (" + e.getMessage() + "); the interceptor judges it by what it saw before");
      }
    }
    beforeCall(method, params);
    JsonNode complete = inputLoop(method, params, options);
    if (inputRequired(complete)) {
      return complete; // handed to the caller (RequestOptions.withInputRequiredReturned): not a result of the call yet
    }
    JsonNode result = interceptor.afterCall(rawInfo, method, params == null ? Json.object() : params, complete);
    return Objects.requireNonNull(result, "the interceptor's afterCall returned null");
  }

  /** Whether {@code result} is a 2026-07-28 {@code InputRequiredResult} (on this connection's era). */
  public boolean inputRequired(JsonNode result) {
    return Era.of(version).usesInputRequiredResults() && "input_required".equals(result.path("resultType").asString(""));
  }

  /** Lets the interceptor refuse a call before it is sent (or answered from the cache). */
  public void beforeCall(String method, ObjectNode params) {
    if (interceptor != null) {
      interceptor.beforeCall(rawInfo, method, params == null ? Json.object() : params);
    }
  }

  /** A {@code notifications/tools/list_changed} came: the next call lists the tools again first. */
  void toolsChanged() {
    toolsChanges.incrementAndGet();
  }

  /** The change count when a listing starts. */
  long toolsGeneration() {
    return toolsChanges.get();
  }

  /** A listing that started at change count {@code generation} saw every page. */
  void toolsListed(long generation) {
    toolsListedAt = generation;
  }

  private JsonNode inputLoop(String method, ObjectNode params, RequestOptions options) {
    ObjectNode current = params;
    for (int round = 0; round <= settings.maxInputRounds(); round++) {
      JsonNode result = request(method, current, options);
      if (!inputRequired(result) || (options != null && options.inputRequiredReturned())) {
        return result;
      }
      ObjectNode retry = params == null ? Json.object() : params.deepCopy();
      JsonNode requests = result.get("inputRequests");
      if (requests != null && requests.isObject()) {
        ObjectNode responses = Json.object();
        for (var e : requests.properties()) {
          responses.set(e.getKey(), answers.answer(e.getValue().path("method").asString(""), e.getValue().get("params"), true));
        }
        retry.set("inputResponses", responses);
      } else if (requests != null && !requests.isNull()) {
        throw new McpProtocolException(method + ": \"inputRequests\" is not an object");
      }
      JsonNode state = result.get("requestState");
      if (state != null && state.isString()) {
        retry.set("requestState", state);
      }
      if (retry.get("inputResponses") == null && state == null) {
        throw new McpProtocolException(method + ": an input_required result with neither inputRequests nor requestState");
      }
      current = retry;
    }
    throw new McpProtocolException(method + ": the server still asked for input after " + settings.maxInputRounds()
        + " rounds; giving up");
  }

  /** One page of a list method, from the cache while fresh; tools are checked and remembered. */
  public JsonNode listPage(String method, String cursor, RequestOptions options) {
    JsonNode cached = cache.get(method, cursor);
    if (cached != null) {
      return intercept(method, cached);
    }
    ObjectNode params = Json.object();
    if (cursor != null) {
      params.put("cursor", cursor);
    }
    JsonNode page = request(method, params, options);
    if (method.equals(Methods.TOOLS_LIST)) {
      page = tools.learn(page, rpc.transport().isHttp(), settings.warnings());
    }
    if (Era.of(version).hasResultType()) { // only results with resultType carry caching hints
      cache.put(method, cursor, page);
    }
    return intercept(method, page);
  }

  /** The page as the interceptor lets the caller see it; the cache keeps the server's page, judged on every use. */
  private JsonNode intercept(String method, JsonNode page) {
    if (interceptor == null) {
      return page;
    }
    return Objects.requireNonNull(interceptor.onList(rawInfo, method, page), "the interceptor's onList returned null");
  }

  public void notify(String method, ObjectNode params) {
    ProtocolVersion v = version;
    Map<String, String> headers = !Era.of(v).usesInitialize() && rpc.transport().isHttp() ? standardHeaders(method, params)
        : Map.of();
    rpc.notify(method, params, v, headers);
  }

  // ---- Rpc.Listener ----

  @Override
  public void notification(JsonRpcNotification n) {
    notifications.dispatch(n);
  }

  @Override
  public void request(JsonRpcRequest r) {
    ProtocolVersion v = version;
    Rpc engine = rpc;
    boolean modern = v != null && Era.of(v).usesInputRequiredResults();
    // 2026-07-28 servers must use MRTR: an unsolicited request is refused, never shown to the user.
    String refusal = modern
        ? "Invalid request: servers must not send requests in protocol revision " + v.id() + " (use MRTR)"
        : "Internal error: the client is already answering " + ServerRequests.MAX_IN_FLIGHT
            + " requests from this server; try again later";
    int code = modern ? ErrorCodes.INVALID_REQUEST : ErrorCodes.INTERNAL_ERROR;
    serverRequests.submit(() -> {
      try {
        engine.respond(r.id(), answers.answer(r.method(), r.params(), false), v);
      } catch (InputAnswers.Refused e) {
        safely(() -> engine.respondError(r.id(), e.code(), e.getMessage(), v));
      } catch (RuntimeException e) {
        safely(() -> engine.respondError(r.id(), ErrorCodes.INTERNAL_ERROR, "Internal error: the client's handler failed", v));
        settings.warnings().accept("the handler for " + r.method() + " failed: " + e);
      }
    }, () -> safely(() -> engine.respondError(r.id(), code, refusal, v)), !modern);
  }

  private static void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      // the connection may be gone; nothing else to do
    }
  }

  @Override
  public void warning(String text) {
    settings.warnings().accept(text);
  }

  @Override
  public void closed(McpClientException cause) {
    notifications.closeAll(cause);
  }

  /** Fails when the connection is gone. */
  public void ensureOpen() {
    Rpc r = rpc;
    if (r == null || r.closedCause() != null) {
      McpClientException c = r == null ? null : r.closedCause();
      throw new McpConnectionException(c == null ? "not connected" : c.getMessage(), c);
    }
  }

  /** Request ids for subscriptions. */
  public RequestId nextId() {
    return rpc.nextId();
  }

  /** Builds the params of a request for a typed call; {@code null} values are left out. */
  public static ObjectNode params(Object... keyValues) {
    ObjectNode p = Json.object();
    for (int i = 0; i < keyValues.length; i += 2) {
      Object v = keyValues[i + 1];
      if (v != null) {
        p.set((String) keyValues[i], Json.tree(v));
      }
    }
    return p;
  }

  /** Routes typed notifications to a consumer; used by subscriptions. */
  public void addListener(Consumer<ServerNotification> l) {
    notifications.addGlobal(l);
  }
}
