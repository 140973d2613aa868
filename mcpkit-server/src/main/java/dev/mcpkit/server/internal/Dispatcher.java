package dev.mcpkit.server.internal;

import dev.mcpkit.core.era.Era;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.json.JsonErrors;
import dev.mcpkit.core.jsonrpc.ErrorCodes;
import dev.mcpkit.core.jsonrpc.JsonRpcError;
import dev.mcpkit.core.jsonrpc.JsonRpcNotification;
import dev.mcpkit.core.jsonrpc.JsonRpcRequest;
import dev.mcpkit.core.jsonrpc.JsonRpcResponse;
import dev.mcpkit.core.jsonrpc.JsonRpcResult;
import dev.mcpkit.core.jsonrpc.McpException;
import dev.mcpkit.core.jsonrpc.RequestId;
import dev.mcpkit.core.jsonschema.RequestSchemas;
import dev.mcpkit.core.protocol.MetaKeys;
import dev.mcpkit.core.protocol.Methods;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.ClientCapabilities;
import dev.mcpkit.core.schema.Implementation;
import dev.mcpkit.core.schema.LoggingLevel;
import dev.mcpkit.core.text.PeerText;
import dev.mcpkit.server.Caller;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ResourceNotFoundException;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.http.ErrorWriter;
import dev.mcpkit.server.transport.Exchange;
import dev.mcpkit.server.transport.InFlight;
import dev.mcpkit.server.transport.LegacySession;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Handles MCP requests for one {@link McpServer}, in every revision, independent of transport.
 * Transports decide the era of a request (a 2025 session, or a stateless 2026 request) and hand
 * it over with an {@link Incoming}; the dispatcher validates it, runs the handler and encodes the
 * result for that revision. It never throws: every failure becomes a JSON-RPC error with a clear
 * message (detail of unexpected failures goes to the log only).
 *
 * <p>This class is for transport implementations; applications use {@link McpServer} and a
 * transport.
 */
