package dev.mcpkit.auth.server;

import dev.mcpkit.auth.server.federation.UpstreamLogin;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jetty handler: routes the issuer's paths to the endpoints and turns every failure into a clear OAuth error
 * (JSON for clients, an HTML page for people). Paths it does not own are left to the next handler, so the server
 * can be mounted next to an MCP endpoint in one Jetty server.
 *
 * <p>Only the path lookup runs on the Jetty thread that received a request; an endpoint (which reads a body, asks the
 * store, renders a page) runs on a virtual thread of its own. So the handler is non-blocking, and mounted next to an
 * MCP endpoint it keeps the server's handler chain non-blocking: a blocking member would make Jetty move every
 * request, MCP ones included, off the I/O thread before any handler sees it.
 */
final class Router extends Handler.Abstract.NonBlocking {

  private static final Logger LOG = LoggerFactory.getLogger(Router.class);

  @FunctionalInterface
  interface Endpoint {
    void handle(Request request, Response response, Callback callback) throws Exception;
  }

  private record Route(String method, Endpoint endpoint, boolean page) {}

  private final Map<String, Route> routes = new LinkedHashMap<>();

  void get(String path, Endpoint e, boolean page) {
    routes.put(path, new Route("GET", e, page));
  }

  void post(String path, Endpoint e, boolean page) {
    routes.put(path, new Route("POST", e, page));
  }

  List<String> paths() {
    return List.copyOf(routes.keySet());
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Route route = routes.get(Request.getPathInContext(request));
    if (route == null) {
      return false;
    }
    Thread.ofVirtual().name("mcp-auth").start(() -> serve(route, request, response, callback));
    return true;
  }

  private static void serve(Route route, Request request, Response response, Callback callback) {
    if (request.isSecure()) {
      response.getHeaders().put("Strict-Transport-Security", "max-age=31536000");
    }
    try {
      if (!route.method().equals(request.getMethod())) {
        response.getHeaders().put("Allow", route.method());
        throw new OAuthException("invalid_request", "use " + route.method() + " for this endpoint", 405);
      }
      route.endpoint().handle(request, response, callback);
    } catch (Interaction.PageException e) {
      Http.html(response, callback, e.status, Pages.error(e.title, e.getMessage()));
    } catch (UpstreamLogin.Failed e) {
      Http.html(response, callback, 400, Pages.error("Sign-in failed", e.getMessage()));
    } catch (OAuthException e) {
      if (route.page()) {
        Http.html(response, callback, e.status(), Pages.error("Request refused", e.description()));
      } else {
        Http.error(response, callback, e);
      }
    } catch (Throwable t) {
      // Logged here, once, with the class; the wire only ever sees a generic message.
      LOG.warn("{} {} failed: {}", request.getMethod(), Request.getPathInContext(request), t.toString());
      if (route.page()) {
        Http.html(response, callback, 500, Pages.error("Server error", "Something went wrong. Try again."));
      } else {
        Http.error(response, callback, new OAuthException("server_error", "internal error", 500));
      }
    }
  }
}
