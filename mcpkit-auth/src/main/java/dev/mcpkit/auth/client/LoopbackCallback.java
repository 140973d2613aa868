package dev.mcpkit.auth.client;

import dev.mcpkit.core.text.Html;
import dev.mcpkit.core.text.PeerText;
import java.net.InetAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The one-shot redirect listener of a native client (RFC 8252 §7.3): bound to 127.0.0.1 only, on a
 * port the system picks, path {@code /callback}. It takes exactly one authorization response, the
 * one whose {@code state} matches; requests for other paths get 404 and responses with a missing or
 * wrong {@code state} get 400, and neither ends the wait (a forged request cannot cancel the sign-in).
 * The page it shows is static text, HTML-escaped, with no token or code in it, and sends {@code
 * Referrer-Policy: no-referrer}, {@code Cache-Control: no-store} and a CSP that allows nothing. It
 * stops listening as soon as it has its answer, or when the wait times out.
 */
final class LoopbackCallback implements CallbackSession {

  static final String PATH = "/callback";

  /** What the flow decides about a response whose state matched: the page to show, or why it failed. */
  record Verdict(boolean ok, String message) {}

  private final Server server;
  private volatile URI redirectUri;
  private final CallbackWait wait = new CallbackWait();

  private LoopbackCallback(Server server) {
    this.server = server;
  }

  static LoopbackCallback open() {
    QueuedThreadPool pool = new QueuedThreadPool(8, 1);
    pool.setName("mcpkit-oauth-callback");
    pool.setVirtualThreadsExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    Server server = new Server(pool);
    ServerConnector c = new ServerConnector(server, 1, 1);
    try {
      c.setHost(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}).getHostAddress());
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    c.setPort(0);
    c.setIdleTimeout(30_000);
    server.addConnector(c);
    LoopbackCallback cb = new LoopbackCallback(server);
    server.setHandler(cb.new CallbackHandler());
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot listen on 127.0.0.1 for the authorization response", e);
    }
    cb.redirectUri = URI.create("http://127.0.0.1:" + c.getLocalPort() + PATH);
    return cb;
  }

  @Override
  public URI redirectUri() {
    return redirectUri;
  }

  @Override
  public CallbackWait callbackWait() {
    return wait;
  }

  @Override
  public void close() {
    try {
      if (server.isRunning()) {
        server.stop();
      }
    } catch (Exception ignored) {
      // nothing useful to do
    }
  }

  private final class CallbackHandler extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      if (!PATH.equals(Request.getPathInContext(request)) || !"GET".equals(request.getMethod())) {
        page(response, callback, 404, "Not found", "This address only receives the sign-in response of mcpkit.");
        return true;
      }
      CallbackWait.Answer a = wait.receive(request.getHttpURI().getQuery());
      // The wait ends once the page is written, so that closing the listener does not cut it off.
      page(response, then(callback, a.after()), a.status(), a.title(), a.text());
      return true;
    }
  }

  static Callback then(Callback callback, Runnable after) {
    return Callback.from(() -> {
      callback.succeeded();
      after.run();
    }, x -> {
      callback.failed(x);
      after.run();
    });
  }

  static void page(Response response, Callback callback, int status, String title, String text) {
    String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>mcpkit: " + html(title)
        + "</title></head><body><h1>" + html(title) + "</h1><p>" + html(text) + "</p></body></html>";
    response.setStatus(status);
    var h = response.getHeaders();
    h.put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
    h.put(HttpHeader.CACHE_CONTROL, "no-store");
    h.put("Referrer-Policy", "no-referrer");
    h.put("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    h.put("X-Content-Type-Options", "nosniff");
    h.put("X-Frame-Options", "DENY");
    h.put(HttpHeader.CONNECTION, "close");
    response.write(true, ByteBuffer.wrap(html.getBytes(StandardCharsets.UTF_8)), callback);
  }

  /** Untrusted text for the page: one line through {@link PeerText} (at most about 500 characters), HTML-escaped. */
  private static String html(String s) {
    return Html.escape(PeerText.line(s, 500));
  }
}
