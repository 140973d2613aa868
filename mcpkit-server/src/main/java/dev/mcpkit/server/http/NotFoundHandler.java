package dev.mcpkit.server.http;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Answers everything no other handler took with a JSON 404 (never Jetty's HTML error page). */
final class NotFoundHandler extends Handler.Abstract.NonBlocking {

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    ErrorWriter.notFound(response, callback);
    return true;
  }
}
