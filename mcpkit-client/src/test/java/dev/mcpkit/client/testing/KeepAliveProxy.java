package dev.mcpkit.client.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A raw HTTP/1.1 proxy on a loopback ephemeral port that keeps client connections alive (answers carry a
 * {@code Content-Length}, never {@code Connection: close}) and forwards each request to a real server. A test can
 * close every connection that is idle between two requests ({@link #closeIdle()}, as a server's keep-alive timeout
 * does), and can have requests of its choosing forwarded (so the server processes them) and then dropped without
 * an answer ({@link #dropAnswers}). Every loop is bounded by the sockets closing; {@link #close()} closes them all.
 */
public final class KeepAliveProxy implements AutoCloseable {
  private final ServerSocket socket;
  private final URI backend;
  private final HttpClient forward = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Set<Socket> idle = ConcurrentHashMap.newKeySet();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger idleClosed = new AtomicInteger();
  private volatile Predicate<String> drop = body -> false;

  /** A proxy for the MCP endpoint {@code backend}. */
  public KeepAliveProxy(URI backend) throws IOException {
    this.backend = backend;
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    RawHttp.acceptLoop(socket, "keepalive", open, this::serve);
  }

  /** The proxy's endpoint (the backend's path). */
  public URI url() {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort() + backend.getPath());
  }

  /** Closes every connection that waits for its next request; how many it closed. */
  public int closeIdle() {
    int n = 0;
    for (Socket s : idle) {
      if (idle.remove(s)) {
        try {
          s.close();
          n++;
        } catch (IOException e) {
          // closed already
        }
      }
    }
    idleClosed.addAndGet(n);
    return n;
  }

  /**
   * Closes the connections that wait for their next request, waiting up to {@code wait} for one to: the proxy marks a
   * connection idle only once it has written an answer and looped back to read, which a fast client can race (it may
   * have the answer and begin its next request first). How many it closed.
   */
  public int closeIdle(java.time.Duration wait) throws InterruptedException {
    long end = System.nanoTime() + wait.toNanos();
    int n;
    while ((n = closeIdle()) == 0 && System.nanoTime() < end) {
      Thread.sleep(2);
    }
    return n;
  }

  /** How many idle connections {@link #closeIdle()} closed so far. */
  public int idleClosed() {
    return idleClosed.get();
  }

  /** Requests whose body matches are forwarded, then their connection is closed without an answer. */
  public void dropAnswers(Predicate<String> body) {
    this.drop = body;
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      while (true) {
        idle.add(s);
        String requestLine = RawHttp.line(in);
        if (requestLine == null || !idle.remove(s)) {
          return; // the client closed it, or closeIdle() did
        }
        Map<String, String> headers = RawHttp.headers(in);
        byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        if (requestLine.startsWith("GET ")) { // no standalone stream (allowed): this proxy buffers every answer
          out.write("HTTP/1.1 405 X\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          continue;
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(backend).method(requestLine.split(" ")[0],
            body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((k, v) -> {
          if (k.equals("accept") || k.equals("content-type") || k.startsWith("mcp-")) {
            b.header(k, v);
          }
        });
        HttpResponse<byte[]> r = forward.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (drop.test(new String(body, StandardCharsets.UTF_8))) {
          return; // processed, and the connection closed before any byte of the answer
        }
        StringBuilder h = new StringBuilder("HTTP/1.1 " + r.statusCode() + " X\r\nContent-Length: " + r.body().length
            + "\r\n");
        r.headers().map().forEach((k, v) -> {
          if (k.equalsIgnoreCase("content-type") || k.toLowerCase(Locale.ROOT).startsWith("mcp-")) {
            h.append(k).append(": ").append(v.getFirst()).append("\r\n");
          }
        });
        out.write(h.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(r.body());
        out.flush();
      }
    } catch (Exception e) {
      // the client went away or the test is over
    } finally {
      idle.remove(s);
      open.remove(s);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
    for (Socket s : open) {
      s.close();
    }
    forward.close();
  }
}
