package dev.mcpkit.client.internal;

import dev.mcpkit.client.FrameListener;
import dev.mcpkit.client.McpClientException;
import dev.mcpkit.client.McpConnectionException;
import dev.mcpkit.client.McpRpcException;
import dev.mcpkit.client.McpTimeoutException;
import dev.mcpkit.client.RequestOptions;
import dev.mcpkit.client.transport.Exchange;
import dev.mcpkit.client.transport.Inbound;
import dev.mcpkit.client.transport.McpTransport;
import dev.mcpkit.client.transport.Outgoing;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonrpc.JsonRpcCodec;
import dev.mcpkit.core.jsonrpc.JsonRpcErrorResponse;
import dev.mcpkit.core.jsonrpc.JsonRpcMessage;
import dev.mcpkit.core.jsonrpc.JsonRpcNotification;
import dev.mcpkit.core.jsonrpc.JsonRpcRequest;
import dev.mcpkit.core.jsonrpc.JsonRpcResult;
import dev.mcpkit.core.jsonrpc.RequestId;
import dev.mcpkit.core.protocol.Methods;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.text.PeerText;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON-RPC engine under the client: request ids, the table of requests waiting for an answer,
 * timeouts and cancellation, progress routing, and the hand-off of notifications and server
 * requests to the client. Transport-neutral.
 */
public final class Rpc implements Inbound {

  /** What the engine hands to the client. */
  public interface Listener {
    void notification(JsonRpcNotification notification);

    /** A server-to-client request; the listener answers it through {@link Rpc#respond}. */
    void request(JsonRpcRequest request);

    void warning(String text);

    void closed(McpClientException cause);
  }

  private record Pending(String method, CompletableFuture<JsonNode> future) {}

  private final McpTransport transport;
  private final Listener listener;
  private final FrameListener frames;
  private final Map<RequestId, Pending> pending = new ConcurrentHashMap<>();
  private final Map<String, Consumer<RequestOptions.Progress>> progress = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicInteger junkLines = new AtomicInteger();
  private volatile String lastWarning;
  private volatile McpClientException closedCause;
  private final Set<String> secrets;

  /**
   * @param secrets values hidden in every exception that passes through here (the transport's failures and
   *     what {@link #call} throws): the one place where a spec's substituted secrets leave error messages
   */
  public Rpc(McpTransport transport, Listener listener, FrameListener frames, Set<String> secrets) {
    this.transport = transport;
    this.listener = listener;
    this.frames = frames;
    this.secrets = Set.copyOf(secrets);
  }

  public McpTransport transport() {
    return transport;
  }

  public RequestId nextId() {
    return RequestId.of(ids.incrementAndGet());
  }

  /** Why the connection is gone, or {@code null} while it is up. */
  public McpClientException closedCause() {
    return closedCause;
  }

  /**
   * Sends a request and waits for its result.
   *
   * @param notifyCancel whether cancelling sends {@code notifications/cancelled} (stdio, 2025 era)
   *     besides abandoning the exchange
   * @throws McpRpcException for an error answer; McpTimeoutException on timeout; other
   *     McpClientExceptions for transport failures
   */
  public JsonNode call(RequestId id, String method, ObjectNode params, ProtocolVersion version,
      Map<String, String> headers, Duration timeout, boolean notifyCancel) {
    try {
      return exchange(id, method, params, version, headers, timeout, notifyCancel);
    } catch (McpClientException e) {
      throw e.hiding(secrets);
    }
  }

  private JsonNode exchange(RequestId id, String method, ObjectNode params, ProtocolVersion version,
      Map<String, String> headers, Duration timeout, boolean notifyCancel) {
    McpClientException gone = closedCause;
    if (gone != null) {
      throw new McpConnectionException("the connection is closed: " + gone.getMessage(), gone);
    }
    Pending p = new Pending(method, new CompletableFuture<>());
    pending.put(id, p);
    JsonRpcRequest request = new JsonRpcRequest(id, method, params);
    Exchange exchange;
    long start = System.nanoTime();
    try {
      frame(FrameListener.Direction.SENT, request);
      // the exchange may run on this thread (McpTransport#call): the wait below then finds the answer there already
      exchange = transport.call(new Outgoing(request, version, headers), timeout);
    } catch (RuntimeException e) {
      pending.remove(id);
      throw e;
    }
    try {
      return timeout == null ? p.future().get() : p.future().get(
          Math.max(0, timeout.toNanos() - (System.nanoTime() - start)), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      cancel(id, method, exchange, notifyCancel, version, "timed out");
      throw new McpTimeoutException(method + ": no answer from " + transport.describe() + " within "
          + human(timeout) + hint(), timeout);
    } catch (InterruptedException e) {
      cancel(id, method, exchange, notifyCancel, version, "cancelled by the client");
      Thread.currentThread().interrupt();
      throw new McpClientException(method + ": cancelled");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof McpClientException m) {
        throw m;
      }
      throw new McpClientException(method + ": " + e.getCause(), e.getCause());
    } finally {
      pending.remove(id);
    }
  }

