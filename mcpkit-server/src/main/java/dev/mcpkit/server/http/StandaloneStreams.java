package dev.mcpkit.server.http;

import dev.mcpkit.core.era.Era;
import dev.mcpkit.core.jsonrpc.ErrorCodes;
import dev.mcpkit.core.jsonrpc.JsonRpcCodec;
import dev.mcpkit.core.protocol.McpHeaders;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.server.Caller;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
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

  void get(Request request, Response response, Caller caller) {
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
    ResumableStream target;
    long after;
    if (resume != null && resume[0] != 0) {
      target = session.stream((int) resume[0]);
      after = resume[1];
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
    SseConnection sse = SseConnection.open(request, response, options, null);
    CountDownLatch ended = new CountDownLatch(1);
    StreamRegistry.Slot slot = streams.acquire(Limits.clientKey(caller, request), live(sse), ended::countDown, false);
    if (slot.entry() == null) {
      response.reset();
      Limits.refuse(response, slot.grant(), streams.quota(), "open streams", null, options);
      return;
    }
    StreamRegistry.Entry entry = slot.entry();
    // A stream cut off (a client that does not read, a write that timed out) ends this wait; the
    // session stays, and the client may resume with Last-Event-ID.
    sse.onClose(ended::countDown);
    session.openStreams.incrementAndGet();
    DisconnectWatch watch = DisconnectWatch.start(request, ended::countDown);
    try {
      sse.commit();
      ProtocolVersion version = session.state.version();
      boolean primed = version != null && Era.of(version).primesStreams(version);
      if (primed && resume == null) {
        sse.event(target.number() + "-0", null, "", options.retryMs());
      }
      if (!target.attach(sse, after, ended::countDown)) {
        return;
      }
      if (target.isFinished() && target != session.standalone) {
        session.drop(target); // resumed a finished request stream: everything is delivered
        return;
      }
      ended.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.io.UncheckedIOException e) {
      // client went away while we wrote
    } finally {
      watch.stop();
      target.detach(sse);
      streams.release(entry);
      session.openStreams.decrementAndGet();
      session.state.touch();
      sse.end();
      sse.awaitSent();
    }
  }

  /** The registry's view of an SSE connection. */
  static StreamRegistry.Live live(SseConnection sse) {
    return new StreamRegistry.Live() {
      @Override
      public void beat() {
        sse.heartbeat();
      }

      @Override
      public long idleNanos() {
        return sse.idleNanos();
      }
    };
  }
}
