package dev.mcpkit.server.http;

import dev.mcpkit.core.era.Era;
import dev.mcpkit.core.jsonrpc.ErrorCodes;
import dev.mcpkit.core.jsonrpc.JsonRpcCodec;
import dev.mcpkit.core.jsonrpc.JsonRpcErrorResponse;
import dev.mcpkit.core.jsonrpc.JsonRpcMessage;
import dev.mcpkit.core.jsonrpc.JsonRpcNotification;
import dev.mcpkit.core.jsonrpc.JsonRpcRequest;
import dev.mcpkit.core.jsonrpc.JsonRpcResponse;
import dev.mcpkit.core.jsonrpc.McpException;
import dev.mcpkit.core.protocol.McpHeaders;
import dev.mcpkit.core.protocol.Methods;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.server.Caller;
import dev.mcpkit.server.cluster.SessionCluster;
import dev.mcpkit.server.internal.Dispatcher;
import dev.mcpkit.server.transport.InFlight;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Streamable HTTP endpoint (a Jetty core {@link Handler}) for both eras: stateless 2026-07-28
 * requests and 2025 sessions ({@code Mcp-Session-Id}, GET streams, DELETE, resumption) on the
 * same path. Every rejection is an HTTP status with a JSON-RPC error body that says what is wrong.
 *
 * <p>Threads: the Host, Origin and CORS checks run on the Jetty thread that received a request, which then asks the
 * guard to decide at once ({@link RequestGuard#tryAuthenticate}). When it can, the body is read (asynchronously) and
 * parsed on that thread, and a single message whose handling cannot block (see {@link #inline}) is served right
 * there; everything else (user handlers, a batch, GET streams, a session cluster) gets its own virtual thread. When
 * the guard cannot decide at once, the request moves to its own virtual thread before the guard is called. No write waits for the
 * client: the last one hands the request's callback over ({@link Completion}).
 */
final class StreamableHttpHandler extends Handler.Abstract {

  private static final Logger LOG = LoggerFactory.getLogger(StreamableHttpHandler.class);

  private final Dispatcher dispatcher;
  private final HttpOptions options;
  private final OriginPolicy origins;
  private final RequestGuard guard;
  private final SessionRegistry sessions;
  private final ModernHeaders modernHeaders;
  private final StandaloneStreams standalone;
  private final StreamRegistry streams;

  StreamableHttpHandler(Dispatcher dispatcher, HttpOptions options, RequestGuard guard, SessionRegistry sessions,
      StreamRegistry streams) {
    super(InvocationType.NON_BLOCKING);
    this.dispatcher = dispatcher;
    this.options = options;
    this.origins = new OriginPolicy(options);
    this.guard = guard;
    this.sessions = sessions;
    this.modernHeaders = new ModernHeaders(dispatcher.server());
    this.standalone = new StandaloneStreams(options, sessions, streams);
    this.streams = streams;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!Request.getPathInContext(request).equals(options.path())) {
      return false;
    }
    Completion.Attached attached = new Completion.Attached(request, response);
    step(new Completion(callback, attached), c -> admit(request, attached, c));
    return true;
  }

  /**
   * Admits a request on the Jetty thread when the guard decides at once, otherwise on the request's own virtual
   * thread; either way the same checks and the same refusals ({@link Admission}).
   */
  private void admit(Request request, Response response, Completion completion) throws Exception {
    if (!Admission.checked(request, response, origins)) {
      return;
    }
    RequestGuard.Decision atOnce = guard.tryAuthenticate(request);
    if (atOnce != null) {
      RequestGuard.Allow allowed = Admission.decided(response, atOnce);
      if (allowed != null) {
        serve(request, response, allowed.caller(), completion, false);
      }
    } else {
      onVirtualThread(request, completion, c -> {
        RequestGuard.Allow allowed = Admission.decided(response, guard.authenticate(request));
        if (allowed != null) {
          serve(request, response, allowed.caller(), c, true);
        }
      });
    }
  }

  /** One step of a request's handling, given the completion that owns the request's callback at that point. */
  interface Step {
    void run(Completion completion) throws Exception;
  }

  /**
   * Runs a step on the calling thread and completes the request when it returns, unless the step handed the callback
   * on (a final write, a stream kept open, the next step on another thread); a failure fails the request.
   */
  static void step(Completion completion, Step step) {
    try {
      step.run(completion);
      completion.succeeded();
    } catch (Throwable t) {
      LOG.debug("request failed", t);
      completion.failed(t);
    }
  }

  /** Runs the next step on its own virtual thread, which may block (user code, a guard, a cluster's store). */
  private static void onVirtualThread(Request request, Completion completion, Step step) {
    Completion next = completion.handOver();
    Thread.ofVirtual().name("mcp-http").start(() -> step(next, step));
  }

  /**
   * @param own whether this thread is the request's own (virtual) thread, which may block, and the guard may block
   *     too; otherwise it is a Jetty thread, where only work that cannot block runs, and the guard decided this
   *     request at once (so its {@code authorize} does not wait either)
   */
  private void serve(Request request, Response response, Caller caller, Completion completion, boolean own)
      throws Exception {
    switch (request.getMethod()) {
      case "POST" -> post(request, response, caller, completion, own);
      case "GET" -> {
        if (own) {
          standalone.get(request, response, caller, completion);
        } else { // opening a stream may replay one or wait for a cluster's store
          onVirtualThread(request, completion, c -> standalone.get(request, response, caller, c));
        }
      }
      case "DELETE" -> {
        if (own || sessions.cluster() == null) {
          delete(request, response, caller);
        } else {
          onVirtualThread(request, completion, c -> delete(request, response, caller));
        }
      }
      default -> ErrorWriter.reject(response, 405, null, ErrorCodes.INVALID_REQUEST,
          "Method not allowed: use POST (or GET/DELETE with a 2025 session)", Map.of("Allow", "GET, POST, DELETE, OPTIONS"));
    }
  }

  private void post(Request request, Response response, Caller caller, Completion completion, boolean own)
      throws Exception {
    if (!Accepts.isJson(request)) {
      ErrorWriter.reject(response, 415, "Unsupported media type: POST bodies must be application/json");
      return;
    }
    if (!Accepts.jsonAndEventStream(request)) {
      ErrorWriter.reject(response, 406, "Not acceptable: the Accept header must allow application/json and text/event-stream");
      return;
    }
    BodyReader.read(request, response, options.maxBodyBytes(), completion,
        (c, body, resumed) -> posted(request, response, caller, c, body, own && !resumed, !own));
  }

  /**
   * The whole body has arrived: parses it (bounded by the body limit) and serves it here or on its own thread.
   *
   * @param decidedAtOnce whether the guard decided this request at once ({@link RequestGuard#tryAuthenticate}), so
   *     that its {@code authorize} does not wait either
   */
  private void posted(Request request, Response response, Caller caller, Completion completion, byte[] body,
      boolean own, boolean decidedAtOnce) {
    JsonRpcMessage message;
    try {
      message = switch (JsonRpcCodec.parse(body)) {
        case JsonRpcCodec.Single s -> JsonRpcCodec.read(s.node());
        case JsonRpcCodec.Batch b -> {
          if (own) {
            BatchPost.handle(b.entries(), request, response, caller, this);
          } else {
            onVirtualThread(request, completion, c -> BatchPost.handle(b.entries(), request, response, caller, this));
          }
          yield null;
        }
      };
    } catch (McpException e) {
      ErrorWriter.reject(response, null, e.toError());
      return;
    }
    if (message == null) {
      return;
    }
    if (own || (decidedAtOnce && inline(message))) {
      single(message, request, response, caller, completion, own);
    } else {
      onVirtualThread(request, completion, c -> single(message, request, response, caller, c, true));
    }
  }

  /**
   * Whether a message whose guard decided at once can be served on the Jetty thread that read it: nothing else on
   * its way may block. No cluster (its store is remote), and for a request, work that is mcpkit's own or declared
   * non-blocking ({@link Dispatcher#nonBlocking}).
   */
  private boolean inline(JsonRpcMessage message) {
    if (sessions.cluster() != null) {
      return false;
    }
    return switch (message) {
      case JsonRpcNotification n -> true; // marks a session initialized, or cancels a request: never waits
      // Completing a server request's future runs whatever waits on it on this thread: its own thread, then.
      case JsonRpcResponse r -> false;
      case JsonRpcRequest r -> dispatcher.nonBlocking(r);
    };
  }

  private void single(JsonRpcMessage message, Request request, Response response, Caller caller,
      Completion completion, boolean own) {
    String sessionId = request.getHeaders().get(McpHeaders.SESSION_ID);
    HttpSession session = null;
    if (sessionId != null) {
      session = sessions.find(sessionId, caller, response);
      if (session == null) { // not an era test: the lookup failed and answered
        return;
      }
      if (!checkLegacyVersionHeader(request, response)) {
        return;
      }
      session.state.touch();
    }
    switch (message) {
      case JsonRpcNotification n -> {
        if (session != null) { // not an era test: a notification outside any session changes nothing
          dispatcher.notification(n, session.state);
          if (sessions.cluster() != null) {
            sessions.cluster().notified(session, n);
          }
        }
        HttpReplies.status(response, 202, Map.of());
      }
      case JsonRpcResponse r -> {
        // not an era test: outside any session no server request is pending
        SessionCluster.Delivery routed = session == null || session.state.complete(r) ? null
            : sessions.cluster() == null ? SessionCluster.Delivery.UNKNOWN : sessions.cluster().route(session, r);
        // not an era test: no session, or nothing waits for this answer on any instance
        if (session == null || routed == SessionCluster.Delivery.UNKNOWN) {
          ErrorWriter.reject(response, 400, "Bad request: this response answers no pending server request");
        } else if (routed == SessionCluster.Delivery.GONE) {
          ErrorWriter.reject(response, 410, "Gone: the instance that sent this request stopped, so nothing waits for "
              + "this answer; the request it belonged to failed");
        } else {
          HttpReplies.status(response, 202, Map.of());
        }
      }
      case JsonRpcRequest r -> request(r, request, response, session, caller, completion, own);
    }
  }

  /** Handles one JSON-RPC request POSTed alone. */
  private void request(JsonRpcRequest r, Request request, Response response, HttpSession session, Caller caller,
      Completion completion, boolean own) {
    boolean opensSession = false;
    // not an era test: whether the request named a live session; Era.ofRequest decides the era from that
    Era era = Era.ofRequest(session != null, request.getHeaders().get(McpHeaders.PROTOCOL_VERSION), r);
    if (!era.usesInitialize()) {
      McpException mismatch = modernHeaders.validate(request, r);
      if (mismatch != null) {
        ErrorWriter.reject(response, r.id(), mismatch.toError());
        return;
      }
    } else if (session == null) { // not an era test: a session-era request without a session opens one
      if (!r.method().equals(Methods.INITIALIZE)) {
        ErrorWriter.reject(response, 400, r.id(), ErrorCodes.INVALID_REQUEST, "Bad request: missing "
            + McpHeaders.SESSION_ID + " header (2025 clients send initialize first; "
            + ProtocolVersion.LATEST + " clients put the protocol version in params._meta)", Map.of());
        return;
      }
      opensSession = true;
    }
    RequestGuard.Decision authz = guard.authorize(caller, r, dispatcher.server().requiredScopes(r));
    if (authz instanceof RequestGuard.Deny deny) {
      ErrorWriter.deny(response, deny, r.id());
      return;
    }
    String client = Limits.clientKey(caller, request);
    if (opensSession) {
      SessionRegistry.Created created = sessions.create(client, caller);
      if (created.session() == null) { // not an era test: the registry refused a new session
        Limits.refuse(response, created.grant(), sessions.quota(), "live sessions", r.id(), options);
        return;
      }
      session = created.session();
    }
    try {
      respond(r, request, response, era, session, caller, client, opensSession, completion, own);
    } finally {
      if (opensSession) {
        sessions.discard(session); // no-op once registered
      }
    }
  }

  private void respond(JsonRpcRequest r, Request request, Response response, Era era, HttpSession session,
      Caller caller, String client, boolean opensSession, Completion completion, boolean own) {
    InFlight inFlight = own ? new InFlight(r.id()) : InFlight.onSharedThread(r.id());
    boolean prime = !opensSession && era.usesInitialize() && session.state.isEstablished()
        && era.primesStreams(session.state.version());
    PostResponder responder = new PostResponder(request, response, era, session, prime, options, inFlight, r.id(),
        streams, client, !own);
    // A subscriptions/listen stream is long-lived: its slot of the client's stream limit is taken
    // before the subscription starts. Other responses take one if and when they become streams.
    if (!era.usesInitialize() && r.method().equals(Methods.SUBSCRIPTIONS_LISTEN)) {
      Quota.Grant g = responder.reserve();
      if (g != Quota.Grant.GRANTED) {
        Limits.refuse(response, g, streams.quota(), "open streams", r.id(), options);
        return;
      }
    }
    // Served inline, the request ends before this returns: no disconnect can cancel it meanwhile.
    DisconnectWatch watch = own && era.cancelsByClosingStream() ? DisconnectWatch.start(request, inFlight::cancel)
        : null;
    Dispatcher.Reply reply;
    boolean held = false;
    try {
      try {
        reply = dispatcher.start(r, new Dispatcher.Incoming(era, era.usesInitialize() ? session.state : null,
            responder, caller, inFlight));
        // subscriptions/listen: the stream stays open without this thread, still watched for a disconnect
        held = reply.open() != null && responder.hold(reply.open(), watch, completion);
      } finally {
        if (watch != null && !held) {
          watch.stop();
          if (watch.sawData()) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
          }
        }
      }
      if (held) {
        return;
      }
      if (opensSession) {
        if (reply.response() instanceof JsonRpcErrorResponse || reply.response() == null) {
          sessions.discard(session); // a failed initialize opens nothing, so it names no session either
        } else {
          sessions.register(session);
          responder.header(McpHeaders.SESSION_ID, session.id); // initialize never streams: still unsent
        }
      }
      if (reply.response() == null) {
        responder.abandon();
      } else {
        responder.finish(reply.response(), reply.httpStatus());
      }
    } finally {
      responder.releaseSlot();
    }
  }

  /** In a session the header, when present, must name a supported revision (any of them). */
  private boolean checkLegacyVersionHeader(Request request, Response response) {
    String v = request.getHeaders().get(McpHeaders.PROTOCOL_VERSION);
    if (v == null) {
      return true; // the specification lets servers assume 2025-03-26
    }
    if (ProtocolVersion.parse(v).filter(dispatcher.server().versions()::contains).isEmpty()) {
      ErrorWriter.reject(response, 400, "Bad request: unsupported " + McpHeaders.PROTOCOL_VERSION + " '"
          + OriginPolicy.printable(v) + "'");
      return false;
    }
    return true;
  }

  private void delete(Request request, Response response, Caller caller) {
    String sessionId = request.getHeaders().get(McpHeaders.SESSION_ID);
    if (sessionId == null) {
      ErrorWriter.reject(response, 405, null, ErrorCodes.INVALID_REQUEST,
          "Method not allowed: DELETE ends a 2025 session and needs " + McpHeaders.SESSION_ID, Map.of("Allow", "POST"));
      return;
    }
    HttpSession session = sessions.find(sessionId, caller, response);
    if (session != null) { // not an era test: null when the lookup failed (and answered)
      sessions.close(session.id);
      HttpReplies.status(response, 200, Map.of());
    }
  }

  Dispatcher dispatcher() {
    return dispatcher;
  }

  SessionRegistry sessions() {
    return sessions;
  }

  RequestGuard guard() {
    return guard;
  }
}
