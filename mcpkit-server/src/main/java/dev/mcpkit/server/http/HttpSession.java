package dev.mcpkit.server.http;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonrpc.RequestId;
import dev.mcpkit.server.cluster.SessionCluster;
import dev.mcpkit.server.transport.LegacySession;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A 2025-era session on HTTP: the protocol state plus its resumable streams. */
final class HttpSession {

  final String id;
  final LegacySession state;
  final String clientKey; // whom it counts against (Limits#clientKey)
  private final Map<Long, ResumableStream> streams = new ConcurrentHashMap<>();
  private final AtomicInteger nextStream = new AtomicInteger(1);
  private final int eventBuffer;
  final AtomicInteger openStreams = new AtomicInteger();
  /** Whether the session still counts against its client's session limit (released once). */
  final java.util.concurrent.atomic.AtomicBoolean counted = new java.util.concurrent.atomic.AtomicBoolean(true);
  volatile boolean registered;
  volatile ResumableStream standalone;
  volatile ClusterStream following; // cluster mode: the GET stream this instance holds (its events come from the log)
  /** Cluster mode: shares its request streams, numbered from the instance's base (SessionCluster#streamBase). */
  volatile SessionCluster cluster;

  HttpSession(String id, String clientKey, int eventBuffer) {
    this.id = id;
    this.clientKey = clientKey;
    this.state = new LegacySession(id);
    this.eventBuffer = eventBuffer;
  }

  ResumableStream newStream(RequestId requestId) {
    SessionCluster c = cluster;
    long n = (c == null ? 0 : c.streamBase()) + nextStream.getAndIncrement();
    SessionCluster.RequestLog log = c == null || requestId == null ? null
        : c.requestLog(id, n, Json.write(requestId.json())); // so that it resumes on any instance
    ResumableStream s = new ResumableStream(n, eventBuffer, log);
    streams.put(s.number(), s);
    // Keep a bounded number of finished streams around for resumption.
    if (streams.size() > 64) {
      streams.values().stream().filter(ResumableStream::isFinished).filter(x -> !x.isAttached())
          .map(ResumableStream::number).sorted().limit(streams.size() - 64L).toList().forEach(streams::remove);
    }
    return s;
  }

  ResumableStream stream(long number) {
    return streams.get(number);
  }

  void drop(ResumableStream s) {
    streams.remove(s.number(), s);
  }

  boolean hasOpenStreams() {
    return openStreams.get() > 0;
  }
}
