package dev.mcpkit.server.http;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonrpc.ErrorCodes;
import dev.mcpkit.core.jsonrpc.JsonRpcCodec;
import dev.mcpkit.core.jsonrpc.JsonRpcError;
import dev.mcpkit.core.jsonrpc.JsonRpcErrorResponse;
import dev.mcpkit.core.jsonrpc.RequestId;
import dev.mcpkit.core.text.PeerText;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one writer of every rejection mcpkit's servers send: JSON-RPC errors (on Streamable HTTP, legacy HTTP+SSE and
 * stdio, and the errors the dispatcher answers requests with), HTTP rejections with a JSON-RPC error body and their
 * challenge headers ({@code WWW-Authenticate}, {@code Retry-After}, {@code Allow}), and the OAuth error bodies of
 * mcpkit-auth's endpoints ({@code {"error", "error_description"}}, RFC 6749 §5.2). Every body is built by Jackson,
 * never by hand, and every message passes {@link #scrub}, once, here.
 *
 * <p>Scrubbing keeps a message safe to send to a peer: the part of a message from the clause that names a Java
 * class, a library package or a stack frame on is cut (a message that is nothing but internals becomes the code's
 * generic text), what mcpkit-core's {@code PeerText} does not call printable (controls, format and bidi characters,
 * tags, separators, unassigned code points) becomes a space, a lone surrogate becomes U+FFFD, and
 * the result is at most {@value #MAX_MESSAGE} characters.
 */
public final class ErrorWriter {

  /** The longest message sent, in UTF-16 units (a longer one is cut at a character boundary and ends in "..."). */
  public static final int MAX_MESSAGE = 1024;

  /**
   * What betrays internals: a qualified name in a JDK or library package (ours included), a Java exception or error
   * class, a stack frame ({@code at a.b.C.m(C.java:1)}) or its {@code Caused by:}, and the servers' own names.
   */
  private static final Pattern INTERNALS = Pattern.compile(
      "\\b(?:java|javax|jdk|sun|com\\.sun|tools\\.jackson|com\\.fasterxml|org\\.eclipse|org\\.slf4j|com\\.nimbusds"
          + "|org\\.bouncycastle|dev\\.mcpkit)\\.[A-Za-z_$]"
          + "|\\b[A-Za-z0-9_$]*Exception\\b|\\b[A-Z][A-Za-z0-9_$]*Error\\b|\\bThrowable\\b"
          + "|\\bat\\s+[A-Za-z_$][\\w$]*(?:\\.[\\w$<>]+)+\\(|\\bCaused by:"
          + "|(?i:\\bjetty\\b|\\bjackson\\b)");

  /**
   * The refusal of a JSON-RPC batch outside revision 2025-03-26 (the only one that has them), the same on every
   * transport.
   */
  public static final String BATCH_REFUSED =
      "Invalid request: JSON-RPC batches are only allowed in protocol revision 2025-03-26";

  /** The refusal of {@code initialize} inside a batch (it opens the session the batch would already need). */
  public static final String INITIALIZE_IN_BATCH = "Invalid request: initialize cannot be part of a batch";

  private ErrorWriter() {}

  // ---------------------------------------------------------------- JSON-RPC error bodies

  /**
   * A JSON-RPC error response with a scrubbed message.
   *
   * @param id the request's id, or {@code null} when it could not be read
   * @param code the JSON-RPC error code ({@link ErrorCodes})
   * @param message what the peer is told; scrubbed here
   */
  public static JsonRpcErrorResponse response(RequestId id, int code, String message) {
    return new JsonRpcErrorResponse(id, new JsonRpcError(code, scrub(message, generic(code))));
  }

  /**
   * A JSON-RPC error response for an error built elsewhere (an {@code McpException}'s): same code and {@code data},
   * scrubbed message.
   */
  public static JsonRpcErrorResponse response(RequestId id, JsonRpcError error) {
    return new JsonRpcErrorResponse(id, new JsonRpcError(error.code(), scrub(error.message(), generic(error.code())),
        error.data()));
  }

  /**
   * The id an error about a message that could not be read answers: the message's {@code id} when it is a string or
   * an integer, else {@code null} (JSON-RPC 2.0 §5).
   */
  public static RequestId idOf(JsonNode message) {
    JsonNode id = message == null ? null : message.get("id");
    return id != null && (id.isString() || id.isIntegralNumber()) ? RequestId.from(id) : null;
  }

  // ---------------------------------------------------------------- HTTP

  /**
   * An OAuth error (RFC 6749 §5.2): {@code {"error": error, "error_description": description}} with this status, not
   * cacheable ({@code Cache-Control: no-store}, RFC 6749 §5.1) and with the given challenge headers (e.g. {@code
   * WWW-Authenticate} for a 401). The description is scrubbed and kept to the characters RFC 6749 allows in it.
   *
   * @param error a registered error code ({@code invalid_request}, {@code invalid_client}, ...)
   */
  public static void oauth(Response response, Callback callback, int status, String error, String description,
      Map<String, String> headers) {
    ObjectNode body = Json.object();
    body.put("error", error);
    body.put("error_description", oauthText(scrub(description, "the request was refused")));
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put(HttpHeader.PRAGMA, "no-cache");
    send(response, callback, status, Json.writeBytes(body), headers);
  }

  /**
   * An HTTP rejection with a JSON-RPC error body: the request's last write, asynchronous when a {@link Completion} is
   * attached to it (Streamable HTTP), else blocking (the legacy endpoint, on its virtual thread).
   */
  static void reject(Response response, int status, RequestId id, int code, String message,
      Map<String, String> headers) {
    sendLast(response, status, body(id, code, message), headers);
  }

  /** A transport-level rejection: this status and a JSON-RPC {@code -32600} error without id. */
  static void reject(Response response, int status, String message) {
    reject(response, status, null, ErrorCodes.INVALID_REQUEST, message, Map.of());
  }

  /** A request the JSON-RPC codec refused (parse error, invalid request): HTTP 400 with its error. */
  static void reject(Response response, RequestId id, JsonRpcError error) {
    sendLast(response, 400, JsonRpcCodec.write(response(id, error)), Map.of());
  }

  /** A guard's refusal: its status and challenge, and a {@code -32600} error answering {@code id} (may be null). */
  static void deny(Response response, RequestGuard.Deny deny, RequestId id) {
    reject(response, deny.status(), id, ErrorCodes.INVALID_REQUEST, deny.message(), deny.challenge());
  }

  /** The bytes of a JSON-RPC error body, for writers that own the I/O (Jetty's error handler). */
  static byte[] body(RequestId id, int code, String message) {
    return JsonRpcCodec.write(response(id, code, message));
  }

  /** A path nothing serves: 404 {@code {"error": "not_found", "message": ...}} (not JSON-RPC: no endpoint is). */
  static void notFound(Response response, Callback callback) {
    ObjectNode body = Json.object();
    body.put("error", "not_found");
    body.put("message", "Nothing is served at this path");
    send(response, callback, 404, Json.writeBytes(body), Map.of());
  }

  /**
   * A method this path does not answer: 405 with {@code Allow} and {@code {"error": "method_not_allowed", "message":
   * ...}} (not JSON-RPC: the health probes are not an MCP endpoint).
   */
  static void methodNotAllowed(Response response, Callback callback, String allow, String message) {
    ObjectNode body = Json.object();
    body.put("error", "method_not_allowed");
    body.put("message", scrub(message));
    send(response, callback, 405, Json.writeBytes(body), Map.of(HttpHeader.ALLOW.asString(), allow,
        HttpHeader.CACHE_CONTROL.asString(), "no-store"));
  }

  private static void send(Response response, Callback callback, int status, byte[] body,
      Map<String, String> headers) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    headers.forEach((k, v) -> response.getHeaders().put(k, v));
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /** The last write of a rejection: asynchronous when the request has a {@link Completion} ({@link HttpReplies#last}). */
  private static void sendLast(Response response, int status, byte[] body, Map<String, String> headers) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    headers.forEach((k, v) -> response.getHeaders().put(k, v));
    HttpReplies.last(response, ByteBuffer.wrap(body));
  }

  // ---------------------------------------------------------------- scrubbing

  /**
   * A message made safe to send: internals cut, control and formatting characters replaced, length bounded (see the
   * class comment). A message with nothing left becomes "Request refused".
   */
  public static String scrub(String message) {
    return scrub(message, "Request refused");
  }

  private static String scrub(String message, String fallback) {
    if (message == null || message.isBlank()) {
      return fallback;
    }
    String m = message;
    Matcher internals = INTERNALS.matcher(m);
    if (internals.find()) {
      // Keep the clauses and lines before the one that names internals ("Bad Request: java.io.EOFException" ->
      // "Bad Request"; "failed\n\tat a.B.c(B.java:1)" -> "failed").
      int start = internals.start();
      int cut = Math.max(m.lastIndexOf(": ", start), Math.max(m.lastIndexOf('\n', start), m.lastIndexOf('\r', start)));
      m = cut > 0 ? m.substring(0, cut) : fallback;
    }
    StringBuilder b = new StringBuilder(Math.min(m.length(), MAX_MESSAGE + 3));
    boolean space = false;
    int i = 0;
    while (i < m.length()) {
      int cp = m.codePointAt(i);
      int n = Character.charCount(cp);
      if (b.length() + n > MAX_MESSAGE) {
        break;
      }
      if (n == 1 && Character.isSurrogate((char) cp)) {
        // a lone surrogate (codePointAt returns it as it is) cannot be encoded: the replacement character
        b.append('\uFFFD');
        space = false;
      } else if (!PeerText.isPrintable(cp)) {
        if (!space) {
          b.append(' ');
        }
        space = true;
      } else {
        b.appendCodePoint(cp);
        space = false;
      }
      i += n;
    }
    String out = b.toString().strip();
    if (i < m.length()) {
      out = out + "...";
    }
    return out.isEmpty() ? fallback : out;
  }

  /** Control characters, invisible formatting (bidi overrides, zero-width, tag characters) and line separators. */
  /** RFC 6749 §5.2: {@code error_description} holds %x20-21 / %x23-5B / %x5D-7E only. */
  private static String oauthText(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(c == '"' ? '\'' : c == '\\' || c < 0x20 || c > 0x7e ? '?' : c);
    }
    return b.toString();
  }

  /** The text for a code when nothing of a message can be sent. */
  private static String generic(int code) {
    return switch (code) {
      case ErrorCodes.PARSE_ERROR -> "Parse error";
      case ErrorCodes.INVALID_REQUEST -> "Invalid request";
      case ErrorCodes.METHOD_NOT_FOUND -> "Method not found";
      case ErrorCodes.INVALID_PARAMS -> "Invalid params";
      case ErrorCodes.INTERNAL_ERROR -> "Internal error";
      default -> "Request refused";
    };
  }
}
