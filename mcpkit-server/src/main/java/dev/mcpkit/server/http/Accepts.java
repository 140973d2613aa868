package dev.mcpkit.server.http;

import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/** Reads the Accept header as the transport needs it. */
final class Accepts {

  private Accepts() {}

  /** POST: the client must accept both JSON and SSE (a wildcard counts for both). */
  static boolean jsonAndEventStream(Request request) {
    String accept = all(request);
    return accept.contains("*/*") || (accepts(accept, "application/json") && accepts(accept, "text/event-stream"));
  }

  /** GET: the client must accept SSE. */
  static boolean eventStream(Request request) {
    String accept = all(request);
    return accept.contains("*/*") || accepts(accept, "text/event-stream");
  }

  private static String all(Request request) {
    return String.join(",", request.getHeaders().getValuesList(HttpHeader.ACCEPT)).toLowerCase(Locale.ROOT);
  }

  private static boolean accepts(String accept, String type) {
    String major = type.substring(0, type.indexOf('/')) + "/*";
    return accept.contains(type) || accept.contains(major);
  }
}
