package dev.mcpkit.client.transport;

import dev.mcpkit.client.McpClientException;
import dev.mcpkit.client.McpConnectionException;
import dev.mcpkit.client.McpProtocolException;
import dev.mcpkit.client.internal.ClientThreads;
import dev.mcpkit.core.jsonrpc.JsonRpcCodec;
import dev.mcpkit.core.jsonrpc.JsonRpcRequest;
import dev.mcpkit.core.jsonrpc.McpException;
import dev.mcpkit.core.text.PeerText;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;

/**
 * The deprecated HTTP+SSE transport of 2024-11-05: a GET opens an SSE stream whose first event
 * ({@code endpoint}) names the URL to POST messages to; every answer arrives on the stream. The
 * endpoint must have the stream's origin: a server cannot send the client's messages elsewhere.
 */
public final class LegacySseTransport implements McpTransport {

  private final URI sseUrl;
  private final HttpTransportOptions options;
  private volatile URI postUrl;
  private volatile Request stream;
  private volatile boolean closed;
  private volatile Inbound inbound;
  private Thread reader;

  /** A transport for the SSE stream at {@code sseUrl}; nothing is sent until it is started. */
  public LegacySseTransport(URI sseUrl, HttpTransportOptions options) {
    this.sseUrl = sseUrl;
    this.options = options;
  }

  @Override
  public boolean isHttp() {
    return true;
  }

  @Override
  public boolean cancelsByClosing() {
    return false;
  }

  @Override
  public String describe() {
    return sseUrl + " (HTTP+SSE)";
  }

  /** Opens the stream and waits (up to the connect timeout) for the {@code endpoint} event. */
  @Override
  public void start(Inbound inbound) {
    start(inbound, 0);
  }

