package dev.mcpkit.server.http;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonrpc.ErrorCodes;
import dev.mcpkit.core.jsonrpc.JsonRpcCodec;
import dev.mcpkit.core.jsonrpc.JsonRpcError;
import dev.mcpkit.core.jsonrpc.JsonRpcErrorResponse;
import dev.mcpkit.core.jsonrpc.RequestId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;

/** Writes complete (non-streaming) HTTP responses. */
final class HttpReplies {

  private HttpReplies() {}

  /** A JSON body with a status. Failures to write (client gone) are ignored: nothing is left to do. */
  static void json(Response response, int status, byte[] body, Map<String, String> headers) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    headers.forEach((k, v) -> response.getHeaders().put(k, v));
    try (Blocker.Callback cb = Blocker.callback()) {
      response.write(true, ByteBuffer.wrap(body), cb);
      cb.block();
    } catch (Exception ignored) {
      // the client went away; there is nobody to tell
    }
  }

  /** A JSON-RPC error body ({@code id} may be null) with an HTTP status. */
  static void error(Response response, int status, RequestId id, int code, String message) {
    json(response, status, JsonRpcCodec.write(new JsonRpcErrorResponse(id, new JsonRpcError(code, message))), Map.of());
  }

  /** A transport-level rejection: HTTP status plus a JSON-RPC error without id. */
  static void reject(Response response, int status, String message) {
    error(response, status, null, ErrorCodes.INVALID_REQUEST, message);
  }

  static void status(Response response, int status, Map<String, String> headers) {
    response.setStatus(status);
    headers.forEach((k, v) -> response.getHeaders().put(k, v));
    try (Blocker.Callback cb = Blocker.callback()) {
      response.write(true, ByteBuffer.allocate(0), cb);
      cb.block();
    } catch (Exception ignored) {
      // the client went away
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

  /**
   * The bytes of a JSON body handed over as a String (a guard's refusal). Written again by Jackson,
   * the one writer of every JSON byte mcpkit sends: a String may hold a lone surrogate (an id echoed
   * from a request as a JSON escape), which {@code String.getBytes} would turn into {@code ?}
   * and Jackson writes as the escape it came in as. A body that is not JSON is sent as it is.
   */
  static byte[] jsonBytes(String json) {
    try {
      return Json.writeBytes(Json.parse(json));
    } catch (RuntimeException e) {
      return json.getBytes(StandardCharsets.UTF_8);
    }
  }
}
