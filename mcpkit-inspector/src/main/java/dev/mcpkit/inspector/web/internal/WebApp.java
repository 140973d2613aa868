package dev.mcpkit.inspector.web.internal;

import dev.mcpkit.client.config.ServerSpec;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.ProtocolVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The inspector's web server: Jetty core on 127.0.0.1 only, the guard in front of everything, the UI's static files
 * from the jar, and the JSON API ({@link Api}).
 */
public final class WebApp {

  /** The UI's files: plain ES modules and one stylesheet, served from the jar (no CDN, no build step). */
  private static final Pattern ASSET = Pattern.compile("[a-z][a-z0-9-]{0,40}\\.(js|css)");

  /** Headers on every answer: no Referer leaves the page, no framing, only the inspector's own scripts run. */
  private static final String CSP = "default-src 'self'; img-src 'self' data:; media-src 'self' data:; "
      + "style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
      + "form-action 'self'; object-src 'none'";

  /**
   * The OAuth redirect URI's path on the inspector's own origin: the sign-in started from the page comes back here, not
   * to a separate loopback listener.
   */
  static final String CALLBACK = "/callback";

  private final Server server;
  private final WebGuard guard;
  private final Connection connection;
  private final int port;
  private final OAuthDebugger debugger;

  private WebApp(Server server, WebGuard guard, Connection connection, int port, OAuthDebugger debugger) {
    this.debugger = debugger;
    this.server = server;
    this.guard = guard;
    this.connection = connection;
    this.port = port;
  }

  /**
   * Starts the web server on 127.0.0.1 and, with a target, connects to it in the background; sign-ins are kept in
   * {@code credentials} and made with {@code signIn}'s client and scopes; the Security view checks the server's pins
   * in {@code lockFile} (it may not exist).
   */
  public static WebApp start(int port, ServerSpec target, ProtocolVersion protocol, String clientVersion,
      java.nio.file.Path project, dev.mcpkit.auth.client.CredentialStore credentials, SignIn signIn,
      java.nio.file.Path lockFile) throws Exception {
    WebGuard guard = new WebGuard();
    EventLog log = new EventLog();
    Connection connection = new Connection(log, clientVersion, credentials, signIn);
    OAuthDebugger debugger = new OAuthDebugger(clientVersion);
    Api api = new Api(connection, log,
        new HostConfigs(project, java.nio.file.Path.of(System.getProperty("user.home", "."))), debugger, lockFile);
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1"); // loopback only, whatever the machine's interfaces
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        serve(guard, api, debugger, request, response, callback);
        return true;
      }
    });
    server.start();
    int bound = connector.getLocalPort();
    guard.bind(bound);
    debugger.redirectTo(dev.mcpkit.auth.client.RedirectEndpoint.at(URI.create("http://127.0.0.1:" + bound + CALLBACK)));
    WebApp app = new WebApp(server, guard, connection, bound, debugger);
    if (target != null) {
      Thread.ofVirtual().name("inspector-connect").start(() -> connection.connect(target, protocol));
    }
    return app;
  }

  private static void serve(WebGuard guard, Api api, OAuthDebugger debugger, Request request, Response response,
      Callback callback) {
    var h = response.getHeaders();
    h.put("Referrer-Policy", "no-referrer");
    h.put("Content-Security-Policy", CSP);
    h.put("X-Content-Type-Options", "nosniff");
    h.put("X-Frame-Options", "DENY");
    h.put(HttpHeader.CACHE_CONTROL, "no-store");
    String refusal = guard.refusal(request);
    if (refusal != null) {
      text(response, callback, 403, refusal);
      return;
    }
    String path = request.getHttpURI().getPath();
    if (path.equals(CALLBACK)) {
      // no session cookie here (a SameSite=Strict cookie does not come along when another site redirects the browser
      // back): what is taken is only the response whose state is the waiting sign-in's; all else gets 400
      if (!debugger.callback(request, response, callback)) {
        text(response, callback, 404, "not found");
      }
      return;
    }
    Fields query = Request.extractQueryParameters(request);
    if (path.equals("/") && query.get("token") != null) {
      if (!guard.hasToken(query.getValue("token"))) {
        text(response, callback, 401, "this link is not (or no longer) valid: open the URL mcpkit inspect printed");
        return;
      }
      // the token is traded once for a cookie; the redirect drops it from the address bar and history
      h.add(HttpHeader.SET_COOKIE, guard.sessionCookie());
      h.put(HttpHeader.LOCATION, "/");
      response.setStatus(303);
      callback.succeeded();
      return;
    }
    if (!guard.hasSession(request)) {
      text(response, callback, 401, "not signed in to this inspector: open the URL mcpkit inspect printed (with its token)");
      return;
    }
    if (path.startsWith("/api/")) {
      api.handle(path.substring(5), request, response, callback);
    } else if (path.equals("/")) {
      asset(response, callback, "index.html", "text/html; charset=utf-8");
    } else if (path.startsWith("/ui/") && ASSET.matcher(path.substring(4)).matches()) {
      String name = path.substring(4);
      asset(response, callback, name, name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8");
    } else {
      text(response, callback, 404, "not found");
    }
  }

  private static void asset(Response response, Callback callback, String name, String type) {
    byte[] bytes;
    try (InputStream in = WebApp.class.getResourceAsStream("/dev/mcpkit/inspector/web/" + name)) {
      if (in == null) {
        text(response, callback, 404, "not found");
        return;
      }
      bytes = in.readAllBytes();
    } catch (IOException e) {
      text(response, callback, 500, "cannot read the UI file " + name);
      return;
    }
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }

  static void text(Response response, Callback callback, int status, String message) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    Content.Sink.write(response, true, message + "\n", callback);
  }

  static void json(Response response, Callback callback, int status, Object body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(Json.writeBytes(body)), callback);
  }

  /** The URL with the launch token. */
  public URI launchUrl() {
    return URI.create("http://127.0.0.1:" + port + "/?token=" + guard.token());
  }

  /** The URL without the token. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  /** The bound port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** Blocks until the web server stops. */
  public void join() throws InterruptedException {
    server.join();
  }

  /** Closes the connection, then the web server. */
  public void close() {
    debugger.close();
    connection.close();
    try {
      server.stop();
    } catch (Exception ignored) {
      // stopping is best effort at exit
    }
  }

}