  private void cancel(RequestId id, String method, Exchange exchange, boolean notifyCancel, ProtocolVersion v, String reason) {
    pending.remove(id);
    exchange.cancel();
    if (notifyCancel && !method.equals(Methods.INITIALIZE) && closedCause == null) {
      ObjectNode p = Json.object();
      p.set("requestId", id.json());
      p.put("reason", reason);
      try {
        notify(Methods.NOTIFICATION_CANCELLED, p, v, Map.of());
      } catch (RuntimeException e) {
        // best effort: the request is abandoned either way
      }
    }
  }

  /** Hints for a timeout message: junk the server wrote instead of answering. */
  private String hint() {
    int junk = junkLines.get();
    String w = lastWarning;
    return junk == 0 || w == null ? "" : "; meanwhile " + junk + " unusable message(s) arrived, the last: " + w;
  }

  private static String human(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
  }

  public void notify(String method, ObjectNode params, ProtocolVersion version, Map<String, String> headers) {
    JsonRpcNotification n = new JsonRpcNotification(method, params);
    frame(FrameListener.Direction.SENT, n);
    send(new Outgoing(n, version, headers));
  }

  /** Answers a server-to-client request (2025 era). */
  public void respond(RequestId id, JsonNode result, ProtocolVersion version) {
    JsonRpcResult r = new JsonRpcResult(id, result);
    frame(FrameListener.Direction.SENT, r);
    send(Outgoing.of(r, version));
  }

  public void respondError(RequestId id, int code, String message, ProtocolVersion version) {
    JsonRpcErrorResponse r = JsonRpcErrorResponse.of(id, code, message);
    frame(FrameListener.Direction.SENT, r);
    send(Outgoing.of(r, version));
  }

  private void send(Outgoing message) {
    try {
      transport.send(message);
    } catch (McpClientException e) {
      throw e.hiding(secrets);
    }
  }

  /** Routes {@code notifications/progress} with this token to the listener until removed. */
  public void onProgress(String token, Consumer<RequestOptions.Progress> l) {
    progress.put(token, l);
  }

  public void removeProgress(String token) {
    progress.remove(token);
  }

  private void frame(FrameListener.Direction d, JsonRpcMessage m) {
    if (frames != null) {
      try {
        frames.frame(d, JsonRpcCodec.writeString(m));
      } catch (RuntimeException e) {
        // a broken listener must not break the protocol
      }
    }
  }

  // ---- Inbound: what the transport delivers ----

  @Override
  public void message(JsonRpcMessage m) {
    frame(FrameListener.Direction.RECEIVED, m);
    switch (m) {
      case JsonRpcResult r -> {
        Pending p = pending.get(r.id());
        if (p != null) {
          p.future().complete(r.result());
        }
      }
      case JsonRpcErrorResponse e -> {
        Pending p = e.id() == null ? null : pending.get(e.id());
        if (p != null) {
          p.future().completeExceptionally(new McpRpcException(e.error().code(), e.error().message(), e.error().data(), 0));
        } else if (e.id() == null) {
          warning("the server sent an error without a request id: " + PeerText.line(e.error().message(), 200)
              + " (" + e.error().code() + ")");
        }
      }
      case JsonRpcNotification n -> {
        if (n.method().equals(Methods.NOTIFICATION_PROGRESS) && n.params() != null) {
          JsonNode token = n.params().get("progressToken");
          Consumer<RequestOptions.Progress> l = token == null ? null : progress.get(token.asString(""));
          if (l != null) {
            // Read by type: a number beyond a double (1e400) must not throw here, where it would be taken
            // for the listener's failure and the update lost.
            OptionalDouble total = Json.finiteNumber(n.params().get("total"));
            try {
              l.accept(new RequestOptions.Progress(Json.finiteNumber(n.params().get("progress")).orElse(0),
                  total.isPresent() ? total.getAsDouble() : null, Json.string(n.params().get("message"))));
            } catch (RuntimeException ex) {
              // the caller's listener failed; the request goes on
            }
          }
          return;
        }
        listener.notification(n);
      }
      case JsonRpcRequest r -> listener.request(r);
    }
  }

  @Override
  public void failed(RequestId id, McpClientException error) {
    error.hiding(secrets);
    Pending p = pending.get(id);
    if (p != null) {
      p.future().completeExceptionally(error);
    }
  }

  @Override
  public void failAll(McpClientException error) {
    error.hiding(secrets);
    // Snapshot first: completing a future wakes its caller, who may send the next request at once;
    // that request must not be failed by an error that happened before it was sent.
    List<Pending> now = List.copyOf(pending.values());
    now.forEach(p -> p.future().completeExceptionally(error));
  }

  @Override
  public void closed(McpClientException cause) {
    cause.hiding(secrets);
    closedCause = cause;
    failAll(cause);
    listener.closed(cause);
  }

  @Override
  public void warning(String text) {
    junkLines.incrementAndGet();
    lastWarning = PeerText.line(text, 240);
    listener.warning(text);
  }

  /** Marks the engine closed by the client: waiting callers fail at once. */
  public void shutdown(String why) {
    if (closedCause == null) {
      closedCause = new McpConnectionException(why);
    }
    failAll(closedCause);
  }

  public int pendingCount() {
    return pending.size();
  }
}
