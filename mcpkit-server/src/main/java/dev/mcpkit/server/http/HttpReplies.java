package dev.mcpkit.server.http;

import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.BufferUtil;

/**
 * Writes complete (non-streaming) HTTP responses that are not errors; errors go through {@link ErrorWriter}. Both end
 * in {@link #last}, which never blocks for a request with a {@link Completion} attached.
 */
final class HttpReplies {

  private HttpReplies() {}

  /** A JSON body with a status. Failures to write (client gone) are ignored: nothing is left to do. */
  static void json(Response response, int status, byte[] body, Map<String, String> headers) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    headers.forEach((k, v) -> response.getHeaders().put(k, v));
    last(response, ByteBuffer.wrap(body));
  }

  static void status(Response response, int status, Map<String, String> headers) {
    response.setStatus(status);
    headers.forEach((k, v) -> response.getHeaders().put(k, v));
    last(response, BufferUtil.EMPTY_BUFFER);
  }

  /**
   * Writes the last bytes of a response. With a {@link Completion} attached to the response the write is
   * asynchronous and completes the request's callback (nothing waits for the client); without one it blocks. A
   * failure (the client went away) is ignored: there is nobody to tell.
   */
  static void last(Response response, ByteBuffer body) {
    Completion completion = Completion.of(response);
    if (completion != null) {
      response.write(true, body, completion.take());
      return;
    }
    try (Blocker.Callback cb = Blocker.callback()) {
      response.write(true, body, cb);
      cb.block();
    } catch (Exception ignored) {
      // the client went away; there is nobody to tell
    }
  }

  /**
   * Marks the connection to close, for a request that may carry a body not read yet. A rejection sent before the
   * body is read (bad Host or Origin, 401 from the guard, 415, 413, an unknown session) leaves that body on the
   * connection; Jetty then closes it after the response, and a client that reused it for its next request would
   * see it reset. Saying {@code Connection: close} up front lets clients open a new one instead (RFC 9112 §9.6).
   * {@link #bodyRead} takes it back once the whole body has been read.
   */
  static void closeUntilBodyRead(Request request, Response response) {
    if (request.getMethod().equals("POST") && request.getLength() != 0) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
  }

  /** The whole body was read: the connection can be kept (see {@link #closeUntilBodyRead}). */
  static void bodyRead(Response response) {
    response.getHeaders().remove(HttpHeader.CONNECTION);
  }
}
