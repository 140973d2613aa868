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
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The raw floor: a Jetty 12 core handler that parses the JSON-RPC body with Jackson and answers a
 * fixed result (the echo text copied in, the 1 MiB resource pre-serialised), with no MCP
 * validation at all, on the same Jetty thread set-up as mcpkit (virtual threads). What any MCP
 * server on Jetty and Jackson pays before doing MCP work.
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

  static void serve(int port) throws Exception {
    // The same thread set-up as McpHttpServer (blocking handlers on virtual threads), so that the
    // difference between the floor and mcpkit is the MCP work alone.
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    Server jetty = new Server(threads);
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    connector.setIdleTimeout(300_000);
    jetty.addConnector(connector);
    jetty.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        switch (request.getMethod()) {
          case "POST" -> {
            byte[] body = Content.Source.asInputStream(request).readAllBytes();
            JsonNode msg = Wire.JSON.readTree(body);
            if ("subscriptions/listen".equals(msg.path("method").asString())) {
              openStream(response, "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/subscriptions/acknowledged\"}\n\n");
              return true;
            }
            byte[] answer = answer(msg);
            if (answer == null) {
              response.setStatus(202);
              callback.succeeded();
              return true;
            }
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            if ("initialize".equals(msg.path("method").asString())) {
              response.getHeaders().put("Mcp-Session-Id", UUID.randomUUID().toString());
            }
            response.write(true, ByteBuffer.wrap(answer), callback);
          }
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
        return true;
      }
    });
    jetty.start();
    Contenders.ready(connector.getLocalPort());
    jetty.join();
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
