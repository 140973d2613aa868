package dev.mcpkit.auth.fetch;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The Jetty client behind every fetch of a URL that someone else chose (CIMD documents, JWKS, OAuth metadata and
 * endpoints): no redirects followed, no cookies, and DNS pinning: each connection makes one lookup, every address it
 * returns is vetted, and Jetty connects only to those, so a name cannot answer "public" to the check and "private" to
 * the connect. A refused address fails the request with a {@link FetchException} that is {@link
 * FetchException#blocked() blocked}.
 */
public final class PinnedHttpClient {

  private PinnedHttpClient() {}

  /**
   * Starts a client.
   *
   * @param refusal why an address must not be contacted, or {@code null} when it may be
   */
  public static HttpClient start(String threadName, String userAgent, Duration timeout, HostResolver resolver,
      Function<InetAddress, String> refusal) {
    QueuedThreadPool pool = new QueuedThreadPool();
    pool.setName(threadName);
    pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    HttpClient c = new HttpClient();
    c.setExecutor(pool);
    c.setFollowRedirects(false);
    c.setHttpCookieStore(new HttpCookieStore.Empty());
    c.setConnectTimeout(timeout.toMillis());
    c.setIdleTimeout(timeout.toMillis());
    c.setSocketAddressResolver(new Vetting(resolver, refusal));
    c.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, userAgent));
    try {
      c.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the HTTP client", e);
    }
    return c;
  }

  private record Vetting(HostResolver resolver, Function<InetAddress, String> refusal) implements SocketAddressResolver {
    @Override
    public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
      try {
        InetAddress literal = AddressPolicy.literal(host); // a literal: no DNS involved
        List<InetAddress> all = literal != null ? List.of(literal) : resolver.resolve(host);
        List<InetSocketAddress> vetted = new ArrayList<>();
        for (InetAddress a : all) {
          String why = refusal.apply(a);
          if (why != null) {
            promise.failed(new FetchException("refused " + clip(host) + " (" + a.getHostAddress() + "): " + why, true));
            return;
          }
          vetted.add(new InetSocketAddress(a, port));
        }
        if (vetted.isEmpty()) {
          promise.failed(new FetchException("no address for " + clip(host), false));
          return;
        }
        promise.succeeded(vetted);
      } catch (UnknownHostException e) {
        promise.failed(new FetchException("unknown host " + clip(host), false));
      }
    }

    private static String clip(String s) {
      return s.length() <= 100 ? s : s.substring(0, 100) + "...";
    }
  }
}
