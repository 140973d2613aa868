package dev.mcpkit.server.http;

import dev.mcpkit.core.era.Era;
import dev.mcpkit.core.protocol.McpHeaders;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.server.Caller;
import dev.mcpkit.server.cluster.SessionCluster;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * A 2025 GET stream in cluster mode: what belongs to no request is appended to the session's shared event log (by
 * whichever instance raises it) and this instance, holding the client's connection, follows the log. Event ids are
 * {@code 0-<log id>}, so a client that reconnects to any instance with {@code Last-Event-ID} resumes from the log.
 * ({@code 0} is the GET stream's number, as in a single instance; request streams keep their local ids.)
 */
final class ClusterStream {

  /** Event ids of the GET stream: its number, then the log's id. */
  static final String EVENT_PREFIX = "0-";

  private final SseConnection sse;
  private final OpenStream stream;
  private record Early(String id, byte[] message) {}

  private List<Early> early = new ArrayList<>(); // guarded by this; null once the stream is primed

  private ClusterStream(SseConnection sse, OpenStream stream) {
    this.sse = sse;
    this.stream = stream;
  }

  /** Opens (or resumes) the GET stream of {@code session}, as {@link StandaloneStreams#get} does for one instance. */
  static void open(Request request, Response response, HttpSession session, Caller caller, Completion completion,
      HttpOptions options, StreamRegistry streams, SessionCluster cluster) {
    String lastEventId = request.getHeaders().get(McpHeaders.LAST_EVENT_ID);
    String after = lastEventId != null && lastEventId.startsWith(EVENT_PREFIX)
        ? lastEventId.substring(EVENT_PREFIX.length()) : null;
    OpenStream open = OpenStream.open(request, response, options, streams, Limits.clientKey(caller, request));
    if (open == null) {
      return;
    }
    ClusterStream s = new ClusterStream(open.sse(), open);
    SseConnection sse = open.sse();
    session.openStreams.incrementAndGet();
    ClusterStream previous = session.following;
    // A reconnection replaces the stream this instance held. Nothing of the log reaches the new stream before it
    // follows from its own position (below): what the old one was sent is replayed from there, or was before it.
    cluster.unfollow(session.id);
    session.following = s;
    sse.onClose(() -> {
      if (session.following == s) {
        session.following = null;
        cluster.unfollow(session.id);
      }
      session.openStreams.decrementAndGet();
      session.state.touch();
    });
    if (previous != null) {
      previous.stream.end();
    }
    open.hold(request, completion);
    try {
      sse.commit();
      String from;
      try {
        from = cluster.follow(session.id, after);
      } catch (IllegalArgumentException e) {
        after = null; // not an id of the log: a new stream, as a single instance does with an unknown id
        from = cluster.follow(session.id, null);
      }
      cluster.claim(session.id); // a GET stream of this session on another instance ends
      ProtocolVersion version = session.state.version();
      boolean primed = version != null && Era.of(version).primesStreams(version) && after == null;
      s.ready(primed ? EVENT_PREFIX + from : null, options.retryMs());
    } catch (UncheckedIOException e) {
      open.end(); // the client went away while we wrote
    }
  }

  /** Writes an event of the log (held back until the priming event is out). Never blocks. */
  synchronized void deliver(String id, byte[] message) {
    if (early != null) {
      early.add(new Early(id, message));
      return;
    }
    write(id, message);
  }

  private synchronized void ready(String primeId, int retryMs) {
    if (primeId != null) {
      sse.event(primeId, null, "", retryMs);
    }
    List<Early> held = early;
    early = null;
    held.forEach(e -> write(e.id(), e.message()));
  }

  private void write(String id, byte[] message) {
    try {
      sse.event(id, "message", message, null);
    } catch (UncheckedIOException e) {
      stream.end(); // cut off: the client may resume from the log with Last-Event-ID
    }
  }

  /** Ends the stream (the session ended). */
  void end() {
    stream.end();
  }
}
