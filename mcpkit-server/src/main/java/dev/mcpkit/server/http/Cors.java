package dev.mcpkit.server.http;

import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * CORS for browser-based clients on allowed origins (the Origin check has already run, so any
 * Origin seen here is allowed). Exposes the MCP headers a browser client must read.
 */
final class Cors {

  static final String ALLOW_HEADERS = "Content-Type, Accept, Authorization, Mcp-Session-Id, MCP-Protocol-Version, "
      + "Mcp-Method, Mcp-Name, Last-Event-ID";
  static final String EXPOSE_HEADERS = "Mcp-Session-Id, WWW-Authenticate, MCP-Protocol-Version";

  private Cors() {}

  static void apply(Request request, Response response, OriginPolicy origins) {
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (origin != null && origins.isAllowedOrigin(origin, request)) {
      response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
      response.getHeaders().put(HttpHeader.VARY, "Origin");
      response.getHeaders().put(HttpHeader.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSE_HEADERS);
    }
  }

  static void preflight(Response response) {
    // Mcp-Param-* names vary per tool: browsers require each listed, so allow what was requested.
    HttpReplies.status(response, 204, Map.of(
        "Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS",
        "Access-Control-Allow-Headers", ALLOW_HEADERS + ", Mcp-Param-*",
        "Access-Control-Max-Age", "600"));
  }
}
