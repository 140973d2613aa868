package dev.mcpkit.server.http;

import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The long-lived SSE streams of an endpoint (2025 GET streams, 2026 {@code subscriptions/listen}
 * streams): caps them per client, so that one client cannot exhaust the server with open
 * connections, and sends them keep-alive comments, which also reveal clients that went away.
 */
final class StreamRegistry {

  private final int maxPerClient;
  private final Map<String, AtomicInteger> perClient = new ConcurrentHashMap<>();
  private final Set<Entry> open = ConcurrentHashMap.newKeySet();

  /** An open stream and what to do when it is found dead. */
  record Entry(String client, SseConnection connection, Runnable onDead) {}

  StreamRegistry(int maxPerClient) {
    this.maxPerClient = maxPerClient;
  }

  /**
   * Registers a stream, or returns {@code null} when the client already has the maximum open.
   * The caller must {@link #release(Entry)} it when the stream ends.
   */
  Entry acquire(String client, SseConnection connection, Runnable onDead) {
    AtomicInteger n = perClient.computeIfAbsent(client, k -> new AtomicInteger());
    if (n.incrementAndGet() > maxPerClient) {
      n.decrementAndGet();
      return null;
    }
    Entry e = new Entry(client, connection, onDead);
    open.add(e);
    return e;
  }

  void release(Entry e) {
    if (open.remove(e)) {
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
        e.connection().heartbeat();
      } catch (UncheckedIOException ex) {
        e.onDead().run();
      }
    }
  }

  int openCount() {
    return open.size();
  }

  /** Ends every stream (server shutdown). */
  void closeAll() {
    for (Entry e : open) {
      e.onDead().run();
    }
  }
}
