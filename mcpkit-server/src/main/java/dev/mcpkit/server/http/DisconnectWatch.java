package dev.mcpkit.server.http;

import java.nio.ByteBuffer;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
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

  private final EndPoint endPoint;
  private final Runnable onDisconnect;
  private final AtomicBoolean active = new AtomicBoolean(true);
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
      w.active.set(false); // multiplexed protocols report stream resets through failure listeners
      request.addFailureListener(t -> onDisconnect.run());
      return w;
    }
    w.arm();
    return w;
  }

  private void arm() {
    if (!active.get()) {
      return;
    }
    boolean registered = endPoint.tryFillInterested(Callback.from(this::readable, this::failed));
    if (!registered) {
      active.set(false);
    }
  }

  private void readable() {
    if (!active.get()) {
      return;
    }
    try {
      ByteBuffer one = BufferUtil.allocate(1);
      int n = endPoint.fill(one);
      if (n < 0) {
        fire();
      } else if (n == 0) {
        arm();
      } else {
        sawData = true;
        active.set(false);
      }
    } catch (Exception e) {
      fire();
    }
  }

  private void failed(Throwable t) {
    if (!(t instanceof CancellationException)) {
      fire();
    }
  }

  private void fire() {
    if (active.compareAndSet(true, false)) {
      onDisconnect.run();
    }
  }

  /** Stops watching, before the response completes. */
  void stop() {
    if (active.compareAndSet(true, false) && endPoint instanceof AbstractEndPoint aep) {
      aep.getFillInterest().onFail(new CancellationException("response complete"));
    }
  }

  /** True when the client sent bytes during the watch; the connection must then not be reused. */
  boolean sawData() {
    return sawData;
  }
}
