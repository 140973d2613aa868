package dev.mcpkit.client.testing;

import dev.mcpkit.core.json.Json;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Streamable HTTP server on loopback that negotiates 2026-07-28 properly, answers {@code
 * tools/list}, and misbehaves on {@code tools/call} according to the tool name: {@code html} (an
 * HTML page), {@code early-close} (an SSE stream that ends before the answer), {@code junk} (an SSE
 * event that is not JSON, then the end), {@code oversize} (a 2 MB JSON answer), {@code reset} (the
 * connection dies mid-answer), {@code silent} (no answer until the client gives up), {@code error500},
 * and {@code ok}. Paths other than {@code /mcp} answer 404 with an HTML page.
 */
public final class BadHttpPeer implements AutoCloseable {

  private final Server server = new Server();
  private final CountDownLatch stopping = new CountDownLatch(1);

  public BadHttpPeer() throws Exception {
    ServerConnector c = new ServerConnector(server);
    c.setHost("127.0.0.1");
    c.setPort(0);
    server.addConnector(c);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        serve(request, response, callback);
        return true;
      }
    });
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/mcp");
  }

  private void serve(Request request, Response response, Callback callback) throws Exception {
    if (!Request.getPathInContext(request).equals("/mcp") || !request.getMethod().equals("POST")) {
      send(response, callback, 404, "text/html", "<html><body><h1>Not Found</h1></body></html>");
      return;
    }
    JsonNode m;
    try (InputStream in = Request.asInputStream(request)) {
      m = Json.parse(in.readAllBytes());
    }
    String method = m.path("method").asString("");
    ObjectNode result = Json.object();
    result.put("resultType", "complete");
    switch (method) {
      case "server/discover" -> {
        result.putArray("supportedVersions").add("2026-07-28");
        result.putObject("capabilities").putObject("tools");
      }
      case "tools/list" -> {
        var tools = result.putArray("tools");
        for (String n : new String[] {"ok", "html", "early-close", "junk", "oversize", "reset", "silent", "error500",
            "duplicate", "huge-number"}) {
          ObjectNode t = tools.addObject();
          t.put("name", n);
          t.putObject("inputSchema").put("type", "object");
        }
      }
      case "tools/call" -> {
        String tool = m.path("params").path("name").asString("");
        switch (tool) {
          case "html" -> {
            send(response, callback, 200, "text/html", "<!doctype html><html><body>Welcome to nginx!</body></html>");
            return;
          }
          case "error500" -> {
            send(response, callback, 500, "text/plain", "Internal Server Error");
            return;
          }
          case "early-close" -> {
            String progress = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":\"t\",\"progress\":1}}";
            send(response, callback, 200, "text/event-stream", "data: " + progress + "\n\n");
            return;
          }
          case "junk" -> {
            send(response, callback, 200, "text/event-stream", "event: message\ndata: <html>oops</html>\n\n");
            return;
          }
          case "oversize" -> {
            String big = "{\"jsonrpc\":\"2.0\",\"id\":" + m.get("id") + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\""
                + "y".repeat(2_000_000) + "\"}]}}";
            send(response, callback, 200, "application/json", big);
            return;
          }
          case "duplicate" -> {
            // Two "result" members: a last-wins parser would show the second.
            send(response, callback, 200, "application/json", "{\"jsonrpc\":\"2.0\",\"id\":" + m.get("id")
                + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"first\"}]},"
                + "\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"second\"}]}}");
            return;
          }
          case "huge-number" -> {
            send(response, callback, 200, "application/json", "{\"jsonrpc\":\"2.0\",\"id\":" + m.get("id")
                + ",\"result\":{\"content\":[],\"structuredContent\":{\"n\":1e1000000}}}");
            return;
          }
          case "reset" -> {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 1000);
            response.write(false, ByteBuffer.wrap("{\"jsonrpc\":\"2.0\",".getBytes(StandardCharsets.UTF_8)), Callback.from(
                () -> callback.failed(new java.io.IOException("simulated crash")), callback::failed));
            return;
          }
          case "silent" -> {
            stopping.await(30, TimeUnit.SECONDS);
            callback.failed(new java.io.IOException("gave up"));
            return;
          }
          default -> result.putArray("content").addObject().put("type", "text").put("text", "ok");
        }
      }
      default -> { }
    }
    ObjectNode r = Json.object();
    r.put("jsonrpc", "2.0");
    r.set("id", m.get("id"));
    r.set("result", result);
    send(response, callback, 200, "application/json", Json.write(r));
  }

  private static void send(Response response, Callback callback, int status, String type, String body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    Content.Sink.write(response, true, body, callback);
  }

  @Override
  public void close() {
    stopping.countDown();
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
