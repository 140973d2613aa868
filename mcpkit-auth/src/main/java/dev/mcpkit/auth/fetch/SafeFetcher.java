package dev.mcpkit.auth.fetch;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpHeader;

/**
 * An HTTP GET for URLs that an untrusted party chose (a Client ID Metadata Document, a client's {@code jwks_uri}).
 * It refuses anything but https (plain http only to loopback, and only with the development switch); never
 * follows redirects; sends no cookies and no credentials; resolves the host once, refuses it if any of its
 * addresses is special-purpose ({@link AddressPolicy}), and connects only to the addresses it vetted, so a DNS
 * answer that changes between check and use (rebinding) cannot reach an internal address; caps the response size
 * and the total time. Built with a clock, it also remembers a failed fetch for a minute and limits fetches per
 * host ({@link FetchLimits}), so that nobody can make a server fetch on their behalf without end.
 */
public final class SafeFetcher implements AutoCloseable {

  /** A completed fetch. */
  public record Result(int status, String contentType, String cacheControl, byte[] body) {}

  private final AddressPolicy policy;
  private final HostResolver resolver;
  private final Duration timeout;
  private final HttpClient client;
  /** For plain-http fetches (development switch only): its resolver accepts loopback addresses and nothing else. */
  private final HttpClient loopbackClient;
  private final FetchLimits limits;

  /**
   * @param policy which addresses may be reached
   * @param resolver name resolution (the JDK's, or a scripted one in tests)
   * @param timeout connect plus total time for one fetch
   */
  public SafeFetcher(AddressPolicy policy, HostResolver resolver, Duration timeout) {
    this(policy, resolver, timeout, (FetchLimits) null);
  }

  /**
   * A fetcher for a server that fetches on behalf of anonymous callers (the authorization server's metadata
   * documents): as above, and a failed fetch is remembered for a minute and fetches per host are limited ({@link
   * FetchLimits}); {@code clock} ends those windows (tests move it).
   */
  public SafeFetcher(AddressPolicy policy, HostResolver resolver, Duration timeout, Clock clock) {
    this(policy, resolver, timeout, new FetchLimits(clock));
  }

  private SafeFetcher(AddressPolicy policy, HostResolver resolver, Duration timeout, FetchLimits limits) {
    this.limits = limits;
    this.policy = policy;
    this.resolver = resolver;
    this.timeout = timeout;
    this.client = newClient(false);
    this.loopbackClient = policy.allowLoopback() ? newClient(true) : null;
  }

  private HttpClient newClient(boolean loopbackOnly) {
    // The loopback client serves plain http: any address but loopback is refused in the same lookup.
    return PinnedHttpClient.start("mcpkit-fetch", "mcpkit-auth", timeout, resolver,
        a -> loopbackOnly && !a.isLoopbackAddress() ? "plain http is only fetched from loopback" : policy.refusal(a));
  }

  /** The production fetcher: public addresses only, the JDK's resolver, 5 s. */
  public static SafeFetcher defaults() {
    return new SafeFetcher(AddressPolicy.publicOnly(), HostResolver.system(), Duration.ofSeconds(5));
  }

  /**
   * @return the address policy every fetch (and every redirect hop) is checked against
   */
  public AddressPolicy policy() {
    return policy;
  }

  /**
   * GETs {@code uri}, accepting at most {@code maxBytes} of body.
   *
   * @throws FetchException when the URL or its addresses are refused ({@link FetchException#blocked()}), on a
   *     redirect, a timeout, a too-large body or any transport failure; with limits, also when the host's fetch
   *     budget for the minute is spent, and a failure (or an answer of 300 or more) is repeated from memory
   */
  public Result get(URI uri, int maxBytes) throws FetchException {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
    String host = uri.getHost();
    if (host == null || uri.getRawUserInfo() != null) {
      throw new FetchException("the URL must have a host and no user information", true);
    }
    String odd = AddressPolicy.refuseOddLiteral(host);
    if (odd != null) {
      throw new FetchException("refused host " + host + ": " + odd, true);
    }
    boolean plain = scheme.equals("http");
    // Plain http only where nobody can listen in: loopback, with the development switch on. The loopback client's
    // resolver refuses any other address, in the same single lookup that picks the address to connect to.
    if (!(scheme.equals("https") || (plain && policy.allowLoopback()))) {
      throw new FetchException("only https URLs are fetched", true);
    }
    if (limits == null) {
      return fetch(uri, maxBytes, plain);
    }
    String key = uri + " " + maxBytes;
    FetchLimits.Failure known = limits.failure(key);
    if (known != null) {
      if (known.error() != null) {
        throw known.error();
      }
      return known.result();
    }
    if (!limits.admit(host)) {
      throw new FetchException("too many fetches from " + host + " in the last minute; try again later", false);
    }
    try {
      Result r = fetch(uri, maxBytes, plain);
      if (r.status() >= 300) {
        limits.rememberAnswer(key, r);
      }
      return r;
    } catch (FetchException e) {
      limits.rememberError(key, e);
      throw e;
    }
  }

  private Result fetch(URI uri, int maxBytes, boolean plain) throws FetchException {
    Request request = (plain ? loopbackClient : client).newRequest(uri)
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .headers(h -> h.put(HttpHeader.ACCEPT, "application/json"));
    ContentResponse response;
    try {
      response = new CompletableResponseListener(request, maxBytes).send()
          .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchException("interrupted", false);
    } catch (TimeoutException e) {
      request.abort(e);
      throw new FetchException("timed out after " + timeout.toMillis() + " ms", false);
    } catch (ExecutionException e) {
      throw translate(e.getCause());
    }
    int status = response.getStatus();
    if (status >= 300 && status < 400) {
      throw new FetchException("the server answered with a redirect (" + status + "), which is not followed", false);
    }
    return new Result(status, response.getHeaders().get(HttpHeader.CONTENT_TYPE),
        response.getHeaders().get(HttpHeader.CACHE_CONTROL), response.getContent());
  }

  private static FetchException translate(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof FetchException f) {
        return f;
      }
      if (t instanceof TimeoutException) {
        return new FetchException("timed out", false);
      }
      if (t instanceof IllegalArgumentException && String.valueOf(t.getMessage()).contains("capacity")) {
        return new FetchException("the response is larger than allowed", false);
      }
    }
    return new FetchException("the fetch failed (" + (cause == null ? "unknown" : cause.getClass().getSimpleName()) + ")",
        false);
  }

  @Override
  public void close() {
    for (HttpClient c : new HttpClient[] {client, loopbackClient}) {
      try {
        if (c != null) {
          c.stop();
        }
      } catch (Exception ignored) {
        // nothing useful to do while shutting down
      }
    }
  }
}
