package dev.mcpkit.auth.client;

import dev.mcpkit.auth.fetch.AddressPolicy;
import dev.mcpkit.auth.fetch.FetchException;
import dev.mcpkit.auth.fetch.HostResolver;
import dev.mcpkit.auth.fetch.PinnedHttpClient;
import dev.mcpkit.auth.fetch.SafeFetcher;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.json.JsonErrors;
import dev.mcpkit.core.text.PeerText;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * All HTTP the OAuth client does towards servers it discovered. Documents (protected-resource and
 * authorization-server metadata) are fetched by mcpkit-auth's {@link SafeFetcher}; POSTs (token,
 * registration, revocation) and the headless user agent's GETs go through a Jetty client with the
 * same rules: no redirects followed, no cookies, one DNS lookup whose addresses are vetted by {@link
 * AddressPolicy} and then the only ones connected to (so a changing DNS answer cannot reach an
 * internal address), size and time limits. Loopback is reachable only when the caller says so (a
 * server on this machine, or the development switch).
 */
final class OAuthHttp implements AutoCloseable {

  /** For writing (requests, the credential file); every peer document is read by {@link Json#parse}. */
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final int MAX_DOCUMENT = 64 * 1024;

  /** An HTTP answer: status, a few headers, and the body. */
  record Reply(int status, String contentType, String location, byte[] body) {

    /**
     * The body as a JSON object, or {@code null} when it is not one. Read strictly, like an MCP
     * message: a key twice ({@code "issuer"} or {@code "access_token"}) makes the document malformed,
     * never last-wins.
     */
    JsonNode json() {
      try {
        JsonNode n = Json.parse(body);
        return n != null && n.isObject() ? n : null;
      } catch (JacksonException e) {
        return null;
      }
    }

    /**
     * Why a body that looks like a JSON object ({@code {...}}) is not one (a duplicate key, a
     * syntax error), or {@code null} when it parses or does not look like JSON at all (an HTML
     * page, an empty body).
     */
    String jsonProblem() {
      String t = text().strip();
      if (!t.startsWith("{")) {
        return null;
      }
      try {
        Json.parse(body);
        return null;
      } catch (JacksonException e) {
        return JsonErrors.describe(e);
      }
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final HostResolver resolver;
  private final Duration timeout;
  private final String userAgent;
  private final Object lock = new Object();
  private SafeFetcher publicFetcher;
  private SafeFetcher loopbackFetcher;
  private HttpClient publicClient;
  private HttpClient loopbackClient;
  private volatile boolean closed;

  private final java.util.function.Consumer<OAuthEvent> listener;

  OAuthHttp(HostResolver resolver, Duration timeout, String userAgent) {
    this(resolver, timeout, userAgent, e -> { });
  }

  OAuthHttp(HostResolver resolver, Duration timeout, String userAgent, java.util.function.Consumer<OAuthEvent> listener) {
    this.listener = listener;
    this.resolver = resolver;
    this.timeout = timeout;
    this.userAgent = userAgent;
  }

  /** GETs a JSON document (metadata) with the SSRF-safe fetcher. */
  Reply getDocument(URI uri, boolean loopback) {
    SafeFetcher f = fetcher(loopback);
    try {
      SafeFetcher.Result r = f.get(uri, MAX_DOCUMENT);
      Reply reply = new Reply(r.status(), r.contentType(), null, r.body());
      exchanged(uri, "GET", null, reply);
      return reply;
    } catch (FetchException e) {
      throw new OAuthException(e.blocked() ? OAuthException.Reason.UNSAFE_URL : OAuthException.Reason.DISCOVERY_FAILED,
          "could not fetch " + PeerText.line(uri.toString(), 300) + ": " + e.getMessage());
    }
  }

  Reply postForm(URI uri, Map<String, String> form, Map<String, String> headers, boolean loopback) {
    StringBuilder b = new StringBuilder();
    form.forEach((k, v) -> {
      if (v != null) {
        if (!b.isEmpty()) {
          b.append('&');
        }
        b.append(enc(k)).append('=').append(enc(v));
      }
    });
    return send(uri, HttpMethod.POST, "application/x-www-form-urlencoded", b.toString().getBytes(StandardCharsets.UTF_8),
        headers, loopback);
  }

  Reply postJson(URI uri, JsonNode body, boolean loopback) {
    return send(uri, HttpMethod.POST, "application/json", JSON.writeValueAsBytes(body), Map.of(), loopback);
  }

  /** A GET that does not follow redirects (the headless user agent). */
  Reply get(URI uri, boolean loopback) {
    return send(uri, HttpMethod.GET, null, null, Map.of(), loopback);
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private Reply send(URI uri, HttpMethod method, String type, byte[] body, Map<String, String> headers, boolean loopback) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!(scheme.equals("https") || (scheme.equals("http") && loopback)) || uri.getHost() == null
        || uri.getRawUserInfo() != null) {
      throw new OAuthException(OAuthException.Reason.UNSAFE_URL, "refused to contact " + PeerText.line(uri.toString(), 300)
          + ": only https (or http to this machine's loopback) is used");
    }
    String odd = AddressPolicy.refuseOddLiteral(uri.getHost());
    if (odd != null) {
      throw new OAuthException(OAuthException.Reason.UNSAFE_URL, "refused to contact " + PeerText.line(uri.getHost(), 100)
          + ": " + odd);
    }
    Request req = client(loopback).newRequest(uri).method(method).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    req.headers(h -> {
      h.put(HttpHeader.ACCEPT, "application/json");
      headers.forEach(h::put);
    });
    if (body != null) {
      req.body(new BytesRequestContent(type, body));
    }
    ContentResponse r;
    try {
      r = new CompletableResponseListener(req, MAX_DOCUMENT).send().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      req.abort(e);
      throw new OAuthException(OAuthException.Reason.TOKEN_REQUEST_FAILED, "interrupted");
    } catch (TimeoutException e) {
      req.abort(e);
      throw new OAuthException(OAuthException.Reason.TOKEN_REQUEST_FAILED, "no answer from " + PeerText.line(uri.toString(), 300)
          + " within " + timeout.toSeconds() + " s");
    } catch (ExecutionException e) {
      throw translate(uri, e.getCause());
    }
    Reply reply = new Reply(r.getStatus(), r.getHeaders().get(HttpHeader.CONTENT_TYPE),
        r.getHeaders().get(HttpHeader.LOCATION), r.getContent());
    exchanged(uri, method.asString(), body, reply);
    return reply;
  }

