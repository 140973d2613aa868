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
import java.io.IOException;
import java.io.InputStream;
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
 * same path. Every request is handled on its own virtual thread. Every rejection is an HTTP status
 * with a JSON-RPC error body that says what is wrong.
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
    Thread.ofVirtual().name("mcp-http").start(() -> {
      Completion completion = new Completion(callback); // a stream that stays open takes it over
      try {
        serve(request, response, completion);
        completion.succeeded();
      } catch (Throwable t) {
        LOG.debug("request failed", t);
        completion.failed(t);
      }
    });
    return true;
  }

  private void serve(Request request, Response response, Completion completion) throws IOException {
    RequestGuard.Allow allowed = Admission.admit(request, response, origins, guard);
    if (allowed == null) {
      return;
    }
    Caller caller = allowed.caller();
    switch (request.getMethod()) {
      case "POST" -> post(request, response, caller, completion);
      case "GET" -> standalone.get(request, response, caller, completion);
      case "DELETE" -> delete(request, response, caller);
      default -> ErrorWriter.reject(response, 405, null, ErrorCodes.INVALID_REQUEST,
          "Method not allowed: use POST (or GET/DELETE with a 2025 session)", Map.of("Allow", "GET, POST, DELETE, OPTIONS"));
    }
  }

  private void post(Request request, Response response, Caller caller, Completion completion) throws IOException {
    if (!Accepts.isJson(request)) {
      ErrorWriter.reject(response, 415, "Unsupported media type: POST bodies must be application/json");
      return;
    }
    if (!Accepts.jsonAndEventStream(request)) {
      ErrorWriter.reject(response, 406, "Not acceptable: the Accept header must allow application/json and text/event-stream");
      return;
    }
    byte[] body = readBody(request, response);
    if (body == null) {
      return;
    }
    JsonRpcMessage message;
    try {
      message = switch (JsonRpcCodec.parse(body)) {
        case JsonRpcCodec.Single s -> JsonRpcCodec.read(s.node());
        case JsonRpcCodec.Batch b -> {
          BatchPost.handle(b.entries(), request, response, caller, this);
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
      case JsonRpcRequest r -> request(r, request, response, session, caller, completion);
    }
  }

  /** Handles one JSON-RPC request POSTed alone. */
  void request(JsonRpcRequest r, Request request, Response response, HttpSession session, Caller caller,
      Completion completion) {
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
      respond(r, request, response, era, session, caller, client, opensSession, completion);
    } finally {
      if (opensSession) {
        sessions.discard(session); // no-op once registered
      }
    }
  }

  private void respond(JsonRpcRequest r, Request request, Response response, Era era, HttpSession session,
      Caller caller, String client, boolean opensSession, Completion completion) {
    InFlight inFlight = new InFlight(r.id());
    boolean prime = !opensSession && era.usesInitialize() && session.state.isEstablished()
        && era.primesStreams(session.state.version());
    PostResponder responder = new PostResponder(request, response, era, session, prime, options, inFlight, r.id(),
        streams, client);
    // A subscriptions/listen stream is long-lived: its slot of the client's stream limit is taken
    // before the subscription starts. Other responses take one if and when they become streams.
    if (!era.usesInitialize() && r.method().equals(Methods.SUBSCRIPTIONS_LISTEN)) {
      Quota.Grant g = responder.reserve();
      if (g != Quota.Grant.GRANTED) {
        Limits.refuse(response, g, streams.quota(), "open streams", r.id(), options);
        return;
      }
    }
    DisconnectWatch watch = era.cancelsByClosingStream() ? DisconnectWatch.start(request, inFlight::cancel) : null;
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

  /** Reads the body up to the limit; answers 413 and returns {@code null} beyond it. */
  private byte[] readBody(Request request, Response response) throws IOException {
    long declared = request.getLength();
    if (declared > options.maxBodyBytes()) {
      ErrorWriter.reject(response, 413, "Content too large: the limit is " + options.maxBodyBytes() + " bytes");
      return null;
    }
    try (InputStream in = Request.asInputStream(request)) {
      // With a Content-Length (within the limit, checked above) exactly that many bytes are read
      // into an array of that size; otherwise up to one byte over the limit. (readNBytes(limit)
      // starts with a 16 KiB array whatever the body's size: per request, most of it unused.)
      int want = declared >= 0 ? (int) declared : (int) Math.min(Integer.MAX_VALUE - 8, options.maxBodyBytes() + 1);
      byte[] body = in.readNBytes(want);
      if (body.length > options.maxBodyBytes()) {
        ErrorWriter.reject(response, 413, "Content too large: the limit is " + options.maxBodyBytes() + " bytes");
        return null;
      }
      HttpReplies.bodyRead(response);
      return body;
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
