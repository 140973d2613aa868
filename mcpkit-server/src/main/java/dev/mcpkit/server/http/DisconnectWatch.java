package dev.mcpkit.server.http;

import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Notices when an HTTP/1.1 client closes its connection while the server is still working on the
 * request. Jetty does not read from a connection between the end of a request body and the end
 * of its response, so a client that goes away is otherwise only noticed at the next write; the
 * 2026-07-28 transport needs to know at once (a closed stream cancels the request). The watch
 * asks the connection for read interest and treats end of input as the disconnect.
 *
 * <p>It must be stopped before the response completes: afterwards the connection reads the next
 * request. If the client sends data while the watch is active (HTTP pipelining, which MCP clients
 * do not use), the watch stops and {@link #sawData()} tells the caller to close the connection
 * after the response.
 */
final class DisconnectWatch {

  /**
   * Requests shorter than this are never watched: asking the selector for read interest costs a
   * selector update per request, which most calls (a few milliseconds long) do not need.
   */
  static final long ARM_AFTER_NANOS = 50_000_000L;
  private static final CancellationException COMPLETE = new CancellationException("response complete") {
    @Override
    public synchronized Throwable fillInStackTrace() {
      return this; // thrown for every watched request: no stack trace to build
    }
  };
  private static final Set<DisconnectWatch> WAITING = ConcurrentHashMap.newKeySet();

  static {
    // One sweeper arms the watches of requests that have run long enough.
    Thread.ofPlatform().daemon().name("mcp-disconnect-watch").start(() -> {
      while (true) {
        try {
          Thread.sleep(ARM_AFTER_NANOS / 2_000_000L);
        } catch (InterruptedException e) {
          return;
        }
        long now = System.nanoTime();
        for (DisconnectWatch w : WAITING) {
          if (now - w.started >= ARM_AFTER_NANOS) {
            WAITING.remove(w);
            w.arm();
          }
        }
      }
    });
  }

  private enum State { WAITING, ARMED, DONE }

  private final EndPoint endPoint;
  private final Runnable onDisconnect;
  private final long started = System.nanoTime();
  private State state = State.WAITING; // guarded by this
  private volatile boolean sawData;

  private DisconnectWatch(EndPoint endPoint, Runnable onDisconnect) {
    this.endPoint = endPoint;
    this.onDisconnect = onDisconnect;
  }

  /** Starts watching; call only after the request body has been read completely. */
  static DisconnectWatch start(Request request, Runnable onDisconnect) {
    EndPoint ep = request.getConnectionMetaData().getConnection().getEndPoint();
    DisconnectWatch w = new DisconnectWatch(ep, onDisconnect);
    if (request.getConnectionMetaData().getHttpVersion().getVersion() >= 20 || !(ep instanceof AbstractEndPoint)) {
      w.state = State.DONE; // multiplexed protocols report stream resets through failure listeners
      request.addFailureListener(t -> onDisconnect.run());
      return w;
    }
    WAITING.add(w);
    return w;
  }

  /** Asks the connection for read interest (again); under the lock, so stop() cannot race it. */
  private synchronized void arm() {
    if (state == State.DONE) {
      return;
    }
    state = State.ARMED;
    if (!endPoint.tryFillInterested(Callback.from(this::readable, this::failed))) {
      state = State.DONE;
    }
  }

  private void readable() {
    int n;
    synchronized (this) {
      if (state != State.ARMED) {
        return;
      }
      try {
        n = endPoint.fill(BufferUtil.allocate(1));
      } catch (Exception e) {
        n = -1;
      }
      if (n > 0) {
        sawData = true;
        state = State.DONE;
        return;
      }
    }
    if (n < 0) {
      fire();
    } else {
      arm();
    }
  }

  private void failed(Throwable t) {
    if (!(t instanceof CancellationException)) {
      fire();
    }
  }

  private void fire() {
    synchronized (this) {
      if (state == State.DONE) {
        return;
      }
      state = State.DONE;
    }
    onDisconnect.run();
  }

  /** Stops watching, before the response completes. */
  void stop() {
    WAITING.remove(this);
    boolean armed;
    synchronized (this) {
      armed = state == State.ARMED;
      state = State.DONE;
    }
    if (armed && endPoint instanceof AbstractEndPoint aep) {
      aep.getFillInterest().onFail(COMPLETE);
    }
  }

  /** True when the client sent bytes during the watch; the connection must then not be reused. */
  boolean sawData() {
    return sawData;
  }
}
