package dev.mcpkit.server.http;

import dev.mcpkit.core.era.Era;
import dev.mcpkit.core.jsonrpc.ErrorCodes;
import dev.mcpkit.core.jsonrpc.JsonRpcCodec;
import dev.mcpkit.core.jsonrpc.JsonRpcMessage;
import dev.mcpkit.core.jsonrpc.JsonRpcNotification;
import dev.mcpkit.core.jsonrpc.JsonRpcRequest;
import dev.mcpkit.core.jsonrpc.JsonRpcResponse;
import dev.mcpkit.core.jsonrpc.McpException;
import dev.mcpkit.server.Caller;
import dev.mcpkit.server.internal.Dispatcher;
import dev.mcpkit.server.transport.Exchange;
import dev.mcpkit.server.transport.InFlight;
import dev.mcpkit.server.transport.LegacySession;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 2024-11-05 HTTP+SSE transport, kept for old clients: {@code GET /sse} opens a stream whose
 * first event names the message endpoint; the client POSTs each message to {@code
 * /messages?sessionId=...} (answered 202) and receives every answer on the stream. The session
 * lives as long as the stream.
 */
final class LegacySseHandler extends Handler.Abstract {

  private static final Logger LOG = LoggerFactory.getLogger(LegacySseHandler.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Channel(LegacySession session, SseConnection sse, Caller caller) implements Exchange {
    @Override
    public void send(JsonRpcMessage message) {
      sse.event(null, "message", JsonRpcCodec.write(message), null);
    }
  }

  private final Dispatcher dispatcher;
  private final HttpOptions options;
  private final OriginPolicy origins;
  private final RequestGuard guard;
  private final SessionRegistry sessions;
  private final StreamRegistry streams;
  private final Map<String, Channel> channels = new ConcurrentHashMap<>();

  LegacySseHandler(Dispatcher dispatcher, HttpOptions options, RequestGuard guard, SessionRegistry sessions,
      StreamRegistry streams) {
    super(InvocationType.NON_BLOCKING);
    this.dispatcher = dispatcher;
    this.options = options;
    this.origins = new OriginPolicy(options);
    this.guard = guard;
    this.sessions = sessions;
    this.streams = streams;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    boolean stream = path.equals(options.legacySsePath());
    boolean messages = path.equals(options.legacyMessagesPath());
    if (!stream && !messages) {
      return false;
    }
    Thread.ofVirtual().name("mcp-sse").start(() -> {
      Completion completion = new Completion(callback);
      try {
        serve(request, response, stream, completion);
        completion.succeeded();
      } catch (Throwable t) {
        LOG.debug("legacy SSE request failed", t);
        completion.failed(t);
      }
    });
    return true;
  }

  private void serve(Request request, Response response, boolean stream, Completion completion) throws Exception {
    RequestGuard.Allow allowed = Admission.admit(request, response, origins, guard);
    if (allowed == null) {
      return;
    }
    Caller caller = allowed.caller();
    if (stream && request.getMethod().equals("GET")) {
      open(request, response, caller, completion);
    } else if (!stream && request.getMethod().equals("POST")) {
      post(request, response, caller);
    } else {
      ErrorWriter.reject(response, 405, null, ErrorCodes.INVALID_REQUEST,
          "Method not allowed: " + (stream ? "GET " + options.legacySsePath() : "POST " + options.legacyMessagesPath()),
          Map.of("Allow", stream ? "GET" : "POST"));
    }
  }

  private void open(Request request, Response response, Caller caller, Completion completion) {
    if (!Accepts.eventStream(request)) {
      ErrorWriter.reject(response, 406, "Not acceptable: the SSE endpoint needs Accept: text/event-stream");
      return;
    }
    // A legacy session lives as long as its stream: it takes a slot of both limits.
    String client = Limits.clientKey(caller, request);
    Quota.Grant sessionGrant = sessions.quota().tryAcquire(client);
    if (sessionGrant != Quota.Grant.GRANTED) {
      Limits.refuse(response, sessionGrant, sessions.quota(), "live sessions", null, options);
      return;
    }
    OpenStream stream = OpenStream.open(request, response, options, streams, client);
    if (stream == null) {
      sessions.quota().release(client);
      return;
    }
    byte[] raw = new byte[16];
    RANDOM.nextBytes(raw);
    String id = HexFormat.of().formatHex(raw);
    SseConnection sse = stream.sse();
    LegacySession session = new LegacySession(id);
    session.owner(caller);
    Channel channel = new Channel(session, sse, caller);
    session.standalone(channel);
    channels.put(id, channel);
    // A stream cut off (a client that does not read) ends the session: 2024-11-05 has no resumption.
    sse.onClose(() -> {
      channels.remove(id);
      session.close();
      sessions.quota().release(client);
    });
    // Held without a thread (OpenStream): the session's channel keeps the connection, not this request.
    stream.hold(request, completion);
    try {
      sse.event(null, "endpoint", options.legacyMessagesPath() + "?sessionId=" + id, null);
    } catch (UncheckedIOException e) {
      stream.end(); // the client is gone: the stream is closed already
    }
  }

  private void post(Request request, Response response, Caller caller) throws Exception {
    Fields query = Request.extractQueryParameters(request);
    String id = query.getValue("sessionId");
    Channel channel = id == null ? null : channels.get(id);
    if (channel == null) {
      ErrorWriter.reject(response, 404, "Session not found: open " + options.legacySsePath() + " first");
      return;
    }
    if (channel.caller() != null && (caller == null || !Objects.equals(channel.caller().subject(), caller.subject())
        || !Objects.equals(channel.caller().clientId(), caller.clientId()))) {
      ErrorWriter.reject(response, 403, "Forbidden: this session belongs to another caller");
      return;
    }
    if (!Accepts.isJson(request)) {
      ErrorWriter.reject(response, 415, "Unsupported media type: POST bodies must be application/json");
      return;
    }
    if (request.getLength() > options.maxBodyBytes()) {
      ErrorWriter.reject(response, 413, "Content too large: the limit is " + options.maxBodyBytes() + " bytes");
      return;
    }
    byte[] body;
    try (InputStream in = Request.asInputStream(request)) {
      body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, options.maxBodyBytes() + 1));
    }
    if (body.length > options.maxBodyBytes()) {
      ErrorWriter.reject(response, 413, "Content too large: the limit is " + options.maxBodyBytes() + " bytes");
      return;
    }
    HttpReplies.bodyRead(response);
    JsonRpcMessage message;
    try {
      message = switch (JsonRpcCodec.parse(body)) {
        case JsonRpcCodec.Single s -> JsonRpcCodec.read(s.node());
        case JsonRpcCodec.Batch b -> null; // 2024-11-05 has no batches
      };
    } catch (McpException e) {
      ErrorWriter.reject(response, null, e.toError());
      return;
    }
    if (message == null) {
      ErrorWriter.reject(response, 400, ErrorWriter.BATCH_REFUSED);
      return;
    }
    if (message instanceof JsonRpcRequest r
        && guard.authorize(caller, r, dispatcher.server().requiredScopes(r)) instanceof RequestGuard.Deny deny) {
      // Refused on the POST itself, before the 202: the stream could carry an error, but not a challenge.
      ErrorWriter.deny(response, deny, r.id());
      return;
    }
    HttpReplies.status(response, 202, Map.of());
    LegacySession session = channel.session();
    switch (message) {
      case JsonRpcNotification n -> dispatcher.notification(n, session);
      case JsonRpcResponse r -> session.complete(r);
      // The answer goes on the SSE stream, so the POST is complete with its 202: handle the request on
      // its own thread and free the connection at once (a client that sends the answer to this
      // request's elicitation on the same kept-alive connection would otherwise wait for itself).
      case JsonRpcRequest r -> Thread.ofVirtual().name("mcp-sse-request").start(() -> {
        Dispatcher.Reply reply = dispatcher.handle(r,
            new Dispatcher.Incoming(Era.SSE, session, channel, caller, new InFlight(r.id())));
        if (reply.response() != null) {
          try {
            channel.send(reply.response());
          } catch (UncheckedIOException e) {
            LOG.debug("legacy SSE client went away before its response");
          }
        }
      });
    }
  }
}
