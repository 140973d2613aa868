package dev.mcpkit.client.transport;

import dev.mcpkit.client.McpClientException;
import dev.mcpkit.client.McpProtocolException;
import dev.mcpkit.client.McpRpcException;
import dev.mcpkit.client.McpSessionExpiredException;
import dev.mcpkit.client.internal.ClientThreads;
import dev.mcpkit.core.era.Era;
import dev.mcpkit.core.jsonrpc.JsonRpcCodec;
import dev.mcpkit.core.jsonrpc.JsonRpcErrorResponse;
import dev.mcpkit.core.jsonrpc.JsonRpcMessage;
import dev.mcpkit.core.jsonrpc.JsonRpcRequest;
import dev.mcpkit.core.jsonrpc.JsonRpcResponse;
import dev.mcpkit.core.jsonrpc.McpException;
import dev.mcpkit.core.jsonrpc.RequestId;
import dev.mcpkit.core.protocol.McpHeaders;
import dev.mcpkit.core.protocol.Methods;
import dev.mcpkit.core.protocol.ProtocolVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;

/**
 * Streamable HTTP: one POST per message; an answer is a JSON body or an SSE stream. Handles both
 * shapes of the transport: the 2026-07-28 one (stateless, headers chosen by the client) and the
 * 2025 one ({@code Mcp-Session-Id}, a GET stream for server messages, resumption of a broken
 * stream with {@code Last-Event-ID} after the server's {@code retry} delay, DELETE on close).
 */
public final class StreamableHttpTransport implements McpTransport {

  private static final String ACCEPT = "application/json, text/event-stream";
  private static final int RESUME_ATTEMPTS = 3;
  private static final int DEFAULT_RETRY_MS = 1000;
  private final URI endpoint;
  private final HttpTransportOptions options;
  private final Set<Request> active = ConcurrentHashMap.newKeySet();
  private volatile Inbound inbound;
  private volatile String sessionId;
  private volatile ProtocolVersion version;
  private volatile boolean closed;
  private final GetStream getStream = new GetStream(this);

  /** A transport for the MCP endpoint {@code endpoint}; nothing is sent until it is started. */
  public StreamableHttpTransport(URI endpoint, HttpTransportOptions options) {
    this.endpoint = endpoint;
    this.options = options;
  }

  @Override
  public void start(Inbound inbound) {
    this.inbound = inbound;
  }

  /** The 2025 session id the server assigned, or {@code null}. */
  public String sessionId() {
    return sessionId;
  }

  @Override
  public boolean isHttp() {
    return true;
  }

  @Override
  public boolean cancelsByClosing() {
    return true;
  }

  @Override
  public String describe() {
    return endpoint.toString();
  }

  @Override
  public Exchange send(Outgoing out) {
    if (closed) {
      throw new dev.mcpkit.client.McpConnectionException("the HTTP transport to " + endpoint + " is closed");
    }
    if (out.version() != null) {
      version = out.version();
    }
    if (out.message() instanceof JsonRpcRequest r) {
      Call call = new Call(r, out);
      ClientThreads.start("http-post", call::run);
      return call::cancel;
    }
    postOneWay(out, 0);
    return Exchange.NONE;
  }

  /**
   * A request whose caller only waits for its answer: sent, and its answer's head awaited, on the calling thread; a
   * JSON answer is read and delivered here too, so the common call starts no thread. Any other answer (an SSE stream,
   * whose events may run listeners; an error; an auth challenge) continues on a thread of its own, started from this
   * one, exactly as {@link #send} runs it. At {@code timeout} the exchange is cancelled, and the caller's own wait
   * reports the timeout; an interrupt cancels it and stays set.
   */
  @Override
  public Exchange call(Outgoing out, java.time.Duration timeout) {
    if (closed || !(out.message() instanceof JsonRpcRequest r)) {
      return send(out);
    }
    if (out.version() != null) {
      version = out.version();
    }
    Call call = new Call(r, out);
    org.eclipse.jetty.util.thread.Scheduler.Task timer = timeout == null ? null
        : options.httpClient().getScheduler().schedule(call::cancel, timeout.toMillis(), TimeUnit.MILLISECONDS);
    try {
      call.runHere();
    } finally {
      if (timer != null) {
        timer.cancel();
      }
    }
    return call::cancel;
  }

