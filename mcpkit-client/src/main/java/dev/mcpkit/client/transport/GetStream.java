package dev.mcpkit.client.transport;

import dev.mcpkit.client.McpProtocolException;
import dev.mcpkit.client.internal.ClientThreads;
import dev.mcpkit.core.era.Era;
import dev.mcpkit.core.jsonrpc.McpException;
import dev.mcpkit.core.protocol.McpHeaders;
import dev.mcpkit.core.protocol.ProtocolVersion;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;

/**
 * The 2025 GET stream of a {@link StreamableHttpTransport}: server notifications and requests outside any POST, read on
 * a thread of its own, reconnected after its end (resuming with {@code Last-Event-ID}, after the server's {@code
 * retry}), given up after five failures in a row.
 */
final class GetStream {

  private final StreamableHttpTransport transport;
  private volatile Thread thread;
  private volatile CountDownLatch opened = new CountDownLatch(0);

  GetStream(StreamableHttpTransport transport) {
    this.transport = transport;
  }

  /**
   * Opens the stream unless it runs, and waits until the server answered the GET (stream open, or 405), up to the
   * connect timeout: notifications sent after connect() returns are then not lost to a stream still connecting.
   */
  void open() {
    Thread running = thread;
    if (running != null && running.isAlive()) {
      return;
    }
    CountDownLatch o = new CountDownLatch(1);
    opened = o;
    thread = ClientThreads.start("http-get", this::loop);
    try {
      o.await(transport.options().connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops waiting to reconnect (the transport is closed). */
  void interrupt() {
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  private void loop() {
    try {
      stream();
    } finally {
      opened.countDown();
      thread = null;
    }
  }

  private void stream() {
    HttpTransportOptions options = transport.options();
    String lastEventId = null;
    int retryMs = 2000;
    int failures = 0;
    while (!transport.closed() && failures < 5) {
      ProtocolVersion v = transport.version();
      Request get = transport.base(HttpMethod.GET);
      String last = lastEventId;
      get.headers(h -> {
        h.put(HttpHeader.ACCEPT, "text/event-stream");
        if (last != null) {
          h.put(McpHeaders.LAST_EVENT_ID, last);
        }
        if (v != null && Era.of(v).sendsVersionHeader(v)) {
          h.put(McpHeaders.PROTOCOL_VERSION, v.id());
        }
      });
      transport.active().add(get);
      try {
        InputStreamResponseListener l = new InputStreamResponseListener();
        get.send(l);
        Response r = l.get(options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        opened.countDown();
        try (InputStream in = l.getInputStream()) {
          if (r.getStatus() != 200 || !HttpSupport.mediaType(r).equals("text/event-stream")) {
            return; // 405: the server offers no GET stream, which is allowed
          }
          failures = 0;
          SseReader sse = new SseReader(in, options.maxMessageBytes());
          SseReader.Event e;
          while ((e = sse.next()) != null) {
            if (e.data() != null && !e.data().isBlank()) {
              deliver(e.data().getBytes(StandardCharsets.UTF_8));
            }
          }
          lastEventId = sse.lastEventId() != null ? sse.lastEventId() : lastEventId;
          retryMs = sse.retry() != null ? sse.retry() : retryMs;
        }
      } catch (Exception e) {
        failures++;
        opened.countDown();
      } finally {
        transport.active().remove(get);
      }
      if (transport.closed()) {
        return;
      }
      try {
        Thread.sleep(retryMs);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void deliver(byte[] json) {
    Inbound inbound = transport.inbound();
    try {
      HttpSupport.messages(json, transport.version(), transport.endpoint() + " (GET stream)").forEach(inbound::message);
    } catch (McpProtocolException ex) {
      inbound.warning(ex.getMessage() + " (ignored)");
    } catch (McpException ex) {
      inbound.warning(transport.endpoint() + " sent an SSE event that is not JSON-RPC on its GET stream (ignored): "
          + HttpSupport.excerpt(json));
    }
  }
}
