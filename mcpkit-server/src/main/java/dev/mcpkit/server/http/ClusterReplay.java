package dev.mcpkit.server.http;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonrpc.ErrorCodes;
import dev.mcpkit.core.jsonrpc.JsonRpcCodec;
import dev.mcpkit.core.jsonrpc.RequestId;
import dev.mcpkit.server.Caller;
import dev.mcpkit.server.cluster.SessionCluster;
import java.io.UncheckedIOException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * A 2025 request stream resumed on an instance that did not run the request (cluster mode): its events come from the
 * cluster's copy of the stream ({@link SessionCluster#replay}), with the ids they had, then live ones while the
 * request runs elsewhere. When the instance running it stopped before it answered, the stream ends with a JSON-RPC
 * error for the request, so a client never waits for an answer that cannot come.
 */
final class ClusterReplay {

  /** What a client resuming a request whose instance died is told. */
  static final String LOST = "Internal error: the instance that ran this request stopped before it answered; retry";

  private ClusterReplay() {}

  /** Opens the resumed stream and starts the replay; answers at once when no stream can be opened. */
  static void open(Request request, Response response, HttpSession session, Caller caller, Completion completion,
      HttpOptions options, StreamRegistry streams, SessionCluster.Replay replay, long number) {
    OpenStream open = OpenStream.open(request, response, options, streams, Limits.clientKey(caller, request));
    if (open == null) {
      replay.close();
      return;
    }
    SseConnection sse = open.sse();
    session.openStreams.incrementAndGet();
    sse.onClose(() -> {
      replay.close();
      session.openStreams.decrementAndGet();
      session.state.touch();
    });
    open.hold(request, completion);
    try {
      sse.commit();
    } catch (UncheckedIOException e) {
      open.end(); // the client went away
      return;
    }
    replay.start(new SessionCluster.ReplaySink() {
      @Override
      public boolean event(long seq, byte[] message) {
        try {
          sse.event(number + "-" + seq, "message", message, null);
          return true;
        } catch (UncheckedIOException e) {
          open.end();
          return false;
        }
      }

      @Override
      public void end() {
        open.end();
      }

      @Override
      public void lost(String requestId) {
        try {
          RequestId id = requestId == null ? null : RequestId.from(Json.parse(requestId));
          sse.event(null, "message", JsonRpcCodec.write(ErrorWriter.response(id, ErrorCodes.INTERNAL_ERROR, LOST)), null);
        } catch (UncheckedIOException | IllegalArgumentException e) {
          // the client is gone, or the id was not one: the stream ends either way
        }
        open.end();
      }
    });
  }
}
