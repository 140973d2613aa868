package dev.mcpkit.auth.resource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the protected-resource metadata document (RFC 9728) at its well-known paths and declines every other path,
 * so it can sit next to the MCP endpoint in one Jetty server. The document is public: no authentication, no Host or
 * Origin check, and {@code Access-Control-Allow-Origin: *} so that browser-based clients can read it (it carries no
 * credentials and no per-user data).
 */
final class MetadataHandler extends Handler.Abstract.NonBlocking {

  private final Set<String> paths;
  private final byte[] document;

  MetadataHandler(Set<String> paths, String documentJson) {
    this.paths = Set.copyOf(paths);
    this.document = documentJson.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!paths.contains(Request.getPathInContext(request))) {
      return false;
    }
    response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    switch (request.getMethod()) {
      case "GET", "HEAD" -> {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "public, max-age=300");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        boolean head = request.getMethod().equals("HEAD");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, document.length);
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(document), callback);
      }
      case "OPTIONS" -> {
        // Clients send MCP-Protocol-Version with discovery requests, which makes browsers preflight.
        response.setStatus(204);
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD, OPTIONS");
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, "*");
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_MAX_AGE, "600");
        response.write(true, ByteBuffer.allocate(0), callback);
      }
      default -> {
        response.setStatus(405);
        response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD, OPTIONS");
        response.write(true, ByteBuffer.allocate(0), callback);
      }
    }
    return true;
  }
}
