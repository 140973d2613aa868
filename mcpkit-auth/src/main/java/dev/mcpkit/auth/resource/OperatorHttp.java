package dev.mcpkit.auth.resource;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.FormRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * HTTP for URLs the operator configured (an issuer's metadata URL, a JWKS URL, an introspection endpoint): these may
 * be internal addresses on purpose, so no address policy applies, but the client still never follows redirects,
 * keeps no cookies, caps the body and the time. URLs that come from documents instead go through {@code
 * SafeFetcher}.
 */
final class OperatorHttp implements AutoCloseable {

  record Reply(int status, String contentType, byte[] body) {}

  private final HttpClient client;
  private final Duration timeout;

  OperatorHttp(Duration timeout) {
    this.timeout = timeout;
    QueuedThreadPool pool = new QueuedThreadPool();
    pool.setName("mcpkit-rs-http");
    pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    client = new HttpClient();
    client.setExecutor(pool);
    client.setFollowRedirects(false);
    client.setHttpCookieStore(new HttpCookieStore.Empty());
    client.setConnectTimeout(timeout.toMillis());
    client.setIdleTimeout(timeout.toMillis());
    client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "mcpkit-resource-server"));
    try {
      client.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the HTTP client", e);
    }
  }

  Reply get(URI uri, int maxBytes) throws IOException {
    return send(client.newRequest(uri).method("GET").headers(h -> h.put(HttpHeader.ACCEPT, "application/json")),
        maxBytes);
  }

  /** A form POST with an {@code Authorization} header (the resource server's own credentials, never a caller's). */
  Reply postForm(URI uri, Map<String, String> form, String authorization, int maxBytes) throws IOException {
    Fields fields = new Fields();
    form.forEach(fields::add);
    return send(client.newRequest(uri).method("POST").body(new FormRequestContent(fields))
        .headers(h -> h.put(HttpHeader.ACCEPT, "application/json").put(HttpHeader.AUTHORIZATION, authorization)),
        maxBytes);
  }

  private Reply send(Request request, int maxBytes) throws IOException {
    request.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    try {
      ContentResponse r = new CompletableResponseListener(request, maxBytes).send()
          .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
      return new Reply(r.getStatus(), r.getHeaders().get(HttpHeader.CONTENT_TYPE), r.getContent());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    } catch (TimeoutException e) {
      request.abort(e);
      throw new IOException("timed out after " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      // The cause's message may name the URL, never a token: tokens only travel in the POST body.
      Throwable c = e.getCause();
      throw new IOException("request failed (" + (c == null ? "unknown" : c.getClass().getSimpleName()) + ")");
    }
  }

  @Override
  public void close() {
    try {
      client.stop();
    } catch (Exception ignored) {
      // shutting down
    }
  }
}