  /** {@code refusals}: how many 401/403 answers the auth provider has already been asked to fix. */
  private void start(Inbound inbound, int refusals) {
    this.inbound = inbound;
    Request get = options.httpClient().newRequest(sseUrl).method(HttpMethod.GET).idleTimeout(0, TimeUnit.MILLISECONDS);
    get.headers(h -> {
      options.headers().forEach(h::put);
      options.auth().headers(sseUrl).forEach(h::put);
      h.put(HttpHeader.ACCEPT, "text/event-stream");
    });
    stream = get;
    CompletableFuture<URI> endpoint = new CompletableFuture<>();
    InputStreamResponseListener l = new InputStreamResponseListener();
    get.send(l);
    long timeout = options.connectTimeout().toMillis();
    Response r;
    InputStream in;
    try {
      r = l.get(timeout, TimeUnit.MILLISECONDS);
      in = l.getInputStream();
    } catch (Exception e) {
      get.abort(e);
      throw HttpSupport.failure(sseUrl, "opening the HTTP+SSE stream", e);
    }
    if (r.getStatus() == 401 || r.getStatus() == 403) {
      get.abort(new IllegalStateException("unauthorized"));
      if (HttpSupport.retryAfterChallenge(options, sseUrl, r, refusals)) {
        start(inbound, refusals + 1); // the provider has new credentials (a sign-in, a refresh, a step-up)
        return;
      }
      throw HttpSupport.unauthorized(sseUrl, r);
    }
    if (r.getStatus() != 200 || !HttpSupport.mediaType(r).equals("text/event-stream")) {
      String excerpt = HttpSupport.excerpt(options.httpClient(), get, in, options.connectTimeout());
      get.abort(new IllegalStateException("not an SSE stream"));
      throw HttpSupport.unexpected(sseUrl, "opening the HTTP+SSE stream", r, excerpt);
    }
    reader = ClientThreads.start("sse-legacy", () -> read(in, inbound, endpoint));
    try {
      postUrl = endpoint.get(timeout, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      close();
      Throwable c = e.getCause() != null ? e.getCause() : e;
      if (c instanceof McpClientException m) {
        throw m;
      }
      throw new McpProtocolException("the HTTP+SSE stream at " + sseUrl + " sent no endpoint event within "
          + timeout + " ms");
    }
  }

  private void read(InputStream in, Inbound inbound, CompletableFuture<URI> endpoint) {
    McpClientException end = null;
    try (in) {
      SseReader sse = new SseReader(in, options.maxMessageBytes());
      SseReader.Event e;
      while ((e = sse.next()) != null) {
        if ("endpoint".equals(e.event())) {
          try {
            endpoint.complete(resolveEndpoint(e.data()));
          } catch (McpClientException ex) {
            endpoint.completeExceptionally(ex);
            return;
          }
          continue;
        }
        if (e.data() == null || e.data().isBlank() || !(e.event() == null || "message".equals(e.event()))) {
          continue;
        }
        try {
          inbound.message(JsonRpcCodec.readOne(e.data().getBytes(StandardCharsets.UTF_8)));
        } catch (McpException ex) {
          inbound.warning(sseUrl + " sent an event that is not JSON-RPC (ignored): " + PeerText.line(e.data(), 200));
        }
      }
      end = new McpConnectionException("the HTTP+SSE stream at " + sseUrl + " ended");
    } catch (Exception ex) {
      end = HttpSupport.failure(sseUrl, "reading the HTTP+SSE stream", ex);
    } finally {
      endpoint.completeExceptionally(end != null ? end : new McpConnectionException("stream ended"));
      if (!closed) {
        inbound.closed(end != null ? end : new McpConnectionException("the HTTP+SSE stream at " + sseUrl + " ended"));
      }
    }
  }

  /** The POST URL from an {@code endpoint} event; it must stay on the stream's origin. */
  URI resolveEndpoint(String data) {
    URI resolved;
    try {
      resolved = sseUrl.resolve(Objects.requireNonNullElse(data, "").trim()).normalize();
    } catch (IllegalArgumentException e) {
      throw new McpProtocolException("the HTTP+SSE endpoint event is not a URL: " + PeerText.line(data, 200));
    }
    boolean sameOrigin = Objects.equals(resolved.getScheme(), sseUrl.getScheme())
        && resolved.getHost() != null && resolved.getHost().equalsIgnoreCase(sseUrl.getHost())
        && port(resolved) == port(sseUrl) && resolved.getRawUserInfo() == null
        && resolved.getRawPath() != null && !Objects.requireNonNullElse(data, "").contains("..");
    if (!sameOrigin) {
      throw new McpProtocolException("the HTTP+SSE endpoint event names " + PeerText.line(data, 200)
          + ", which is not a plain path on the stream's origin " + sseUrl.getScheme() + "://" + sseUrl.getAuthority() + "; refused");
    }
    return resolved;
  }

  private static int port(URI u) {
    return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  /**
   * Posts a message. A request's answer arrives on the stream, so its POST only delivers it: it runs on its own
   * thread, and the caller's wait for the answer (the request timeout) starts at once and holds whatever the POST
   * does; cancelling aborts the POST. Notifications and responses are posted on the caller's thread, within the
   * connect timeout.
   */
  @Override
  public Exchange send(Outgoing out) {
    if (postUrl == null || closed) {
      throw new McpConnectionException("the HTTP+SSE transport to " + sseUrl + " is not open");
    }
    if (!(out.message() instanceof JsonRpcRequest request)) {
      post(out, 0, new Posting());
      return Exchange.NONE;
    }
    Posting posting = new Posting();
    ClientThreads.start("sse-post", () -> {
      try {
        post(out, 0, posting);
      } catch (McpClientException e) {
        if (!posting.cancelled && !closed) {
          inbound.failed(request.id(), e);
        }
      }
    });
    return posting::cancel;
  }

  /** The POST in flight for one message, so that a cancel can abort it. */
  private static final class Posting {
    private volatile Request current;
    private volatile boolean cancelled;

    void started(Request r) {
      current = r;
      if (cancelled) {
        r.abort(new java.util.concurrent.CancellationException("cancelled by the client"));
      }
    }

    void cancel() {
      cancelled = true;
      Request r = current;
      if (r != null) {
        r.abort(new java.util.concurrent.CancellationException("cancelled by the client"));
      }
    }
  }

  private void post(Outgoing out, int refusals, Posting posting) {
    URI target = postUrl;
    if (target == null || closed) {
      throw new McpConnectionException("the HTTP+SSE transport to " + sseUrl + " is not open");
    }
    byte[] body = JsonRpcCodec.write(out.message());
    Request req = options.httpClient().newRequest(target).method(HttpMethod.POST)
        .timeout(options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS) // the whole exchange, body included
        .body(new BytesRequestContent("application/json", body));
    req.headers(h -> {
      options.headers().forEach(h::put);
      // The stream's URL names the connection's protected resource; the posts to the endpoint the server
      // announced belong to it, so they carry the credentials of the stream (a token bound to /sse is not
      // offered for a /messages URL on its own path).
      options.auth().headers(sseUrl).forEach(h::put);
      // Some servers keep handling a message after answering 202 and only then read the next request
      // on the connection; a reused connection would then wait for a tool that waits for our answer.
      h.put(HttpHeader.CONNECTION, "close");
    });
    try {
      InputStreamResponseListener l = new InputStreamResponseListener();
      posting.started(req);
      req.send(l);
      Response r = l.get(options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
      try (InputStream in = l.getInputStream()) {
        int s = r.getStatus();
        if (HttpSupport.retryAfterChallenge(options, sseUrl, r, refusals)) {
          in.close();
          post(out, refusals + 1, posting);
          return;
        }
        if (s == 401 || s == 403) {
          throw HttpSupport.unauthorized(target, r);
        }
        if (s < 200 || s > 299) {
          throw HttpSupport.unexpected(target, out.message() instanceof JsonRpcRequest q ? q.method() : "a message", r,
              HttpSupport.excerpt(in));
        }
        HttpSupport.discard(req, in); // the answer comes on the stream; a trickled 202 body holds nobody
      }
    } catch (InterruptedException e) {
      req.abort(e);
      Thread.currentThread().interrupt();
      throw new McpConnectionException("interrupted while sending to " + target);
    } catch (Exception e) {
      req.abort(e);
      throw HttpSupport.failure(target, "sending a message", e);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Request s = stream;
    if (s != null) {
      s.abort(new java.util.concurrent.CancellationException("client closed"));
    }
    if (reader != null) {
      try {
        reader.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
