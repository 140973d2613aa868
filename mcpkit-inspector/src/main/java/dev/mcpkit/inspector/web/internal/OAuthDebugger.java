package dev.mcpkit.inspector.web.internal;

import dev.mcpkit.auth.client.CredentialStore;
import dev.mcpkit.auth.client.LoginResult;
import dev.mcpkit.auth.client.OAuthClient;
import dev.mcpkit.auth.client.OAuthEvent;
import dev.mcpkit.auth.client.PreRegisteredClient;
import dev.mcpkit.auth.oauth.Scopes;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.auth.AuthChallenge;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.text.PeerText;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OAuth debugger: signs in to a server with mcpkit's own {@link OAuthClient} (a fresh one with an in-memory store,
 * so every step is taken again), connects, then refreshes the token, and keeps every step the client reports through
 * its listener. The browser step happens in the page's browser: the user agent only records the authorization URL,
 * which the page offers to open in a new tab; the authorization server redirects that tab back to the client's
 * loopback listener on 127.0.0.1.
 */
final class OAuthDebugger {

  private final String clientVersion;
  private final List<OAuthEvent> events = new CopyOnWriteArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile String server;
  private volatile String status = "idle";
  private volatile String message;
  private volatile dev.mcpkit.auth.client.RedirectEndpoint endpoint;
  private volatile Thread worker;

  OAuthDebugger(String clientVersion) {
    this.clientVersion = clientVersion;
  }

  /** The inspector's own redirect URI, for the connection's sign-in (set once the port is known). */
  void redirectTo(dev.mcpkit.auth.client.RedirectEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  /** Answers a request for the redirect URI's path; false when there is no endpoint (nothing written). */
  boolean callback(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
      org.eclipse.jetty.util.Callback callback) {
    var e = endpoint;
    return e != null && e.handle(request, response, callback);
  }

  /** The run so far: status (idle, running, browser, done, failed), the message, and the steps. */
  ObjectNode state() {
    ObjectNode o = Json.object();
    o.put("status", status);
    if (server != null) {
      o.put("server", server);
    }
    if (message != null) {
      o.put("message", message);
    }
    o.set("steps", OAuthSteps.of(server == null ? "" : server, List.copyOf(events)));
    return o;
  }

  /**
   * Starts a sign-in to {@code url} in the background.
   *
   * @param clientId a client id registered at the authorization server beforehand, or empty (CIMD or DCR then)
   * @param scope space-separated scopes to ask for in addition to the selected ones, or empty
   * @param clientMetadataUrl the https URL of a Client ID Metadata Document to use as the client id, or empty; the
   *     client uses it when the authorization server advertises CIMD support (a pre-registered client id comes first)
   * @throws IllegalArgumentException when the URL is not an http(s) URL, the metadata document URL is not https with
   *     a path, or a sign-in is running already
   */
  void start(String url, String clientId, String scope, String clientMetadataUrl) {
    URI target;
    try {
      target = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("\"url\" is not a URL");
    }
    if (target.getHost() == null || !("http".equals(target.getScheme()) || "https".equals(target.getScheme()))) {
      throw new IllegalArgumentException("\"url\" must be an http or https URL of an MCP server");
    }
    URI cimd = null;
    if (clientMetadataUrl != null && !clientMetadataUrl.isBlank()) {
      try {
        cimd = URI.create(clientMetadataUrl.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("\"clientMetadataUrl\" is not a URL");
      }
      OAuthClient.builder().clientMetadataUrl(cimd); // the client's own checks (https, a path), before anything starts
    }
    begin(target);
    Set<String> scopes = Scopes.parse(scope == null || scope.isBlank() ? null : scope.trim());
    URI document = cimd;
    worker = Thread.ofVirtual().name("inspector-oauth").start(() -> run(target, clientId, scopes, document));
  }

  /**
   * Signs in for the page's connection, the same way and shown in the same steps as a debugger run, but with the
   * connection's {@code store} (the CLI's credential file, so the sign-in is kept as {@code mcpkit login} keeps it)
   * and the server's challenge, with the configured client and scopes ({@code settings}; a client id typed in the
   * page replaces the configured client); {@code then} runs once the tokens are stored (it reconnects).
   *
   * @throws IllegalArgumentException when a sign-in is running already
   */
  void signIn(URI target, AuthChallenge challenge, Set<String> scopes, String clientId, SignIn settings,
      CredentialStore store, Runnable then) {
    begin(target);
    worker = Thread.ofVirtual().name("inspector-signin").start(() -> {
      // back to the inspector's own origin (its /callback), not to a loopback listener of its own
      try (OAuthClient oauth = settings.apply(client(null, Set.of()), clientId).store(store).redirectEndpoint(endpoint)
          .build()) {
        // the scopes the server asked for and those the inspector was told to ask for (--scope), as mcpkit login does
        LoginResult r = oauth.login(target, dev.mcpkit.auth.oauth.Scopes.union(scopes, settings.scopes()), challenge);
        message = "signed in at " + PeerText.line(r.issuer(), 200) + "; connecting with the token";
        status = "done";
      } catch (RuntimeException e) {
        message = PeerText.line(String.valueOf(e.getMessage()), 600);
        status = "failed";
        return;
      } finally {
        running.set(false);
      }
      then.run();
    });
  }

  /** Stops a sign-in still waiting for its browser step (the inspector is closing): its client stops listening. */
  void close() {
    Thread t = worker;
    if (t != null) {
      t.interrupt();
    }
  }

  private void begin(URI target) {
    if (!running.compareAndSet(false, true)) {
      throw new IllegalArgumentException("a sign-in is running already: finish it in its tab (or wait for its timeout)");
    }
    events.clear();
    server = target.toString();
    message = null;
    status = "running";
  }

  /**
   * The one way the inspector builds an OAuth client that may sign in: every event into this view's steps, and the
   * authorization URL left for the page to open in a new tab of the same browser (the steps carry it).
   */
  private OAuthClient.Builder client(String clientId, Set<String> scopes) {
    OAuthClient.Builder b = OAuthClient.builder().clientName("mcpkit-inspector").listener(events::add)
        .userAgent((authorizationUrl, redirect) -> status = "browser") // the page opens it in a new tab
        .scopes(scopes);
    if (clientId != null && !clientId.isBlank()) {
      b.preRegistered(new PreRegisteredClient(clientId.trim(), null, null));
    }
    return b;
  }

  private void run(URI target, String clientId, Set<String> scopes, URI clientMetadataUrl) {
    OAuthClient.Builder b = client(clientId, scopes).clientMetadataUrl(clientMetadataUrl);
    try (OAuthClient oauth = b.build();
        McpClient c = McpClient.builder().clientInfo("mcpkit-inspector", clientVersion).url(target).auth(oauth).connect()) {
      status = "running";
      if (events.isEmpty()) {
        message = "the server did not ask for authorization";
      } else if (oauth.grant(target).map(g -> g.refreshToken() != null).orElse(false)) {
        oauth.refresh(target);
        message = "signed in, connected with the token, and refreshed it";
      } else {
        message = "signed in and connected with the token; no refresh token was issued";
      }
      status = "done";
    } catch (RuntimeException e) {
      message = PeerText.line(String.valueOf(e.getMessage()), 600);
      status = "failed";
    } finally {
      running.set(false);
    }
  }
}
