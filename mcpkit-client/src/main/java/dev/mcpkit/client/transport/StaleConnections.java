package dev.mcpkit.client.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;

/**
 * The keep-alive race: a server closes an idle pooled connection just as a request is given to it. Jetty's HTTP/1.1
 * client reports a request sent on such a connection exactly as one the server read and then dropped (an
 * {@code EOFException} before the answer, the request committed), so a failure alone never says whether resending is
 * safe. Two things make it safe here, and only these are resent: a request whose pooled connection the server had
 * closed already when its headers were ready (checked before any byte is written; the request is then aborted
 * unsent), and a request Jetty failed before committing it (its connection closed meanwhile). Either is resent once
 * (the closed connection has left the pool by then). A request that was committed is never resent: the server may
 * have processed it, and HTTP/1.1 cannot tell that apart from the race (a server closing an idle connection at the
 * instant a request is written on it stays a failure).
 */
final class StaleConnections {

  private StaleConnections() {}

  /** Why a request was aborted before any of it was written: its connection had been closed by the server. */
  static final class Closed extends IOException {
    Closed() {
      super("the server had closed the kept-alive connection");
    }
  }

  /**
   * An answer's head and its body: {@code json}, the whole body already read, when the answer was a 2xx JSON one and
   * buffering was asked for ({@link JsonAnswer}), else {@code null} and the body is read from {@code in}.
   */
  record Opened(Response response, InputStream in, byte[] json) {}

  /**
   * Sends the request {@code make} builds and waits up to {@code waitMs} for the answer's head; when the request was
   * lost to a connection the server had closed before any byte of it was written, builds it again and sends it once
   * more. {@code track} sees each request before it is sent (and may refuse by throwing).
   */
  static Opened send(Supplier<Request> make, Consumer<Request> track, long waitMs) throws Exception {
    return send(make, track, waitMs, 0);
  }

  /**
   * {@link #send(Supplier, Consumer, long)}; with {@code jsonUpTo} above 0, a 2xx JSON answer of at most that many
   * bytes is read whole before this returns ({@link JsonAnswer}).
   */
  static Opened send(Supplier<Request> make, Consumer<Request> track, long waitMs, int jsonUpTo) throws Exception {
    Request req = make.get();
    track.accept(req);
    Watch watch = watch(req);
    try {
      return opened(req, waitMs, jsonUpTo);
    } catch (ExecutionException e) {
      if (!resendable(e, watch)) {
        throw e;
      }
    }
    Request again = make.get();
    track.accept(again);
    watch(again); // the stale connection is out of the pool; should another be stale too, this fails unsent
    return opened(again, waitMs, jsonUpTo);
  }

  private static Opened opened(Request req, long waitMs, int jsonUpTo) throws Exception {
    if (jsonUpTo <= 0) {
      InputStreamResponseListener l = new InputStreamResponseListener();
      req.send(l);
      return new Opened(l.get(waitMs, TimeUnit.MILLISECONDS), l.getInputStream(), null);
    }
    JsonAnswer l = new JsonAnswer(jsonUpTo);
    req.send(l);
    Response r = l.get(waitMs, TimeUnit.MILLISECONDS);
    return new Opened(r, l.getInputStream(), l.body());
  }

  /** What is known of one request when it fails: whether it began on a reused connection, whether it was committed. */
  private static final class Watch {
    volatile boolean reused;
    volatile boolean committed;
  }

  private static Watch watch(Request req) {
    Watch w = new Watch();
    req.onRequestBegin(r -> w.reused = r.getConnection() instanceof org.eclipse.jetty.io.Connection c
        && c.getBytesIn() > 0);
    // Checked when the headers are ready to be written, as late as Jetty lets a request be stopped unsent.
    req.onRequestHeaders(r -> {
      if (w.reused && closedByServer((org.eclipse.jetty.io.Connection) r.getConnection())) {
        r.abort(new Closed());
        r.getConnection().close(); // never back to the pool
      }
    });
    req.onRequestCommit(r -> w.committed = true);
    return w;
  }

  /**
   * Whether a failed request may be resent: it began on a kept-alive connection (a new connection that fails is
   * the server's answer, not the race) and failed with an I/O error before any byte of it was written.
   */
  private static boolean resendable(Throwable failure, Watch w) {
    Throwable c = failure instanceof ExecutionException && failure.getCause() != null ? failure.getCause() : failure;
    return w.reused && !w.committed && c instanceof IOException;
  }

  /**
   * Whether the server closed this pooled connection before the request was given to it. An idle HTTP/1.1
   * connection has nothing to read: a non-blocking read that finds the end of input (or a byte no answer was asked
   * for) means it cannot carry the request.
   */
  private static boolean closedByServer(org.eclipse.jetty.io.Connection c) {
    EndPoint ep = c.getEndPoint();
    if (!ep.isOpen() || ep.isInputShutdown()) {
      return true;
    }
    if (ep instanceof SocketChannelEndPoint s) {
      try {
        return s.getChannel().read(ByteBuffer.allocate(1)) != 0;
      } catch (IOException e) {
        return true;
      }
    }
    return false;
  }
}
