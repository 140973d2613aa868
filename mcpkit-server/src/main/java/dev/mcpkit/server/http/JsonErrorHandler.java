package dev.mcpkit.server.http;

import dev.mcpkit.core.jsonrpc.ErrorCodes;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors (malformed HTTP, bad framing, failures before or outside the MCP handlers)
 * as JSON-RPC errors without id, like every other rejection of the transport: never Jetty's HTML
 * page with its version, never an exception's text.
 */
final class JsonErrorHandler extends ErrorHandler {

  private final org.eclipse.jetty.http.HttpField instance;

  /** {@code instanceName}: the {@link HttpOptions#instanceName()} to name in every error, or {@code null}. */
  JsonErrorHandler(String instanceName) {
    this.instance = instanceName == null ? null : InstanceHeader.field(instanceName);
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
      Callback callback) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    InstanceHeader.put(response.getHeaders(), instance);
    response.write(true, body(code, message), callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    InstanceHeader.put(fields, instance);
    return body(status, reason);
  }

  private static ByteBuffer body(int code, String message) {
    String phrase = HttpStatus.getMessage(code);
    String detail = message == null || message.isBlank() ? phrase : OriginPolicy.printable(message);
    // A detail that names internals (an exception's text) is cut by the writer's scrubbing, leaving the phrase.
    String text = detail.equals(phrase) ? phrase : phrase + ": " + detail;
    return ByteBuffer.wrap(ErrorWriter.body(null, ErrorCodes.INVALID_REQUEST, text));
  }
}
