package dev.mcpkit.auth.resource;

import dev.mcpkit.server.http.ErrorWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the protected-resource metadata documents (RFC 9728) at their well-known paths (one per protected endpoint,
 * path-suffixed) and declines every other path, so it can sit next to the MCP endpoint in one Jetty server. The document is public: no authentication, no Host or
 * Origin check, and {@code Access-Control-Allow-Origin: *} so that browser-based clients can read it (it carries no
 * credentials and no per-user data).
 */
final class MetadataHandler extends Handler.Abstract.NonBlocking {

  private final Map<String, byte[]> documents;

  /** @param documents the JSON document served at each well-known path */
  MetadataHandler(Map<String, String> documents) {
    Map<String, byte[]> bytes = new HashMap<>();
    documents.forEach((path, json) -> bytes.put(path, json.getBytes(StandardCharsets.UTF_8)));
    this.documents = Map.copyOf(bytes);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    byte[] document = documents.get(Request.getPathInContext(request));
    if (document == null) {
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
      default -> ErrorWriter.oauth(response, callback, 405, "invalid_request",
          "use GET for this metadata document", Map.of(HttpHeader.ALLOW.asString(), "GET, HEAD, OPTIONS"));
    }
    return true;
  }
}
