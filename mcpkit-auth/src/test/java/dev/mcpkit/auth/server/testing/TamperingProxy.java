package dev.mcpkit.auth.server.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A reverse proxy on 127.0.0.1 in front of a real provider, playing the network attacker: a test rewrites the
 * {@code Location} of its redirects (the authorization response) and the token endpoint's answer. It sends
 * {@code X-Forwarded-Host}, so the provider builds its URLs (and its issuer) on the proxy's address. A request for
 * {@code /tenant/.well-known/openid-configuration} gets the provider's discovery document with the issuer moved to
 * {@code <proxy>/tenant}: a second issuer whose endpoints are the real provider's.
 */
public final class TamperingProxy implements AutoCloseable {

  private static final Set<String> HOP = Set.of("host", "content-length", "connection", "transfer-encoding",
      "accept-encoding", "content-encoding", "keep-alive");

  /** Rewrites the Location header of every redirect (identity unless a test sets it). */
  public volatile UnaryOperator<String> location = UnaryOperator.identity();
  /** Rewrites the body of every token endpoint answer. */
  public volatile UnaryOperator<String> tokenBody = UnaryOperator.identity();
  private volatile int target;
  private final Server server = new Server();
  private final HttpClient client = new HttpClient();
  public final int port;
  public final String url;

  public TamperingProxy() {
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        forward(request, response, callback);
        return true;
      }
    });
    client.setFollowRedirects(false);
    client.setHttpCookieStore(new HttpCookieStore.Empty());
    client.getContentDecoderFactories().clear();
    try {
      client.start();
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    port = connector.getLocalPort();
    url = "http://127.0.0.1:" + port;
  }

  /** The provider's port on 127.0.0.1. */
  public void target(int port) {
    this.target = port;
  }

  /** Back to a faithful proxy. */
  public void reset() {
    location = UnaryOperator.identity();
    tokenBody = UnaryOperator.identity();
  }

  private void forward(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    boolean tenantDiscovery = path.equals("/tenant/.well-known/openid-configuration");
    String query = request.getHttpURI().getQuery();
    String upstream = "http://127.0.0.1:" + target + (tenantDiscovery ? "/.well-known/openid-configuration" : path)
        + (query == null ? "" : "?" + query);
    var fwd = client.newRequest(upstream).method(request.getMethod()).timeout(10, TimeUnit.SECONDS);
    for (HttpField f : request.getHeaders()) {
      if (!HOP.contains(f.getLowerCaseName())) {
        fwd.headers(h -> h.add(f.getName(), f.getValue()));
      }
    }
    fwd.headers(h -> h.put("X-Forwarded-Host", "127.0.0.1:" + port).put("X-Forwarded-Proto", "http"));
    ByteBuffer in = Content.Source.asByteBuffer(request);
    byte[] body = new byte[in.remaining()];
    in.get(body);
    if (body.length > 0) {
      fwd.body(new BytesRequestContent(request.getHeaders().get("Content-Type"), body));
    }
    ContentResponse r = fwd.send();
    String text = r.getContentAsString();
    if (tenantDiscovery) {
      text = text.replace("\"issuer\":\"" + url + "\"", "\"issuer\":\"" + url + "/tenant\"");
    } else if (path.equals("/token")) {
      text = tokenBody.apply(text);
    }
    response.setStatus(r.getStatus());
    for (HttpField f : r.getHeaders()) {
      if (HOP.contains(f.getLowerCaseName())) {
        continue;
      }
      String value = f.getLowerCaseName().equals("location") ? location.apply(f.getValue()) : f.getValue();
      response.getHeaders().add(f.getName(), value);
    }
    response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
  }

  @Override
  public void close() {
    try {
      server.stop();
      client.stop();
    } catch (Exception ignored) {
      // shutting down
    }
  }
}
