package dev.mcpkit.server.http;

import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open SSE streams of an endpoint, of every kind (2025 GET streams, SSE responses to POSTs,
 * 2026 {@code subscriptions/listen} streams, legacy {@code /sse} streams): caps them per client
 * (principal or remote address, across all its sessions) and in total, so that no client can
 * exhaust the server with open connections; sends them keep-alive comments, which also reveal
 * clients that went away or stopped reading; and ends streams that carried nothing but keep-alives
 * for {@link HttpOptions#streamIdleTimeout()}.
 */
final class StreamRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(StreamRegistry.class);

  /** What the registry needs of a stream. Neither method may block. */
  interface Live {
    /** Sends one keep-alive; throws {@link UncheckedIOException} when the stream is gone or stalled. */
    void beat();

    /** Nanoseconds since the stream last carried a message. */
    long idleNanos();
  }

  /**
   * An open stream, how to keep it alive, and what to do when it is found dead or idle.
   *
   * @param endsItself whether the stream ends by itself on shutdown (listen streams send a final
   *     result first), so {@link #closeAll()} must leave it alone
   */
  static final class Entry { // identity matters: two streams with equal parts are still two
    private final String client;
    private final Live live;
    private final Runnable onDead;
    private final boolean endsItself;

    private Entry(String client, Live live, Runnable onDead, boolean endsItself) {
      this.client = client;
      this.live = live;
      this.onDead = onDead;
      this.endsItself = endsItself;
    }

    String client() {
      return client;
    }

    Live live() {
      return live;
    }

    Runnable onDead() {
      return onDead;
    }

    boolean endsItself() {
      return endsItself;
    }
  }

  /** The outcome of {@link #acquire}: an entry, or the limit that refused it. */
  record Slot(Entry entry, Quota.Grant grant) {}

  private final Quota quota;
  private final long idleLimitNanos;
  private final Set<Entry> open = ConcurrentHashMap.newKeySet();

  StreamRegistry(HttpOptions options) {
    this.quota = new Quota("streams", options.maxStreamsPerClient(), options.maxStreams(), options);
    this.idleLimitNanos = options.streamIdleTimeout().toNanos();
  }

  Quota quota() {
    return quota;
  }

  /**
   * Registers a stream, unless the client or the server already has the maximum open. The caller
   * must {@link #release(Entry)} a granted entry when the stream ends.
   */
  Slot acquire(String client, Live live, Runnable onDead, boolean endsItself) {
    Quota.Grant g = quota.tryAcquire(client);
    if (g != Quota.Grant.GRANTED) {
      return new Slot(null, g);
    }
    Entry e = new Entry(client, live, onDead, endsItself);
    open.add(e);
    return new Slot(e, g);
  }

  void release(Entry e) {
    if (e != null && open.remove(e)) {
      quota.release(e.client());
    }
  }

  /**
   * Sends a keep-alive comment on every open stream; dead, stalled and idle ones are told to end.
   * Runs on the shared housekeeping thread: nothing here waits on a peer (writes are queued).
   */
  void heartbeat() {
    for (Entry e : open) {
      try {
        if (e.live().idleNanos() > idleLimitNanos) {
          LOG.debug("closing a stream idle for longer than the stream idle timeout");
          e.onDead().run();
          continue;
        }
        e.live().beat();
      } catch (UncheckedIOException ex) {
        e.onDead().run();
      } catch (RuntimeException ex) {
        LOG.warn("keep-alive failed: {}", ex.toString());
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
