package dev.mcpkit.auth.server.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A scriptable HTTP server on 127.0.0.1 for documents an authorization server fetches (client metadata
 * documents, JWK sets): each path answers what the test put there, and every hit is counted.
 */
public final class DocServer implements AutoCloseable {

  /** What a path answers. {@code dripMillis > 0} sends the body one byte at a time with that pause. */
  public record Doc(int status, String contentType, String cacheControl, String body, String location,
      long dripMillis) {
    public static Doc json(String body) {
      return new Doc(200, "application/json", null, body, null, 0);
    }

    public Doc cache(String cc) {
      return new Doc(status, contentType, cc, body, location, dripMillis);
    }
  }

  private final Server server = new Server();
  private final Map<String, Doc> docs = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final java.util.List<Seen> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** A request the server received: method, path with query, the Authorization header and the body. */
  public record Seen(String method, String target, String authorization, String body) {}
  private final AtomicInteger total = new AtomicInteger();
  public final int port;

  public DocServer() {
    this("127.0.0.1");
  }

  public DocServer(String host) {
    ServerConnector c = new ServerConnector(server);
    c.setHost(host);
    c.setPort(0);
    server.addConnector(c);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        String query = request.getHttpURI().getQuery();
        seen.add(new Seen(request.getMethod(), query == null ? path : path + "?" + query,
            request.getHeaders().get("Authorization"), org.eclipse.jetty.io.Content.Source.asString(request)));
        total.incrementAndGet();
        hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
        Doc d = docs.get(path);
        if (d == null) {
          response.setStatus(404);
          callback.succeeded();
          return true;
        }
        response.setStatus(d.status());
        if (d.contentType() != null) {
          response.getHeaders().put("Content-Type", d.contentType());
        }
        if (d.cacheControl() != null) {
          response.getHeaders().put("Cache-Control", d.cacheControl());
        }
        if (d.location() != null) {
          response.getHeaders().put("Location", d.location());
        }
        byte[] body = d.body() == null ? new byte[0] : d.body().getBytes(StandardCharsets.UTF_8);
        if (d.dripMillis() > 0) {
          for (int i = 0; i < body.length; i++) {
            Callback.Completable cb = new Callback.Completable();
            response.write(false, ByteBuffer.wrap(body, i, 1), cb);
            cb.get();
            Thread.sleep(d.dripMillis()); // the slow peer under test, not an assertion
          }
          response.write(true, ByteBuffer.allocate(0), callback);
        } else {
          response.write(true, ByteBuffer.wrap(body), callback);
        }
        return true;
      }
    });
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    port = c.getLocalPort();
  }

  public void put(String path, Doc doc) {
    docs.put(path, doc);
  }

  public int hits(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  /** Every request received so far, in order. */
  public java.util.List<Seen> requests() {
    return java.util.List.copyOf(seen);
  }

  public int totalHits() {
    return total.get();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception ignored) {
      // closing
    }
  }
}
