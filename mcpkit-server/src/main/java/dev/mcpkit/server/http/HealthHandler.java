package dev.mcpkit.server.http;

import dev.mcpkit.core.json.Json;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Health probes, mounted by every {@link McpHttpServer}: {@code GET /healthz} answers 200 while the process serves;
 * {@code GET /readyz} answers 200 when every {@link ReadinessCheck} is satisfied, else 503 with {@code
 * {"status":"unavailable","unavailable":["name",...]}}. No authentication (probes have none), names only in the body,
 * {@code HEAD} as {@code GET} without a body, other methods 405. Other paths go to the next handler.
 */
public final class HealthHandler extends Handler.Abstract.NonBlocking {

  private static final Logger LOG = LoggerFactory.getLogger(HealthHandler.class);

  private final List<ReadinessCheck> checks;

  /** Probes answered from {@code checks}, asked in order at each {@code /readyz}. */
  public HealthHandler(List<ReadinessCheck> checks) {
    this.checks = List.copyOf(checks);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    boolean live = path.equals("/healthz");
    if (!live && !path.equals("/readyz")) {
      return false;
    }
    String method = request.getMethod();
    boolean head = HttpMethod.HEAD.is(method);
    if (!live && !checks.isEmpty() && (head || HttpMethod.GET.is(method))) {
      // a check may block (a store's round trip): never on the thread that called this non-blocking handler
      Thread.ofVirtual().name("mcpkit-readyz").start(() -> answer(request, response, callback, path, false, head));
    } else {
      answer(request, response, callback, path, live, head);
    }
    return true;
  }

  private void answer(Request request, Response response, Callback callback, String path, boolean live, boolean head) {
    String method = request.getMethod();
    if (!head && !HttpMethod.GET.is(method)) {
      ErrorWriter.methodNotAllowed(response, callback, "GET, HEAD", path + " answers GET and HEAD only");
      return;
    }
    ObjectNode body = Json.object();
    int status;
    if (live) {
      status = 200;
      body.put("status", "up");
    } else {
      List<String> down = unavailable();
      status = down.isEmpty() ? 200 : 503;
      body.put("status", down.isEmpty() ? "ready" : "unavailable");
      body.set("unavailable", Json.tree(down));
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(Json.writeBytes(body)), callback);
  }

  private List<String> unavailable() {
    List<String> down = new ArrayList<>();
    for (ReadinessCheck c : checks) {
      try {
        down.addAll(c.unavailable());
      } catch (RuntimeException e) {
        // a check that fails is a dependency that does not answer; the reason stays in the log
        LOG.warn("readiness check failed: {}", e.toString());
        down.add("check");
      }
    }
    return down;
  }
}
