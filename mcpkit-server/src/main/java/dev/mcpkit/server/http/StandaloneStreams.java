package dev.mcpkit.server.http;

import dev.mcpkit.core.era.Era;
import dev.mcpkit.core.jsonrpc.ErrorCodes;
import dev.mcpkit.core.jsonrpc.JsonRpcCodec;
import dev.mcpkit.core.protocol.McpHeaders;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.server.Caller;
import dev.mcpkit.server.cluster.SessionCluster;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * The 2025 GET stream: server messages that belong to no request (list changes, resource
 * updates), and the resumption of any of the session's streams with {@code Last-Event-ID}.
 */
final class StandaloneStreams {

  private final HttpOptions options;
  private final SessionRegistry sessions;
  private final StreamRegistry streams;

  StandaloneStreams(HttpOptions options, SessionRegistry sessions, StreamRegistry streams) {
    this.options = options;
    this.sessions = sessions;
    this.streams = streams;
  }

  /**
   * Opens the GET stream (or resumes one); answers at once when it cannot. The stream stays open
   * after this returns, holding the request's callback ({@code completion}), not a thread.
   */
  void get(Request request, Response response, Caller caller, Completion completion) {
    String sessionId = request.getHeaders().get(McpHeaders.SESSION_ID);
    if (sessionId == null) {
      // 2026-07-28 has no GET stream; legacy clients without a session have nothing to listen to.
      ErrorWriter.reject(response, 405, null, ErrorCodes.INVALID_REQUEST,
          "Method not allowed: GET opens the stream of a 2025 session and needs " + McpHeaders.SESSION_ID,
          Map.of("Allow", "POST"));
      return;
    }
    if (!Accepts.eventStream(request)) {
      ErrorWriter.reject(response, 406, "Not acceptable: GET streams need Accept: text/event-stream");
      return;
    }
    HttpSession session = sessions.find(sessionId, caller, response);
    if (session == null) { // not an era test: the lookup failed and answered
      return;
    }
    session.state.touch();
    String lastEventId = request.getHeaders().get(McpHeaders.LAST_EVENT_ID);
    long[] resume = ResumableStream.parseEventId(lastEventId);
    ClusterSessions cluster = sessions.cluster();
    if (cluster != null && (resume == null || resume[0] == 0)) { // request streams (number > 0) stay local
      ClusterStream.open(request, response, session, caller, completion, options, streams, cluster.cluster());
      return;
    }
    ResumableStream target;
    long after;
    if (resume != null && resume[0] != 0) {
      target = session.stream(resume[0]);
      after = resume[1];
      SessionCluster.Replay replay = target == null && cluster != null
          ? cluster.cluster().replay(session.id, resume[0], after) : null; // ran (or runs) on another instance
      if (replay != null) {
        ClusterReplay.open(request, response, session, caller, completion, options, streams, replay, resume[0]);
        return;
      }
      if (target == null) {
        ErrorWriter.reject(response, 404, "Not found: stream of event " + OriginPolicy.printable(lastEventId)
            + " is no longer available");
        return;
      }
    } else {
      synchronized (session) {
        if (session.standalone == null) {
          session.standalone = new ResumableStream(0, options.eventBuffer());
          ResumableStream s = session.standalone;
          session.state.standalone(message -> s.send(JsonRpcCodec.write(message)));
        }
      }
      target = session.standalone;
      // A new connection gets what is sent from now on, including what arrives before it is
      // attached below (the client may see the stream open, and cause changes, before that).
      after = resume != null ? resume[1] : target.lastSeq();
    }
    // Held without a thread (OpenStream): what the stream keeps is the session, its resumable
    // stream and the connection, not this request.
    OpenStream stream = OpenStream.open(request, response, options, streams, Limits.clientKey(caller, request));
    if (stream == null) {
      return;
    }
    SseConnection sse = stream.sse();
    session.openStreams.incrementAndGet();
    ResumableStream t = target;
    sse.onClose(() -> {
      t.detach(sse);
      session.openStreams.decrementAndGet();
      session.state.touch();
    });
    stream.hold(request, completion);
    try {
      sse.commit();
      ProtocolVersion version = session.state.version();
      boolean primed = version != null && Era.of(version).primesStreams(version);
      if (primed && resume == null) {
        sse.event(target.number() + "-0", null, "", options.retryMs());
      }
      // A stream cut off (a client that does not read, a write that timed out) closes; the session
      // stays, and the client may resume with Last-Event-ID.
      if (target.attach(sse, after, stream::end) && target.isFinished() && target != session.standalone) {
        session.drop(target); // resumed a finished request stream: everything is delivered
        stream.end();
      }
    } catch (java.io.UncheckedIOException e) {
      stream.end(); // the client went away while we wrote: the stream is closed already
    }
  }
}
