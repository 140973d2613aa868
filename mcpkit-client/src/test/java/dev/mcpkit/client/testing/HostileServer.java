package dev.mcpkit.client.testing;

import dev.mcpkit.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A raw HTTP/1.1 server on a loopback ephemeral port, one connection per request ({@code Connection: close}),
 * whose answers a test writes byte by byte: the only way to trickle a body, hold a stream open or send what no
 * honest server would. Every loop in it is bounded, and {@link #close()} ends every connection.
 */
public final class HostileServer implements AutoCloseable {

  /** One parsed request. {@code json} is the body parsed as JSON, or {@code null}. */
  public record Req(String method, String path, Map<String, String> headers, byte[] body, JsonNode json) {
    public String rpcMethod() {
      return json == null ? "" : json.path("method").asString("");
    }

    public JsonNode id() {
      return json == null ? null : json.get("id");
    }
  }

  /** Writes the answer to one request on the raw socket. */
  @FunctionalInterface
  public interface Handler {
    void handle(Req req, OutputStream out) throws Exception;
  }

  private final ServerSocket socket;
  private final Handler handler;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  public HostileServer(Handler handler) throws IOException {
    this.handler = handler;
    this.socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    RawHttp.acceptLoop(socket, "hostile", open, this::serve);
  }

  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
  }

  public boolean isClosed() {
    return closed;
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      String requestLine = RawHttp.line(in);
      if (requestLine == null || requestLine.isEmpty()) {
        return;
      }
      String[] parts = requestLine.split(" ");
      Map<String, String> headers = RawHttp.headers(in);
      int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      byte[] body = in.readNBytes(length);
      JsonNode json = null;
      try {
        json = body.length == 0 ? null : Json.parse(body);
      } catch (RuntimeException e) {
        // not JSON: the handler sees the raw body
      }
      OutputStream out = s.getOutputStream();
      handler.handle(new Req(parts[0], parts.length > 1 ? parts[1] : "/", headers, body, json), out);
      out.flush();
    } catch (Exception e) {
      // the client went away or the test is over
    } finally {
      open.remove(s);
    }
  }

  // ---- writing answers ----

  /** A complete answer with a body and {@code Connection: close}. */
  public static void answer(OutputStream out, int status, String type, String body, String... headers)
      throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder h = new StringBuilder("HTTP/1.1 " + status + " X\r\nConnection: close\r\nContent-Length: " + b.length
        + "\r\n");
    if (type != null) {
      h.append("Content-Type: ").append(type).append("\r\n");
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      h.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    out.write(h.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(b);
    out.flush();
  }

  /** A JSON-RPC result for the request, as {@code application/json}. */
  public static void result(OutputStream out, Req req, JsonNode result, String... headers) throws IOException {
    answer(out, 200, "application/json", response(req.id(), result), headers);
  }

  public static String response(JsonNode id, JsonNode result) {
    ObjectNode r = Json.object();
    r.put("jsonrpc", "2.0");
    r.set("id", id);
    r.set("result", result);
    return Json.write(r);
  }

  public static void error(OutputStream out, Req req, int code, String message) throws IOException {
    ObjectNode r = Json.object();
    r.put("jsonrpc", "2.0");
    r.set("id", req.id());
    r.putObject("error").put("code", code).put("message", message);
    answer(out, 200, "application/json", Json.write(r));
  }

  /** The head of an SSE answer that stays open (no length: the body ends when the connection closes). */
  public static void sseHead(OutputStream out, String... headers) throws IOException {
    StringBuilder h = new StringBuilder("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: text/event-stream\r\n");
    for (int i = 0; i + 1 < headers.length; i += 2) {
      h.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    out.write(h.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  public static void event(OutputStream out, String raw) throws IOException {
    out.write(raw.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /**
   * A 202 that promises a long body and then sends it one byte every 100 ms until the client goes away or
   * the server closes (which closes the socket; at most ten minutes): what a server does to hold a client that
   * drains it.
   */
  public static void trickled202(OutputStream out) throws IOException, InterruptedException {
    out.write("HTTP/1.1 202 Accepted\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n"
        .getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    for (int i = 0; i < 6000; i++) {
      out.write('.');
      out.flush();
      Thread.sleep(100);
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException e) {
        // already closed
      }
    }
  }
}
