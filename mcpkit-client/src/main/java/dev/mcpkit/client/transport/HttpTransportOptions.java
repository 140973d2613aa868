package dev.mcpkit.client.transport;

import dev.mcpkit.client.auth.AuthProvider;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.client.HttpClient;

/**
 * Settings shared by the HTTP transports.
 *
 * @param httpClient a started Jetty client; the caller owns it (the transport never stops it). It
 *     must not follow redirects: credentials must not travel to another origin.
 * @param headers extra headers sent with every request (e.g. from {@code --header})
 * @param auth where credentials come from
 * @param connectTimeout how long the TCP connect and the response headers of a non-streaming
 *     exchange may take, and the whole of an exchange that only delivers a message (a notification, a
 *     response, a legacy HTTP+SSE POST)
 * @param maxMessageBytes the largest JSON-RPC message accepted from the server
 */
public record HttpTransportOptions(
    HttpClient httpClient,
    Map<String, String> headers,
    AuthProvider auth,
    Duration connectTimeout,
    int maxMessageBytes) {

  /** Copies the headers, defaults {@code auth} to none and checks the required members. */
  public HttpTransportOptions {
    Objects.requireNonNull(httpClient, "httpClient");
    headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    auth = auth == null ? AuthProvider.none() : auth;
    Objects.requireNonNull(connectTimeout, "connectTimeout");
  }

  /** A started Jetty client suitable for MCP: virtual threads, no redirects, no cookies. */
  public static HttpClient newHttpClient(Duration connectTimeout) {
    HttpClient client = new HttpClient();
    client.setExecutor(new org.eclipse.jetty.util.thread.VirtualThreadPool());
    client.setFollowRedirects(false);
    client.setConnectTimeout(connectTimeout.toMillis());
    client.setHttpCookieStore(new org.eclipse.jetty.http.HttpCookieStore.Empty());
    client.setUserAgentField(new org.eclipse.jetty.http.HttpField(org.eclipse.jetty.http.HttpHeader.USER_AGENT, "mcpkit-client"));
    try {
      client.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the HTTP client: " + e.getMessage(), e);
    }
    return client;
  }
}