  /**
   * Notifications and responses: the server must accept them (202, or any 2xx). They run on the caller's thread
   * (often the stream reader's), so the whole exchange has a deadline (the connect timeout), and the body of an
   * accepting answer is never read: it means nothing, and a server that trickled it would hold the caller.
   */
  private void postOneWay(Outgoing out, int refusals) {
    long ms = options.connectTimeout().toMillis();
    Request[] req = new Request[1];
    try {
      StaleConnections.Opened o = StaleConnections.send(() -> post(out).timeout(ms, TimeUnit.MILLISECONDS),
          r -> req[0] = r, ms);
      Response r = o.response();
      try (InputStream in = o.in()) {
        int s = r.getStatus();
        if (HttpSupport.retryAfterChallenge(options, endpoint, r, refusals)) {
          in.close();
          postOneWay(out, refusals + 1);
          return;
        }
        if (s == 401 || s == 403) {
          throw HttpSupport.unauthorized(endpoint, r);
        }
        if (s == 404 && sessionId != null) {
          throw expired();
        }
        if (s < 200 || s > 299) {
          throw HttpSupport.unexpected(endpoint, "sending " + describe(out.message()), r, HttpSupport.excerpt(in));
        }
        HttpSupport.discard(req[0], in);
      }
    } catch (InterruptedException e) {
      req[0].abort(e);
      Thread.currentThread().interrupt();
      throw new dev.mcpkit.client.McpConnectionException("interrupted while sending to " + endpoint);
    } catch (Exception e) {
      req[0].abort(e);
      throw HttpSupport.failure(endpoint, "sending " + describe(out.message()), e);
    }
  }

  /** The session is gone: forget it, so that the next initialize starts a new one. */
  private McpSessionExpiredException expired() {
    String sid = sessionId;
    sessionId = null;
    return new McpSessionExpiredException("the server at " + endpoint + " no longer knows session " + sid);
  }

  private static String describe(JsonRpcMessage m) {
    return switch (m) {
      case JsonRpcRequest r -> r.method();
      case dev.mcpkit.core.jsonrpc.JsonRpcNotification n -> n.method();
      case JsonRpcResponse r -> "the answer to request " + r.id();
    };
  }

  private Request post(Outgoing out) {
    byte[] body = JsonRpcCodec.write(out.message());
    Request req = base(HttpMethod.POST).body(new BytesRequestContent("application/json", body));
    req.headers(h -> {
      h.put(HttpHeader.ACCEPT, ACCEPT);
      if (out.version() != null && Era.of(out.version()).sendsVersionHeader(out.version())) {
        h.put(McpHeaders.PROTOCOL_VERSION, out.version().id());
      }
      out.headers().forEach(h::put);
    });
    return req;
  }

  Request base(HttpMethod method) {
    Request req = options.httpClient().newRequest(endpoint).method(method).idleTimeout(0, TimeUnit.MILLISECONDS);
    req.headers(h -> {
      options.headers().forEach(h::put);
      options.auth().headers(endpoint).forEach(h::put);
      String sid = sessionId;
      if (sid != null) {
        h.put(McpHeaders.SESSION_ID, sid);
      }
    });
    return req;
  }

  /** A step of an exchange. */
  @FunctionalInterface
  private interface Step {
    void run() throws Exception;
  }

  /** One request's exchange, run on its own virtual thread ({@link #send}) or from the caller's ({@link #call}). */
  private final class Call {
    private final JsonRpcRequest request;
    private final Outgoing out;
    private volatile Request current;
    private volatile boolean cancelled;

    Call(JsonRpcRequest request, Outgoing out) {
      this.request = request;
      this.out = out;
    }

    void cancel() {
      cancelled = true;
      Request r = current;
      if (r != null) {
        r.abort(new java.util.concurrent.CancellationException("cancelled by the client"));
      }
    }

    void run() {
      run(() -> exchange(0));
    }

    private void run(Step step) {
      try {
        step.run();
      } catch (Exception e) {
        failed(e, false);
      } finally {
        untrack();
      }
    }

    /** {@link StreamableHttpTransport#call}: a 2xx JSON answer on this thread, anything else handed on. */
    void runHere() {
      boolean handedOn = false;
      try {
        StaleConnections.Opened o = post();
        if (o.json() != null) {
          answer(o, 0);
        } else {
          ClientThreads.start("http-post", () -> run(() -> answer(o, 0)));
          handedOn = true;
        }
      } catch (Exception e) {
        failed(e, true);
      } finally {
        if (!handedOn) {
          untrack();
        }
      }
    }

