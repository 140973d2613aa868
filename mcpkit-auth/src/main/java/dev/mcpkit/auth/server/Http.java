package dev.mcpkit.auth.server;

import dev.mcpkit.auth.internal.FormUrlEncoded;
import dev.mcpkit.core.text.Html;
import dev.mcpkit.server.http.ErrorWriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.json.JsonMapper;

/** The few HTTP primitives the endpoints share, on Jetty's core API. */
final class Http {

  static final JsonMapper JSON = JsonMapper.builder().build();
  /** Form bodies and query strings larger than this are refused: no legitimate OAuth request comes close. */
  static final int MAX_BODY = 64 * 1024;

  private Http() {}

  /** Parameters with every value kept, so that a repeated parameter can be refused (RFC 6749 §3.1). */
  record Params(Map<String, List<String>> values) {

    /** The single value of {@code name}, or {@code null}; a repeated parameter is an {@code invalid_request}. */
    String get(String name) {
      List<String> v = values.get(name);
      if (v == null || v.isEmpty()) {
        return null;
      }
      if (v.size() > 1) {
        throw OAuthException.invalidRequest("parameter '" + name + "' is repeated");
      }
      String s = v.getFirst();
      return s.isEmpty() ? null : s;
    }

    String require(String name) {
      String v = get(name);
      if (v == null) {
        throw OAuthException.invalidRequest("parameter '" + name + "' is missing");
      }
      return v;
    }

    boolean isRepeated(String name) {
      List<String> v = values.get(name);
      return v != null && v.size() > 1;
    }
  }

  static Params query(Request request) {
    String q = request.getHttpURI().getQuery();
    if (q != null && q.length() > MAX_BODY) {
      throw OAuthException.invalidRequest("the query string is too long");
    }
    return parse(q);
  }

  /** Reads an {@code application/x-www-form-urlencoded} body of at most {@link #MAX_BODY} bytes. */
  static Params form(Request request) {
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (type == null || !type.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
      throw OAuthException.invalidRequest("the body must be application/x-www-form-urlencoded");
    }
    return parse(body(request));
  }

  /**
   * Reads the body, at most {@link #MAX_BODY} bytes. A body that ends before its framing said it would (a
   * {@code Content-Length} larger than what arrived, a broken chunk) is the client's fault: 400
   * {@code invalid_request}, not a server error.
   */
  static String body(Request request) {
    byte[] bytes;
    try (InputStream in = Request.asInputStream(request)) {
      bytes = in.readNBytes(MAX_BODY + 1);
    } catch (IOException | RuntimeException e) {
      // Jetty reports an early end as an EofException (an IOException) and bad framing as a BadMessageException
      // (a RuntimeException); either way the body is incomplete and nothing of it can be trusted.
      throw OAuthException.invalidRequest("the request body ended early or is malformed");
    }
    if (bytes.length > MAX_BODY) {
      throw new OAuthException("invalid_request", "the request body is too large", 413);
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static Params parse(String s) {
    try {
      return new Params(FormUrlEncoded.parse(s));
    } catch (IllegalArgumentException e) {
      throw OAuthException.invalidRequest("malformed percent-encoding");
    }
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Appends query parameters to a URI that may already have a query (a registered redirect URI may). */
  static String appendQuery(String uri, Map<String, String> params) {
    StringBuilder b = new StringBuilder(uri);
    char sep = uri.contains("?") ? '&' : '?';
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      b.append(sep).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
      sep = '&';
    }
    return b.toString();
  }

  /** A JSON response; token responses and errors must not be cached (RFC 6749 §5.1). */
  static void json(Response response, Callback callback, int status, Object body) {
    byte[] bytes = JSON.writeValueAsBytes(body);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put(HttpHeader.PRAGMA, "no-cache");
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }

  /** A JSON document that may be cached briefly (metadata, JWKS). */
  static void publicJson(Response response, Callback callback, Object body) {
    byte[] bytes = JSON.writeValueAsBytes(body);
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "public, max-age=60");
    response.getHeaders().put("Access-Control-Allow-Origin", "*"); // public documents browsers may read (RFC 8414 §3)
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }

  /**
   * An OAuth error as JSON ({@code error}, {@code error_description}), written by mcpkit-server's {@link ErrorWriter}
   * (the one writer of rejections); a 401 challenges for client authentication (RFC 6749 §5.2).
   */
  static void error(Response response, Callback callback, OAuthException e) {
    ErrorWriter.oauth(response, callback, e.status(), e.error(), e.description(),
        e.status() == 401 ? Map.of(HttpHeader.WWW_AUTHENTICATE.asString(), "Basic realm=\"mcpkit\"") : Map.of());
  }

  /** An HTML page for a person: no caching, no framing, no referrer, nothing loaded from elsewhere. */
  static void html(Response response, Callback callback, int status, String html) {
    pageHeaders(response);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
    response.write(true, ByteBuffer.wrap(html.getBytes(StandardCharsets.UTF_8)), callback);
  }

  static void pageHeaders(Response response) {
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put("X-Frame-Options", "DENY");
    response.getHeaders().put("Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'");
    response.getHeaders().put("Referrer-Policy", "no-referrer");
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
  }

  /** 303 See Other: after a POST the browser must follow with a GET and never re-send the form (RFC 9700 §4.12). */
  static void seeOther(Response response, Callback callback, String location) {
    redirect(response, callback, 303, location);
  }

  static void redirect(Response response, Callback callback, int status, String location) {
    pageHeaders(response);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.LOCATION, location);
    response.write(true, ByteBuffer.allocate(0), callback);
  }

  /** Escapes text for HTML element content and attribute values ({@link Html#escape}). */
  static String esc(String s) {
    return Html.escape(s);
  }
}
