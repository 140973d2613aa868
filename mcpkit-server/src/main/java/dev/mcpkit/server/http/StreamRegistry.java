package dev.mcpkit.server.http;

import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The long-lived SSE streams of an endpoint (2025 GET streams, 2026 {@code subscriptions/listen}
 * streams, legacy {@code /sse} streams): caps them per client, so that one client cannot exhaust the server with open
 * connections, and sends them keep-alive comments, which also reveal clients that went away.
 */
final class StreamRegistry {

  private final int maxPerClient;
  private final Map<String, Integer> perClient = new ConcurrentHashMap<>();
  private final Set<Entry> open = ConcurrentHashMap.newKeySet();

  /** Sends one keep-alive; throws {@link UncheckedIOException} when the client is gone. */
  @FunctionalInterface
  interface KeepAlive {
    void beat();
  }

  /**
   * An open stream, how to keep it alive, and what to do when it is found dead.
   *
   * @param endsItself whether the stream ends by itself on shutdown (listen streams send a final
   *     result first), so {@link #closeAll()} must leave it alone
   */
  record Entry(String client, KeepAlive keepAlive, Runnable onDead, boolean endsItself) {}

  StreamRegistry(int maxPerClient) {
    this.maxPerClient = maxPerClient;
  }

  /**
   * Registers a stream, or returns {@code null} when the client already has the maximum open.
   * The caller must {@link #release(Entry)} it when the stream ends.
   */
  Entry acquire(String client, KeepAlive keepAlive, Runnable onDead) {
    return acquire(client, keepAlive, onDead, false);
  }

  Entry acquire(String client, KeepAlive keepAlive, Runnable onDead, boolean endsItself) {
    // Count and check in one atomic step per client: a separate get-then-increment could count on
    // a counter that a concurrent release just removed, letting a client exceed the limit.
    boolean[] granted = {false};
    perClient.compute(client, (k, n) -> {
      int held = n == null ? 0 : n;
      if (held >= maxPerClient) {
        return n;
      }
      granted[0] = true;
      return held + 1;
    });
    if (!granted[0]) {
      return null;
    }
    Entry e = new Entry(client, keepAlive, onDead, endsItself);
    open.add(e);
    return e;
  }

  void release(Entry e) {
    if (open.remove(e)) {
      perClient.computeIfPresent(e.client(), (k, n) -> n <= 1 ? null : n - 1);
    }
  }

  /** Sends a keep-alive comment on every open stream; dead ones are told to end. */
  void heartbeat() {
    for (Entry e : open) {
      try {
        e.keepAlive().beat();
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
      if (!e.endsItself()) {
        e.onDead().run();
      }
    }
  }
}
