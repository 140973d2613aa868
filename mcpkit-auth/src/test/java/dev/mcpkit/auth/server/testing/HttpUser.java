package dev.mcpkit.auth.server.testing;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.FormRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.util.Fields;

/**
 * A scripted user agent over plain HTTP: keeps its own cookies (like a browser, it sends {@code Secure} cookies
 * back to loopback), never follows redirects, and reads the hidden form fields of mcpkit's pages. Used where a
 * test needs many precise requests; the real-browser tests use {@link Chromium}.
 */
public final class HttpUser implements AutoCloseable {

  /** A response. */
  public record Reply(int status, HttpFields headers, String body) {
    public String location() {
      return headers.get("Location");
    }

    public String header(String name) {
      return headers.get(name);
    }

    /** The value of a hidden input on the page. */
    public String hidden(String name) {
      Matcher m = Pattern.compile("<input type=\"hidden\" name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\"")
          .matcher(body);
      if (!m.find()) {
        throw new AssertionError("no hidden input '" + name + "' on the page: " + body);
      }
      return m.group(1);
    }

    /** The query parameters of the Location header. */
    public Map<String, List<String>> locationQuery() {
      return query(location());
    }
  }

  private final HttpClient client = new HttpClient();
  private final Map<String, String> cookies = new LinkedHashMap<>();

  public HttpUser() {
    this(null);
  }

  /** A user agent whose connections come from {@code localAddress} (e.g. 127.0.0.2: another loopback address). */
  public HttpUser(String localAddress) {
    if (localAddress != null) {
      client.setBindAddress(new java.net.InetSocketAddress(localAddress, 0));
    }
    client.setFollowRedirects(false);
    client.setHttpCookieStore(new HttpCookieStore.Empty());
    try {
      client.start();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public Map<String, String> cookies() {
    return cookies;
  }

  public Reply get(String url) {
    return send(client.newRequest(url).method("GET"), true);
  }

  public Reply get(String url, Map<String, String> headers) {
    Request r = client.newRequest(url).method("GET");
    headers.forEach((k, v) -> r.headers(h -> h.add(k, v)));
    return send(r, true);
  }

  /** A form post with this user's cookies (a page's form). */
  public Reply submit(String url, Map<String, String> form) {
    return send(client.newRequest(url).method("POST").body(new FormRequestContent(fields(form))), true);
  }

  /** A form post without cookies (a client calling the token endpoint), with extra headers. */
  public Reply post(String url, Map<String, String> form, Map<String, String> headers) {
    Request r = client.newRequest(url).method("POST").body(new FormRequestContent(fields(form)));
    headers.forEach((k, v) -> r.headers(h -> h.put(k, v)));
    return send(r, false);
  }

  public Reply post(String url, Map<String, String> form) {
    return post(url, form, Map.of());
  }

  /** A raw body post without cookies. */
  public Reply postRaw(String url, String contentType, String body, Map<String, String> headers) {
    Request r = client.newRequest(url).method("POST").body(new StringRequestContent(contentType, body));
    headers.forEach((k, v) -> r.headers(h -> h.put(k, v)));
    return send(r, false);
  }

  private static Fields fields(Map<String, String> form) {
    Fields f = new Fields();
    form.forEach((k, v) -> {
      if (v != null) {
        f.add(k, v);
      }
    });
    return f;
  }

  private Reply send(Request r, boolean withCookies) {
    if (withCookies && !cookies.isEmpty()) {
      List<String> parts = new ArrayList<>();
      cookies.forEach((k, v) -> parts.add(k + "=" + v));
      r.headers(h -> h.put("Cookie", String.join("; ", parts)));
    }
    try {
      ContentResponse c = r.timeout(30, TimeUnit.SECONDS).send();
      if (withCookies) {
        for (HttpField f : c.getHeaders()) {
          if (f.getName().equalsIgnoreCase("Set-Cookie")) {
            String nv = f.getValue().split(";", 2)[0];
            int eq = nv.indexOf('=');
            cookies.put(nv.substring(0, eq).trim(), nv.substring(eq + 1).trim());
          }
        }
      }
      return new Reply(c.getStatus(), c.getHeaders(), c.getContentAsString());
    } catch (Exception e) {
      String uri = r.getURI().toString();
      throw new IllegalStateException("request to " + uri.substring(0, Math.min(200, uri.length())) + " failed", e);
    }
  }

  public static Map<String, List<String>> query(String url) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    String q = URI.create(url).getRawQuery();
    if (q != null) {
      for (String pair : q.split("&")) {
        int eq = pair.indexOf('=');
        String k = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
        m.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
      }
    }
    return m;
  }

  @Override
  public void close() {
    try {
      client.stop();
    } catch (Exception ignored) {
      // closing
    }
  }
}