    /**
     * Reports a failure unless the exchange was cancelled or closed. On the caller's thread ({@code here}) an
     * interrupt is the caller's cancellation: the exchange is cancelled and the interrupt kept for the caller.
     */
    private void failed(Exception e, boolean here) {
      if (here && (e instanceof InterruptedException || e instanceof java.io.InterruptedIOException
          || Thread.currentThread().isInterrupted())) {
        cancel();
        Thread.currentThread().interrupt();
        return;
      }
      if (!cancelled && !closed) {
        inbound.failed(request.id(), HttpSupport.failure(endpoint, request.method(), e));
      }
    }

    private void untrack() {
      Request r = current;
      if (r != null) {
        active.remove(r);
      }
    }

    /** Sends what {@code make} builds (twice if a stale kept-alive connection lost it unsent). */
    private StaleConnections.Opened open(java.util.function.Supplier<Request> make) throws Exception {
      return StaleConnections.send(make, this::track, TimeUnit.DAYS.toMillis(365)); // bounded by cancelling
    }

    /** Sends the request; a JSON answer comes whole (JsonAnswer), so that reading it wakes no one again. */
    private StaleConnections.Opened post() throws Exception {
      return StaleConnections.send(() -> StreamableHttpTransport.this.post(out), this::track,
          TimeUnit.DAYS.toMillis(365), options.maxMessageBytes());
    }

    private void track(Request req) {
      Optional.ofNullable(current).ifPresent(active::remove); // a resent request replaces the first
      current = req;
      active.add(req);
      if (cancelled || closed) {
        // Never send it: a request aborted before it is sent is not reliably failed by Jetty, and a resumption GET
        // to a server that holds it open would then keep this thread for the listener's whole wait.
        req.abort(new java.util.concurrent.CancellationException("cancelled"));
        throw new java.util.concurrent.CancellationException(closed ? "client closed" : "cancelled by the client");
      }
    }

    /** @param refusals how many times the server has refused this request's credentials so far */
    private void exchange(int refusals) throws Exception {
      answer(post(), refusals);
    }

    /** The answer {@code o} to this request: delivered, retried after an auth challenge, or failed. */
    private void answer(StaleConnections.Opened o, int refusals) throws Exception {
      Response r = o.response();
      try (InputStream in = o.in()) {
        int s = r.getStatus();
        if (HttpSupport.retryAfterChallenge(options, endpoint, r, refusals)) {
          in.close();
          exchange(refusals + 1);
          return;
        }
        if (s == 401 || s == 403) {
          throw HttpSupport.unauthorized(endpoint, r);
        }
        if (s == 404 && sessionId != null && !request.method().equals(Methods.INITIALIZE)) {
          throw expired();
        }
        String sid = r.getHeaders().get(McpHeaders.SESSION_ID);
        if (sid != null && request.method().equals(Methods.INITIALIZE) && s >= 200 && s < 300) {
          sessionId = sid;
        }
        String type = HttpSupport.mediaType(r);
        if (s >= 200 && s < 300 && type.equals("text/event-stream")) {
          SseReader sse = new SseReader(in, options.maxMessageBytes());
          if (!readEvents(sse)) {
            resumeOrFail(sse.lastEventId(), sse.retry());
          }
          return;
        }
        if (type.equals("application/json") || type.endsWith("+json")) {
          json(r, o.json() != null ? o.json() : HttpSupport.readBounded(in, options.maxMessageBytes()));
          return;
        }
        if (s == 202 || s == 204) {
          throw new McpProtocolException(request.method() + ": " + endpoint + " answered HTTP " + s
              + " without a JSON-RPC response");
        }
        throw HttpSupport.unexpected(endpoint, request.method(), r, HttpSupport.excerpt(in));
      }
    }

    /** Delivers the messages of a stream; true once this request's answer arrived. */
    private boolean readEvents(SseReader sse) throws IOException {
      SseReader.Event e;
      while ((e = sse.next()) != null) {
        if (e.data() == null || e.data().isBlank()) {
          continue; // priming events and keep-alives carry no message
        }
        if (deliver(e.data().getBytes(StandardCharsets.UTF_8))) {
          return true;
        }
      }
      return false;
    }

