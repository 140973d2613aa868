package dev.mcpkit.client.transport;

import dev.mcpkit.client.auth.AuthProvider;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.client.HttpClient;

/**
 * Settings shared by the HTTP transports.
 */
public final class HttpTransportOptions {
  private final HttpClient httpClient;
  private final Map<String, String> headers;
  private final AuthProvider auth;
  private final Duration connectTimeout;
  private final int maxMessageBytes;

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

  private HttpTransportOptions(HttpClient httpClient, Map<String, String> headers, AuthProvider auth,
      Duration connectTimeout, int maxMessageBytes) {
    Objects.requireNonNull(httpClient, "httpClient");
    headers = headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    auth = auth == null ? AuthProvider.none() : auth;
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    this.httpClient = httpClient;
    this.headers = headers;
    this.auth = auth;
    this.connectTimeout = connectTimeout;
    this.maxMessageBytes = maxMessageBytes;
  }

  /**
   * A started Jetty client; the caller owns it (the transport never stops it). It must not follow redirects:
   * credentials must not travel to another origin.
   */
  public HttpClient httpClient() {
    return httpClient;
  }

  /** Extra headers sent with every request (e.g. from {@code --header}). */
  public Map<String, String> headers() {
    return headers;
  }

  /** Where credentials come from. */
  public AuthProvider auth() {
    return auth;
  }

  /**
   * How long the TCP connect and the response headers of a non-streaming exchange may take, and the whole of an
   * exchange that only delivers a message (a notification, a response, a legacy HTTP+SSE POST).
   */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** The largest JSON-RPC message accepted from the server. */
  public int maxMessageBytes() {
    return maxMessageBytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HttpTransportOptions other
        && Objects.equals(httpClient, other.httpClient)
        && Objects.equals(headers, other.headers)
        && Objects.equals(auth, other.auth)
        && Objects.equals(connectTimeout, other.connectTimeout)
        && maxMessageBytes == other.maxMessageBytes;
  }

  @Override
  public int hashCode() {
    return Objects.hash(httpClient, headers, auth, connectTimeout, maxMessageBytes);
  }

  @Override
  public String toString() {
    return "HttpTransportOptions[httpClient=" + httpClient
        + ", headers=" + headers
        + ", auth=" + auth
        + ", connectTimeout=" + connectTimeout
        + ", maxMessageBytes=" + maxMessageBytes + "]";
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these values, to make a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.httpClient = httpClient;
    b.headers = headers;
    b.auth = auth;
    b.connectTimeout = connectTimeout;
    b.maxMessageBytes = maxMessageBytes;
    return b;
  }

  /** Builds a {@link HttpTransportOptions}; every setter replaces the earlier value. */
  public static final class Builder {
    private HttpClient httpClient;
    private Map<String, String> headers;
    private AuthProvider auth;
    private Duration connectTimeout;
    private int maxMessageBytes;

    private Builder() {}

    /**
     * A started Jetty client; the caller owns it (the transport never stops it). It must not follow redirects:
     * credentials must not travel to another origin.
     */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = httpClient;
      return this;
    }

    /** Extra headers sent with every request (e.g. from {@code --header}). */
    public Builder headers(Map<String, String> headers) {
      this.headers = headers;
      return this;
    }

    /** Where credentials come from. */
    public Builder auth(AuthProvider auth) {
      this.auth = auth;
      return this;
    }

    /**
     * How long the TCP connect and the response headers of a non-streaming exchange may take, and the whole of an
     * exchange that only delivers a message (a notification, a response, a legacy HTTP+SSE POST).
     */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /** The largest JSON-RPC message accepted from the server. */
    public Builder maxMessageBytes(int maxMessageBytes) {
      this.maxMessageBytes = maxMessageBytes;
      return this;
    }

    /** The HttpTransportOptions; the checks of its constructor apply. */
    public HttpTransportOptions build() {
      return new HttpTransportOptions(httpClient, headers, auth, connectTimeout, maxMessageBytes);
    }
  }
}