public final class Dispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  /**
   * A request as the transport received it.
   *
   * @param era the era the transport received it in: {@link Era#STATELESS} outside any session, the session's era
   *     ({@link Era#SESSION}, {@link Era#SSE}) inside one; the exact revision comes from the session or {@code _meta}
   * @param session the session it belongs to when the era uses {@code initialize}; {@code null} when stateless
   * @param exchange where messages belonging to the request go
   * @param caller the authenticated caller, or {@code null}
   * @param inFlight the handle by which the transport cancels the request
   */
  public record Incoming(Era era, LegacySession session, Exchange exchange, Caller caller, InFlight inFlight) {
    /** Checks that a session-era request names its session. */
    public Incoming {
      Objects.requireNonNull(era, "era");
      if (era.usesInitialize()) {
        Objects.requireNonNull(session, "a request of a session era needs its session");
      }
    }
  }

  /**
   * The answer to a request.
   *
   * @param response what to send, or {@code null} when nothing must be sent (a cancelled request, or
   *     one still {@code open})
   * @param httpStatus the status an HTTP transport should use (2026 ties some errors to 400/404)
   * @param open for a request that stays open after {@link #start} returned, what ends it; otherwise {@code null}
   */
  public record Reply(JsonRpcResponse response, int httpStatus, Open open) {
    /** A reply that ends the request. */
    public Reply(JsonRpcResponse response, int httpStatus) {
      this(response, httpStatus, null);
    }
  }

  /**
   * A request that stays open after {@link #start} returned without holding a thread: a {@code
   * subscriptions/listen} stream, whose notifications go through the request's {@link Exchange}
   * meanwhile. It ends with its final response when the transport or the server shuts down, and
   * without one when it is cancelled ({@link InFlight#cancel()}: the client went away).
   */
  public static final class Open {
    private Consumer<Reply> then; // guarded by this
    private Reply reply; // guarded by this; set once

    Open() {}

    /**
     * Runs {@code then} once with the final reply (its response is {@code null} when the request
     * was cancelled): at once when it has ended already, otherwise on the thread that ends it. It
     * must not block.
     */
    public void whenDone(Consumer<Reply> then) {
      Reply r;
      synchronized (this) {
        if (reply == null) {
          this.then = then;
          return;
        }
        r = reply;
      }
      then.accept(r);
    }

    /** Ends the request (the first call counts). */
    void end(Reply last) {
      Consumer<Reply> t;
      synchronized (this) {
        if (reply != null) {
          return;
        }
        reply = last;
        t = then;
        then = null;
      }
      if (t != null) {
        t.accept(last);
      }
    }
  }

  private final McpServer server;
  private final Handlers handlers;
  private final RequestStates states;

  public Dispatcher(McpServer server) {
    this(server, Clock.systemUTC());
  }

  Dispatcher(McpServer server, Clock clock) {
    this.server = server;
    this.states = new RequestStates(server::requestStateKey, server.requestStateTtl(), clock);
    this.handlers = new Handlers(server);
  }

  public McpServer server() {
    return server;
  }

  /**
   * Starts delivering change notifications (list changes, updates of subscribed resources) to a 2025 session that
   * was established on another instance and copied here from its shared record.
   */
  public void adopt(LegacySession session) {
    handlers.adopt(session);
  }

  /**
   * Ends the long-lived requests this dispatcher serves ({@code subscriptions/listen} streams get
   * their final result). Transports call it when they stop; other transports serving the same
   * {@link McpServer} are not affected.
   */
  public void shutdown() {
    handlers.shutdown();
  }

  /**
   * Handles one request; blocks until it is done (run it on its own virtual thread), a {@code
   * subscriptions/listen} stream included. A transport that can keep a stream open without a
   * thread uses {@link #start} instead.
   */
  public Reply handle(JsonRpcRequest request, Incoming in) {
    Reply reply = start(request, in);
    return reply.open() == null ? reply : await(reply.open(), in.inFlight());
  }

  /**
   * Handles one request on the calling thread, like {@link #handle}, except that a request which
   * stays open (a {@code subscriptions/listen} stream) returns at once with {@link Reply#open()}
   * set: the transport keeps the request's stream open, its {@link Exchange} usable, and finishes
   * it when {@link Open#whenDone} says; it cancels it through the request's {@link InFlight}.
   */
  public Reply start(JsonRpcRequest request, Incoming in) {
    in.inFlight().bind(Thread.currentThread());
    if (in.era().usesInitialize()) {
      in.session().started(in.inFlight());
    }
    try {
      Object outcome = in.era().usesInitialize() ? handleLegacy(request, in) : handleModern(request, in);
      if (outcome instanceof Open open) {
        return new Reply(null, 200, open);
      }
      JsonNode result = (JsonNode) outcome;
      if (in.inFlight().isCancelled()) {
        return new Reply(null, 200);
      }
      return new Reply(new JsonRpcResult(request.id(), result), 200);
    } catch (InputRequired ir) {
      ObjectNode result = (ObjectNode) Json.tree(ir.result());
      return new Reply(new JsonRpcResult(request.id(), Results.stamp(result, server)), 200);
    } catch (InputBroker.Cancelled e) {
      return new Reply(null, 200);
    } catch (MetaException e) {
      return new Reply(ErrorWriter.response(request.id(), e.toError()), 400);
    } catch (McpException e) {
      if (in.inFlight().isCancelled()) {
        return new Reply(null, 200);
      }
      return error(request.id(), e.toError(), in.era());
    } catch (ResourceNotFoundException e) {
      return error(request.id(), new JsonRpcError(in.era().resourceNotFoundCode(), e.getMessage(),
          Json.object().put("uri", e.uri())), in.era());
    } catch (RuntimeException | Error e) {
      if (in.inFlight().isCancelled() || Thread.currentThread().isInterrupted()) {
        return new Reply(null, 200);
      }
      LOG.warn("internal error handling {} (id {})", PeerText.line(request.method(), 200),
          PeerText.line(String.valueOf(request.id()), 200), e); // both chosen by the client
      return error(request.id(), new JsonRpcError(ErrorCodes.INTERNAL_ERROR, "Internal error"), in.era());
    } finally {
      in.inFlight().unbind();
      if (in.era().usesInitialize()) {
        in.session().finished(in.inFlight());
      }
      if (!in.inFlight().onSharedThread()) { // a shared thread was never bound, so never interrupted by us
        Thread.interrupted(); // never leak an interrupt into the transport's thread reuse
      }
    }
  }

  /**
   * Whether handling this request runs only code that never waits, so that a transport may handle it on a shared
   * I/O thread: mcpkit's own methods ({@code initialize}, {@code ping}, {@code server/discover}, the list methods)
   * and {@code tools/call} of a tool declared {@linkplain dev.mcpkit.server.ServerTool#nonBlocking() non-blocking}.
   * Anything else (other user handlers, a tool fallback, a {@code toolVisibility} predicate in {@code tools/list},
   * completions, subscriptions) may wait and needs its own thread.
   */
  public boolean nonBlocking(JsonRpcRequest request) {
    return switch (request.method()) {
      case Methods.INITIALIZE, Methods.PING, Methods.SERVER_DISCOVER, Methods.RESOURCES_LIST,
          Methods.RESOURCES_TEMPLATES_LIST, Methods.PROMPTS_LIST -> true;
      case Methods.TOOLS_LIST -> !server.listsToolsPerCaller(); // the predicate is user code
      case Methods.TOOLS_CALL -> {
        JsonNode name = request.params() == null ? null : request.params().get("name");
        ServerTool tool = name == null || !name.isString() ? null : server.tool(name.asString());
        yield tool != null && tool.nonBlocking();
      }
      default -> false;
    };
  }

  /** Waits, on a transport's thread, for an open request to end; an interrupt cancels it. */
  private static Reply await(Open open, InFlight inFlight) {
    CompletableFuture<Reply> done = new CompletableFuture<>();
    open.whenDone(done::complete);
    inFlight.bind(Thread.currentThread());
    try {
      return done.get();
    } catch (InterruptedException | ExecutionException e) {
      inFlight.cancel(); // ends the request, if the interrupt came from elsewhere
      return new Reply(null, 200);
    } finally {
      inFlight.unbind();
      Thread.interrupted();
    }
  }

  /**
   * Handles a notification from the client.
   *
   * @param session the 2025 session it belongs to, or {@code null}
   */
  public void notification(JsonRpcNotification n, LegacySession session) {
    switch (n.method()) {
      case Methods.NOTIFICATION_INITIALIZED -> {
        if (session != null) { // not an era test: a notification outside any session changes nothing
          session.markInitialized();
        }
      }
      case Methods.NOTIFICATION_CANCELLED -> {
        JsonNode id = n.params() == null ? null : n.params().get("requestId");
        // not an era test: outside any session a request is cancelled by closing its stream
        if (session != null && id != null && (id.isString() || id.isIntegralNumber())) {
          session.cancel(RequestId.from(id));
        }
      }
      default -> LOG.debug("ignoring notification {}", PeerText.line(n.method(), 200));
    }
  }

  /** The encoded result (a {@link JsonNode}), or an {@link Open} request. */
  private Object handleLegacy(JsonRpcRequest request, Incoming in) {
    LegacySession session = in.session();
    String method = request.method();
    checkParams(in.era().requestSchemaVersion(), request);
    if (method.equals(Methods.INITIALIZE)) {
      return handlers.initialize(request.params(), session);
    }
    if (!session.isEstablished()) {
      throw McpException.invalidRequest("Invalid request: the session is not initialized; send initialize first");
    }
    if (method.equals(Methods.PING)) {
      return Json.object();
    }
    if (in.era().excludes(method)) {
      throw McpException.methodNotFound(method + " (not part of revision " + session.version() + ")");
    }
    Scope scope = new Scope(request, new Scope.Peer(session.version(), session.capabilities(), session.clientInfo(), null),
        in, factory(method, request.params()));
    return encode(handlers.route(scope), method, scope);
  }

  /**
   * A stateless 2026-07-28 request. Checks run in the order the specification's examples and the
   * official suite use: required {@code _meta} fields (-32602), supported version (-32022), then
   * the method (-32601).
   */
  private Object handleModern(JsonRpcRequest request, Incoming in) {
    String method = request.method();
    ObjectNode params = request.params();
    JsonNode metaNode = params == null ? null : params.get("_meta");
    if (!(metaNode instanceof ObjectNode meta)) {
      throw new MetaException("Invalid params: missing _meta (a " + ProtocolVersion.LATEST
          + " request carries " + MetaKeys.PROTOCOL_VERSION + " and " + MetaKeys.CLIENT_CAPABILITIES + " in params._meta)");
    }
    JsonNode v = meta.get(MetaKeys.PROTOCOL_VERSION);
    if (v == null || !v.isString()) {
      throw new MetaException("Invalid params: _meta is missing " + MetaKeys.PROTOCOL_VERSION);
    }
    JsonNode capsNode = meta.get(MetaKeys.CLIENT_CAPABILITIES);
    if (capsNode == null || !capsNode.isObject()) {
      throw new MetaException("Invalid params: _meta is missing " + MetaKeys.CLIENT_CAPABILITIES);
    }
    ProtocolVersion version = ProtocolVersion.parse(v.asString()).filter(p -> Era.of(p) == Era.STATELESS)
        .filter(server.versions()::contains).orElseThrow(() -> unsupported(v.asString()));
    if (in.era().excludes(method)) {
      throw McpException.methodNotFound(method + " (removed in revision " + ProtocolVersion.LATEST
          + "; 2025 clients send initialize first)");
    }
    if (!handlers.knows(method)) {
      throw McpException.methodNotFound(method);
    }
    ClientCapabilities caps;
    Implementation clientInfo = null;
    LoggingLevel logLevel = null;
    try {
      caps = capabilities((ObjectNode) capsNode);
      JsonNode info = meta.get(MetaKeys.CLIENT_INFO);
      if (info != null && !info.isNull()) {
        clientInfo = ParamReads.implementation(info);
      }
      JsonNode level = meta.get(MetaKeys.LOG_LEVEL);
      if (level != null && !level.isNull()) {
        // Read by type: asString() throws on an object and turns 1e400 into "1E+400".
        String name = Json.string(level);
        if (name == null) {
          throw new MetaException("Invalid params: malformed _meta: " + MetaKeys.LOG_LEVEL + " must be a string");
        }
        logLevel = LoggingLevel.of(name);
      }
    } catch (JacksonException | IllegalArgumentException e) {
      throw new MetaException("Invalid params: malformed _meta: " + describe(e));
    }
    // After the _meta checks (a malformed _meta keeps its HTTP 400), before any handler code.
    checkParams(version, request);
    Scope scope = new Scope(request, new Scope.Peer(version, caps, clientInfo, logLevel), in, factory(method, params));
    return encode(handlers.route(scope), method, scope);
  }

  private Object encode(Object result, String method, Scope scope) {
    return result instanceof Open open ? open : Results.encode(result, method, scope.era, server);
  }

  /**
   * Validates the params against the specification's schema for the method, before any handler
   * code: a malformed shape is -32602 naming the field and the expected type, never a failure
   * deep inside a handler.
   */
  private static void checkParams(ProtocolVersion version, JsonRpcRequest request) {
    List<String> problems = RequestSchemas.of(version).validate(request.method(), request.params());
    if (!problems.isEmpty()) {
      throw McpException.invalidParams("Invalid params for " + request.method() + ": " + String.join("; ", problems));
    }
  }

  /** Read by hand: every 2026 request carries them, and a generic conversion costs more than the call. */
  private static ClientCapabilities capabilities(ObjectNode n) {
    return new ClientCapabilities(member(n, "roots"), member(n, "sampling"), member(n, "elicitation"),
        member(n, "experimental"), member(n, "extensions"), member(n, "tasks"));
  }

  private static ObjectNode member(ObjectNode caps, String name) {
    JsonNode v = caps.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v instanceof ObjectNode o) {
      return o;
    }
    throw new MetaException("Invalid params: malformed _meta: client capability \"" + name + "\" must be an object");
  }

  private McpException unsupported(String requested) {
    var supported = Json.array();
    ProtocolVersion.newestFirst().stream().filter(server.versions()::contains).forEach(p -> supported.add(p.id()));
    ObjectNode data = Json.object();
    data.set("supported", supported);
    data.put("requested", requested);
    return new McpException(ErrorCodes.UNSUPPORTED_PROTOCOL_VERSION, "Unsupported protocol version: " + requested
        + " (supported: " + String.join(", ", supported.valueStream().map(JsonNode::asString).toList()) + ")", data);
  }

  private InputBroker.Factory factory(String method, ObjectNode params) {
    boolean canAsk = method.equals(Methods.TOOLS_CALL) || method.equals(Methods.PROMPTS_GET)
        || method.equals(Methods.RESOURCES_READ);
    if (!canAsk) {
      return scope -> InputBroker.NONE;
    }
    return scope -> {
      if (!scope.era.usesInputRequiredResults()) {
        return new InputBroker.Legacy(scope, server.inputTimeout());
      }
      // The binding (a digest of the canonical params) is needed only to open a retry's requestState or to seal
      // one: a first attempt that asks nothing never computes it.
      return new InputBroker.Mrtr(scope, states, () -> {
        ObjectNode p = params == null ? Json.object() : params;
        String target = method.equals(Methods.RESOURCES_READ) ? p.path("uri").asString("") : p.path("name").asString("");
        return RequestStates.binding(method, target, p.get("arguments"));
      });
    };
  }

  private static Reply error(RequestId id, JsonRpcError error, Era era) {
    return new Reply(ErrorWriter.response(id, error), era.httpStatus(error.code()));
  }

  /** A 2026 request whose required {@code _meta} is missing or malformed: -32602 with HTTP 400. */
  static final class MetaException extends McpException {
    MetaException(String message) {
      super(ErrorCodes.INVALID_PARAMS, message);
    }
  }

  /**
   * A one-line description of a malformed {@code _meta} member in protocol terms (JSON Pointer,
   * expected JSON type), never Jackson's or Java's: see {@link JsonErrors}.
   */
  static String describe(Exception e) {
    if (e instanceof JacksonException je) {
      return JsonErrors.describe(je);
    }
    // IllegalArgumentException comes from our own value parsers (LoggingLevel.of) and record
    // constructors, whose messages are written for the wire; anything that looks like internals is not.
    String msg = e.getMessage();
    return msg == null || msg.length() > 300 || INTERNALS.matcher(msg).find() ? "malformed value" : msg;
  }

  private static final java.util.regex.Pattern INTERNALS =
      java.util.regex.Pattern.compile("(?i)exception|java\\.|javax\\.|jackson|dev\\.mcpkit|org\\.eclipse|jsontoken|\\tat |\\$");
}
