package dev.mcpkit.inspector.web.internal;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Jetty client the inspected connection uses, configured as mcpkit's own (virtual threads, no redirects, no
 * cookies), that records every HTTP exchange for the network view: method, URL, status, the {@code Mcp-*} and
 * protocol headers both ways, content type and duration. Header values that carry credentials are masked here, before
 * anything reaches the UI.
 */
final class HttpTap extends HttpClient {

  private final EventLog log;
  private final java.util.function.UnaryOperator<String> redact;

  private HttpTap(EventLog log, java.util.function.UnaryOperator<String> redact) {
    this.log = log;
    this.redact = redact;
  }

  static HttpTap start(EventLog log, Duration connectTimeout, java.util.function.UnaryOperator<String> redact) {
    HttpTap client = new HttpTap(log, redact);
    client.setExecutor(new org.eclipse.jetty.util.thread.VirtualThreadPool());
    client.setFollowRedirects(false);
    client.setConnectTimeout(connectTimeout.toMillis());
    client.setHttpCookieStore(new org.eclipse.jetty.http.HttpCookieStore.Empty());
    client.setUserAgentField(new HttpField(org.eclipse.jetty.http.HttpHeader.USER_AGENT, "mcpkit-inspector"));
    try {
      client.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the HTTP client: " + e.getMessage(), e);
    }
    return client;
  }

  @Override
  public Request newRequest(URI uri) {
    Request request = super.newRequest(uri);
    long[] started = {System.nanoTime()};
    request.onRequestBegin(r -> started[0] = System.nanoTime());
    request.onComplete(result -> log.add("http", e -> {
      Request r = result.getRequest();
      e.put("method", r.getMethod());
      e.put("url", redact.apply(r.getURI().toString()));
      e.put("millis", (System.nanoTime() - started[0]) / 1_000_000);
      e.set("requestHeaders", headers(e.objectNode(), r.getHeaders()));
      if (result.getResponse() != null && result.getResponse().getStatus() > 0) {
        e.put("status", result.getResponse().getStatus());
        e.set("responseHeaders", headers(e.objectNode(), result.getResponse().getHeaders()));
      }
      if (result.getFailure() != null) {
        e.put("failure", redact.apply(String.valueOf(result.getFailure().getMessage())));
      }
    }));
    return request;
  }

  /** The headers the network view shows; credentials masked. */
  private ObjectNode headers(ObjectNode out, HttpFields fields) {
    for (HttpField f : fields) {
      String name = f.getName();
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.equals("authorization") || lower.equals("cookie") || lower.equals("set-cookie")
          || lower.contains("token") || lower.contains("api-key") || lower.contains("secret")) {
        out.put(name, "•••");
      } else if (lower.startsWith("mcp-") || lower.equals("content-type") || lower.equals("accept")
          || lower.equals("last-event-id") || lower.equals("www-authenticate") || lower.equals("location")) {
        out.put(name, redact.apply(f.getValue()));
      }
    }
    return out;
  }
}