    /** Delivers every message in a JSON text; true when one of them answers this request. */
    private boolean deliver(byte[] json) {
      List<JsonRpcMessage> messages;
      try {
        messages = HttpSupport.messages(json, version, request.method() + ": " + endpoint);
      } catch (McpException ex) {
        inbound.warning(endpoint + " sent an SSE event that is not JSON-RPC (ignored): " + HttpSupport.excerpt(json));
        return false;
      }
      boolean answered = false;
      for (JsonRpcMessage m : messages) {
        if (m instanceof JsonRpcResponse resp && request.id().equals(resp.id())) {
          answered = true;
        }
        inbound.message(m);
      }
      return answered;
    }

    private void json(Response r, byte[] body) {
      JsonRpcMessage m;
      try {
        m = JsonRpcCodec.readOne(body);
      } catch (McpException e) {
        throw HttpSupport.unexpected(endpoint, request.method(), r, HttpSupport.excerpt(body));
      }
      int s = r.getStatus();
      if (m instanceof JsonRpcErrorResponse err && (s >= 400 || err.id() == null || request.id().equals(err.id()))) {
        inbound.failed(request.id(), new McpRpcException(err.error().code(), err.error().message(), err.error().data(), s));
        return;
      }
      if (s >= 400) {
        throw HttpSupport.unexpected(endpoint, request.method(), r, HttpSupport.excerpt(body));
      }
      if (!(m instanceof JsonRpcResponse resp) || !request.id().equals(resp.id())) {
        throw new McpProtocolException(request.method() + ": " + endpoint + " answered with a message that is not the"
            + " response to request " + request.id() + ": " + HttpSupport.excerpt(body));
      }
      inbound.message(m);
    }

    /** Waits the server's {@code retry} (up to 11 days as sent), but not past a cancel or close: no thread lingers. */
    private void pause(long ms) throws InterruptedException {
      long end = System.nanoTime() + ms * 1_000_000L;
      while (!cancelled && !closed && end - System.nanoTime() > 0) {
        Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000L)));
      }
    }

    /**
     * The stream ended before the answer. A 2025 server that numbered its events may resume it:
     * wait the announced {@code retry}, then GET with {@code Last-Event-ID}.
     */
    private void resumeOrFail(String lastEventId, Integer retry) throws Exception {
      ProtocolVersion v = version;
      int attempt = 0;
      while (lastEventId != null && v != null && Era.of(v).resumesStreams() && attempt++ < RESUME_ATTEMPTS && !cancelled && !closed) {
        pause(retry != null ? retry : DEFAULT_RETRY_MS);
        if (cancelled || closed) {
          break;
        }
        String id = lastEventId;
        StaleConnections.Opened o = open(() -> base(HttpMethod.GET).headers(h -> {
          h.put(HttpHeader.ACCEPT, "text/event-stream");
          h.put(McpHeaders.LAST_EVENT_ID, id);
          Optional.of(v).filter(x -> Era.of(x).sendsVersionHeader(x)).ifPresent(x -> h.put(McpHeaders.PROTOCOL_VERSION, x.id()));
        }));
        Response r = o.response();
        try (InputStream in = o.in()) {
          if (r.getStatus() != 200 || !HttpSupport.mediaType(r).equals("text/event-stream")) {
            break;
          }
          SseReader sse = new SseReader(in, options.maxMessageBytes());
          if (readEvents(sse)) {
            return;
          }
          if (sse.lastEventId() != null) {
            lastEventId = sse.lastEventId();
          }
          if (sse.retry() != null) {
            retry = sse.retry();
          }
        }
      }
      throw new McpProtocolException(request.method() + ": " + endpoint + " closed the stream before answering request "
          + request.id() + (lastEventId == null ? "" : " and it could not be resumed"));
    }
  }

  @Override
  public void established(ProtocolVersion v) {
    version = v;
    // The session eras have a standalone GET stream for server messages; a stateless client opens none.
    if (Era.of(v).usesInitialize() && !closed) {
      getStream.open();
    }
  }

  // ---- for GetStream ----

  boolean closed() {
    return closed;
  }

  ProtocolVersion version() {
    return version;
  }

  Set<Request> active() {
    return active;
  }

  HttpTransportOptions options() {
    return options;
  }

  Inbound inbound() {
    return inbound;
  }

  URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Request r : active) {
      r.abort(new java.util.concurrent.CancellationException("client closed"));
    }
    getStream.interrupt();
    String sid = sessionId;
    if (sid != null) {
      try {
        base(HttpMethod.DELETE).timeout(2, TimeUnit.SECONDS).send(); // the server may answer 405: fine
      } catch (Exception e) {
        // best effort: the session expires on the server anyway
      }
    }
  }
}
