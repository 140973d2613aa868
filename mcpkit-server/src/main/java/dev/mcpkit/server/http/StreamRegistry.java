package dev.mcpkit.server.http;

import dev.mcpkit.server.Caller;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Request;

/**
 * The long-lived SSE streams of an endpoint (2025 GET streams, 2026 {@code subscriptions/listen}
 * streams, 2024-11-05 SSE streams): caps them per client, so that one client cannot exhaust the
 * server with open connections, and sends them keep-alive comments, which also reveal clients
 * that went away. A client is the authenticated caller when there is one, else the remote address.
 */
final class StreamRegistry {

  private final int maxPerClient;
  private final Map<String, AtomicInteger> perClient = new ConcurrentHashMap<>();
  private final Set<Entry> open = ConcurrentHashMap.newKeySet();

  /**
   * An open stream.
   *
   * @param beat writes one keep-alive comment; throws {@link UncheckedIOException} when the
   *     client is gone
   * @param onDead ends the stream (client gone, or server stopping)
   * @param endsOnClosing true for streams that end by themselves when the server announces it is
   *     closing ({@code subscriptions/listen} answers with its final result); {@link #closeAll()}
   *     leaves them to do so
   */
  record Entry(String client, Runnable beat, Runnable onDead, boolean endsOnClosing) {}

  StreamRegistry(int maxPerClient) {
    this.maxPerClient = maxPerClient;
  }

  /** Who a stream counts against. */
  static String clientKey(Request request, Caller caller) {
    return caller != null ? "caller:" + caller.subject() + "/" + caller.clientId() : "addr:" + Request.getRemoteAddr(request);
  }

  /**
   * Registers a stream, or returns {@code null} when the client already has the maximum open.
   * The caller must {@link #release(Entry)} it when the stream ends.
   */
  Entry acquire(String client, Runnable beat, Runnable onDead) {
    return acquire(client, beat, onDead, false);
  }

  Entry acquire(String client, Runnable beat, Runnable onDead, boolean endsOnClosing) {
    AtomicInteger n = perClient.computeIfAbsent(client, k -> new AtomicInteger());
    if (n.incrementAndGet() > maxPerClient) {
      n.decrementAndGet();
      return null;
    }
    Entry e = new Entry(client, beat, onDead, endsOnClosing);
    open.add(e);
    return e;
  }

  void release(Entry e) {
    if (e != null && open.remove(e)) {
      AtomicInteger n = perClient.get(e.client());
      if (n != null && n.decrementAndGet() <= 0) {
        perClient.remove(e.client(), n);
      }
    }
  }

  /** Sends a keep-alive comment on every open stream; dead ones are told to end. */
  void heartbeat() {
    for (Entry e : open) {
      try {
        e.beat().run();
      } catch (UncheckedIOException ex) {
        e.onDead().run();
      }
    }
  }

  int openCount() {
    return open.size();
  }

  /** Ends every stream that does not end by itself on shutdown. */
  void closeAll() {
    for (Entry e : open) {
      if (!e.endsOnClosing()) {
        e.onDead().run();
      }
    }
  }
}
