package dev.mcpkit.server.http;

import dev.mcpkit.server.cluster.SessionCluster;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A 2025-era SSE stream that outlives its HTTP connection: events get ids ({@code
 * <stream>-<sequence>}) and a bounded buffer keeps the latest ones, so that a client that lost the
 * connection can reconnect with {@code Last-Event-ID} and receive what it missed (the
 * specification's resumability). 2026-07-28 streams are not resumable and do not use this class.
 */
final class ResumableStream {

  private record Event(long seq, String event, byte[] data) {}

  private final long number;
  private final int capacity;
  private final SessionCluster.RequestLog log; // cluster mode: a copy of the events, resumable on any instance
  private final Deque<Event> buffer = new ArrayDeque<>();
  private long nextSeq = 1;
  private SseConnection connection;
  private Runnable onFinish;
  private boolean finished;

  ResumableStream(long number, int capacity) {
    this(number, capacity, null);
  }

  ResumableStream(long number, int capacity, SessionCluster.RequestLog log) {
    this.number = number;
    this.capacity = capacity;
    this.log = log;
  }

  long number() {
    return number;
  }

  /** Sends the priming event (an id and empty data, with a reconnection delay). */
  synchronized void prime(int retryMs) {
    if (connection != null) {
      try {
        connection.event(number + "-0", null, "", retryMs);
      } catch (UncheckedIOException e) {
        connection = null;
      }
    }
  }

  /** The sequence number of the latest event (0 before the first). */
  synchronized long lastSeq() {
    return nextSeq - 1;
  }

  /**
   * Sends (or, while no connection is attached, buffers) one JSON-RPC message, as Jackson wrote it.
   * Never blocks: the connection queues it (see {@link SseConnection}).
   */
  synchronized void send(byte[] json) {
    Event e = new Event(nextSeq++, "message", json);
    buffer.addLast(e);
    while (buffer.size() > capacity) {
      buffer.removeFirst();
    }
    if (log != null) {
      log.event(e.seq(), json); // queued: never blocks
    }
    if (connection != null) {
      try {
        connection.event(number + "-" + e.seq(), e.event(), e.data(), null);
      } catch (UncheckedIOException ex) {
        connection = null; // keep buffering; the client may resume
      }
    }
  }

  /**
   * Attaches a (re)connection and replays the events after {@code afterSeq}.
   *
   * @param onFinish run when the stream finishes while this connection is attached (ends it)
   * @return false when the connection failed during replay
   */
  synchronized boolean attach(SseConnection c, long afterSeq, Runnable onFinish) {
    connection = c;
    this.onFinish = onFinish;
    try {
      for (Event e : buffer) {
        if (e.seq() > afterSeq) {
          c.event(number + "-" + e.seq(), e.event(), e.data(), null);
        }
      }
      return true;
    } catch (UncheckedIOException ex) {
      connection = null;
      return false;
    }
  }

  synchronized void detach(SseConnection c) {
    if (connection == c) {
      connection = null;
      onFinish = null;
    }
  }

  synchronized boolean isAttached() {
    return connection != null && !connection.isClosed();
  }

  /** Marks the stream complete (its response was sent or buffered). */
  synchronized void finish() {
    if (log != null && !finished) {
      log.finish(); // gives up the lease (queued: never blocks)
    }
    finished = true;
    if (onFinish != null) {
      onFinish.run();
    }
  }

  synchronized boolean isFinished() {
    return finished;
  }

  /** Parses {@code <stream>-<sequence>}; returns {@code null} for anything else. */
  static long[] parseEventId(String id) {
    if (id == null) {
      return null;
    }
    int dash = id.indexOf('-');
    if (dash <= 0) {
      return null;
    }
    try {
      return new long[] {Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1))};
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
