package dev.mcpkit.auth.server;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The last handler of a standalone server: a plain JSON 404 instead of Jetty's default error page. */
final class NotFound extends Handler.Abstract {
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Http.error(response, callback, new OAuthException("not_found", "no such endpoint", 404));
    return true;
  }
}
