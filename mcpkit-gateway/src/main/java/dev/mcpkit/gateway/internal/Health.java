package dev.mcpkit.gateway.internal;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.gateway.UpstreamStatus;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /healthz} (the process is up: 200) and {@code GET /readyz} (200 when every upstream is available, else
 * 503 naming the unavailable ones). The bodies name upstreams only, never why they are down (that may name internal
 * hosts and is in the logs and {@code Gateway.upstreams()}): probes are usually unauthenticated. Other paths are left
 * to the next handler.
 */
public final class Health extends Handler.Abstract.NonBlocking {

  private final Supplier<List<UpstreamStatus>> upstreams;

  /** Reports on {@code upstreams}, read at each request. */
  public Health(Supplier<List<UpstreamStatus>> upstreams) {
    this.upstreams = upstreams;
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
    ObjectNode body = Json.object();
    int status;
    if (!head && !HttpMethod.GET.is(method)) {
      status = 405;
      response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
      body.put("error", path + " answers GET and HEAD only");
    } else if (live) {
      status = 200;
      body.put("status", "up");
    } else {
      List<String> down = upstreams.get().stream().filter(u -> !u.available()).map(UpstreamStatus::name).toList();
      status = down.isEmpty() ? 200 : 503;
      body.put("status", down.isEmpty() ? "ready" : "unavailable");
      body.set("unavailable", Json.tree(down));
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    byte[] bytes = Json.writeBytes(body);
    response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(bytes), callback);
    return true;
  }
}