  /** Tells the listener (a debugger's, an audit trail's) about one step; its failure never breaks the flow. */
  void emit(OAuthEvent event) {
    try {
      listener.accept(event);
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(OAuthClient.class).warn("event=listener_failed error={}", e.toString());
    }
  }

  private void exchanged(URI uri, String method, byte[] sent, Reply reply) {
    Map<String, String> f = new java.util.LinkedHashMap<>();
    f.put("method", method);
    if (sent != null) {
      f.put("request", new String(sent, StandardCharsets.UTF_8));
    }
    f.put("response", reply.body() == null ? "" : new String(reply.body(), StandardCharsets.UTF_8));
    if (reply.contentType() != null) {
      f.put("contentType", reply.contentType());
    }
    emit(new OAuthEvent(OAuthEvent.Kind.HTTP, uri, reply.status(), f));
  }

  private static OAuthException translate(URI uri, Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof OAuthException o) {
        return o;
      }
      if (t instanceof FetchException f) {
        return f.blocked()
            ? new OAuthException(OAuthException.Reason.UNSAFE_URL, "refused to contact " + PeerText.line(uri.toString(), 300)
                + ": " + f.getMessage())
            : new OAuthException(OAuthException.Reason.TOKEN_REQUEST_FAILED, "the request to "
                + PeerText.line(uri.toString(), 300) + " failed: " + f.getMessage());
      }
      if (t instanceof IllegalArgumentException && String.valueOf(t.getMessage()).contains("capacity")) {
        return new OAuthException(OAuthException.Reason.TOKEN_REQUEST_FAILED, PeerText.line(uri.toString(), 300)
            + " answered with more than " + MAX_DOCUMENT + " bytes");
      }
    }
    String what = cause == null ? "unknown error" : cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : ": " + PeerText.line(cause.getMessage(), 200));
    return new OAuthException(OAuthException.Reason.TOKEN_REQUEST_FAILED, "the request to " + PeerText.line(uri.toString(), 300)
        + " failed (" + what + ")");
  }

  private SafeFetcher fetcher(boolean loopback) {
    synchronized (lock) {
      ensureOpen();
      if (loopback) {
        if (loopbackFetcher == null) {
          loopbackFetcher = new SafeFetcher(new AddressPolicy(true), resolver, timeout);
        }
        return loopbackFetcher;
      }
      if (publicFetcher == null) {
        publicFetcher = new SafeFetcher(AddressPolicy.publicOnly(), resolver, timeout);
      }
      return publicFetcher;
    }
  }

  private HttpClient client(boolean loopback) {
    synchronized (lock) {
      ensureOpen();
      if (loopback) {
        if (loopbackClient == null) {
          loopbackClient = newClient(new AddressPolicy(true));
        }
        return loopbackClient;
      }
      if (publicClient == null) {
        publicClient = newClient(AddressPolicy.publicOnly());
      }
      return publicClient;
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the OAuth client is closed");
    }
  }

  private HttpClient newClient(AddressPolicy policy) {
    return PinnedHttpClient.start("mcpkit-oauth-client", userAgent, timeout, resolver, policy::refusal);
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      for (SafeFetcher f : new SafeFetcher[] {publicFetcher, loopbackFetcher}) {
        if (f != null) {
          f.close();
        }
      }
      for (HttpClient c : new HttpClient[] {publicClient, loopbackClient}) {
        try {
          if (c != null) {
            c.stop();
          }
        } catch (Exception ignored) {
          // shutting down
        }
      }
    }
  }
}
