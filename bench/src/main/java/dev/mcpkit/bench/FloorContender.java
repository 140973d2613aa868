package dev.mcpkit.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The raw floor: a Jetty 12 core handler that parses the JSON-RPC body with Jackson and answers a
 * fixed result (the echo text copied in, the 1 MiB resource pre-serialised), with no MCP
 * validation at all, plus the minimum a 2025 session needs (an {@code Mcp-Session-Id} on
 * {@code initialize}, {@code DELETE} answered). {@link #serve} is the floor the report's ratios use
 * (Jetty's defaults, asynchronous read); {@link #serveVirtual} is a second reference row, the same
 * exchange on mcpkit's virtual-thread set-up.
 */
final class FloorContender {

  private FloorContender() {}

  private static final byte[] READ_RESULT = ("\"result\":{\"contents\":[{\"uri\":\"" + Blob.URI
      + "\",\"mimeType\":\"text/plain\",\"text\":" + Wire.JSON.writeValueAsString(Blob.TEXT) + "}]}}")
      .getBytes(StandardCharsets.UTF_8);
  private static final String INIT_RESULT = "{\"protocolVersion\":\"" + Wire.LEGACY + "\",\"capabilities\":"
      + "{\"tools\":{},\"resources\":{}},\"serverInfo\":{\"name\":\"floor\",\"version\":\"1\"}}";

  /** The answer to one parsed message, or null for a notification. */
  static byte[] answer(JsonNode msg) {
    JsonNode id = msg.get("id");
    if (id == null) {
      return null;
    }
    String method = msg.path("method").asString();
    if (method.equals("resources/read")) {
      byte[] head = ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",").getBytes(StandardCharsets.UTF_8);
      byte[] all = new byte[head.length + READ_RESULT.length];
      System.arraycopy(head, 0, all, 0, head.length);
      System.arraycopy(READ_RESULT, 0, all, head.length, READ_RESULT.length);
      return all;
    }
    ObjectNode out = Wire.JSON.createObjectNode();
    out.put("jsonrpc", "2.0");
    out.set("id", id);
    if (method.equals("initialize")) {
      out.set("result", Wire.JSON.readTree(INIT_RESULT));
    } else {
      ObjectNode text = Wire.JSON.createObjectNode();
      text.put("type", "text");
      text.put("text", msg.path("params").path("arguments").path("message").asString(""));
      out.putObject("result").putArray("content").add(text);
    }
    return Wire.JSON.writeValueAsBytes(out);
  }

  /** The largest body the floor reads (the bench's requests are well under 1 KiB). */
  private static final int MAX_BODY = 4 << 20;

  /**
   * The true floor: Jetty's own defaults (its {@link QueuedThreadPool} of platform threads, pooled
   * buffers), a handler that reads the body with the asynchronous {@link Content.Source} API,
   * parses it with Jackson and writes the answer in one write. No virtual thread, no blocking read:
   * the fastest plain exchange Jetty core and Jackson give, whatever mcpkit's own set-up.
   */
  static void serve(int port) throws Exception {
    Server jetty = new Server();
    run(jetty, port, new AsyncFloor());
  }

  /**
   * A second reference, not the floor: the same exchange on mcpkit's thread set-up (handlers on
   * virtual threads, the body read by a blocking stream), so that the difference between this row
   * and the floor is what the virtual-thread design costs before any MCP work.
   */
  static void serveVirtual(int port) throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    run(new Server(threads), port, new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (request.getMethod().equals("POST")) {
          respond(Content.Source.asInputStream(request).readAllBytes(), response, callback);
        } else {
          other(request, response, callback);
        }
        return true;
      }
    });
  }

  private static void run(Server jetty, int port, Handler handler) throws Exception {
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    connector.setIdleTimeout(300_000);
    jetty.addConnector(connector);
    jetty.setHandler(handler);
    jetty.start();
    Contenders.ready(connector.getLocalPort());
    jetty.join();
  }

  /**
   * The floor's handler. Non-blocking (nothing it does waits: the body arrives through a callback,
   * the parse is CPU work on a small buffer, the write is asynchronous), so Jetty may run it on
   * the thread that read the request instead of handing it to another.
   */
  private static final class AsyncFloor extends Handler.Abstract.NonBlocking {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      if (request.getMethod().equals("POST")) {
        Content.Source.asByteArrayAsync(request, MAX_BODY, Promise.Invocable.from(InvocationType.NON_BLOCKING,
            body -> respond(body, response, callback), callback::failed));
      } else {
        other(request, response, callback);
      }
      return true;
    }
  }

  /** A POST: parse, then one write of the answer (or a 202 for a notification, a stream for listen). */
  private static void respond(byte[] body, Response response, Callback callback) {
    JsonNode msg;
    try {
      msg = Wire.JSON.readTree(body);
    } catch (RuntimeException e) {
      response.setStatus(400);
      callback.succeeded();
      return;
    }
    String method = msg.path("method").asString();
    if ("subscriptions/listen".equals(method)) {
      openStream(response, "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/subscriptions/acknowledged\"}\n\n");
      return;
    }
    byte[] answer = answer(msg);
    if (answer == null) {
      response.setStatus(202);
      callback.succeeded();
      return;
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    if ("initialize".equals(method)) {
      // The minimum a session needs: an id on initialize (the floor keeps no state for it).
      response.getHeaders().put("Mcp-Session-Id", UUID.randomUUID().toString());
    }
    response.write(true, ByteBuffer.wrap(answer), callback);
  }

  /** GET opens a stream; DELETE (the end of a session) is answered 200. */
  private static void other(Request request, Response response, Callback callback) {
    switch (request.getMethod()) {
      case "GET" -> openStream(response, ": open\n\n");
      case "DELETE" -> {
        response.setStatus(200);
        callback.succeeded();
      }
      default -> {
        response.setStatus(405);
        callback.succeeded();
      }
    }
  }

  // Holds a stream open: headers and one event go out, the request never completes (the process
  // is ended after the stream workload).
  private static void openStream(Response response, String first) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
    response.write(false, ByteBuffer.wrap(first.getBytes(StandardCharsets.UTF_8)), Callback.NOOP);
  }

  static void stdio() throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    OutputStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.isBlank()) {
        continue;
      }
      byte[] answer = answer(Wire.JSON.readTree(line));
      if (answer != null) {
        out.write(answer);
        out.write('\n');
        out.flush();
      }
    }
  }
}
