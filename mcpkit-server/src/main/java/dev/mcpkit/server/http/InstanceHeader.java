package dev.mcpkit.server.http;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Names the server instance in every response ({@link HttpOptions#instanceName()}): behind a load balancer with no
 * sticky routing, it shows which instance answered each request. Set before the wrapped handlers run, so that every
 * handler's answer carries it; Jetty's own errors get it from {@link JsonErrorHandler}.
 */
final class InstanceHeader extends Handler.Wrapper {

  private final HttpField field;

  InstanceHeader(String name, Handler next) {
    super(next);
    this.field = field(name);
  }

  /** The header field for {@code name} (encoded once: it is the same on every response). */
  static HttpField field(String name) {
    return new PreEncodedHttpField(HttpOptions.INSTANCE_HEADER, name);
  }

  /** Adds the field to {@code headers} when {@code field} is not null. */
  static void put(HttpFields.Mutable headers, HttpField field) {
    if (field != null) {
      headers.put(field);
    }
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    response.getHeaders().put(field);
    return super.handle(request, response, callback);
  }
}
