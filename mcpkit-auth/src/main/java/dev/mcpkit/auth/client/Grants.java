package dev.mcpkit.auth.client;

import dev.mcpkit.auth.oauth.ProtectedResourceMetadata;
import dev.mcpkit.auth.oauth.Scopes;
import dev.mcpkit.client.auth.AuthChallenge;
import dev.mcpkit.client.auth.AuthProvider;
import dev.mcpkit.core.text.PeerText;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tokens an {@link OAuthClient} holds per MCP server: which one to send where, renewing it before it expires,
 * and answering a 401 or a 403 {@code insufficient_scope} (refresh, a new authorization by the code flow or the
 * client-credentials grant, a step-up), storing what it obtains. Requests for one server are serialized while its
 * credentials change ({@link #withLock}).
 */
final class Grants {

  private static final Logger LOG = LoggerFactory.getLogger(OAuthClient.class);
  /** Tokens this close to their expiry are refreshed before use. */
  private static final Duration REFRESH_AHEAD = Duration.ofSeconds(30);

  private final CredentialStore store;
  private final Discovery discovery;
  private final TokenRequests tokens;
  private final CodeFlow codeFlow;
  /** A person can be sent to sign in: a user agent is configured, or the headless one. */
  private final boolean canSignIn;
  private final boolean interactive;
  private final ClientCredentials clientCredentials;
  private final Set<String> extraScopes;
  private final boolean allowLoopback;
  private final Clock clock;
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  /** Access tokens this process obtained by a full authorization (a 401 for one of them means retrying is pointless). */
  private final Set<String> authorizedTokens = ConcurrentHashMap.newKeySet();

  /** @param clientCredentials the configured client-credentials client, or {@code null} for the code flow */
  Grants(CredentialStore store, Discovery discovery, TokenRequests tokens, CodeFlow codeFlow, boolean canSignIn,
      boolean interactive, ClientCredentials clientCredentials, Set<String> extraScopes, boolean allowLoopback,
      Clock clock) {
    this.store = store;
    this.discovery = discovery;
    this.tokens = tokens;
    this.codeFlow = codeFlow;
    this.canSignIn = canSignIn;
    this.interactive = interactive;
    this.clientCredentials = clientCredentials;
    this.extraScopes = extraScopes;
    this.allowLoopback = allowLoopback;
    this.clock = clock;
  }

  boolean canSignIn() {
    return canSignIn;
  }

  /** The {@code Authorization} header for a request to {@code endpoint}, renewed first when about to expire. */
  Map<String, String> headers(URI endpoint) {
    CredentialStore.ServerBinding b = bindingFor(endpoint);
    if (b == null) {
      return Map.of();
    }
    StoredGrant g = store.grant(b.issuer(), b.resource()).orElse(null);
    if (g != null && expiresSoon(g)) {
      g = withLock(b.server(), () -> {
        StoredGrant fresh = store.grant(b.issuer(), b.resource()).orElse(null);
        if (fresh != null && expiresSoon(fresh)) {
          fresh = renewQuietly(b, fresh);
        }
        return fresh;
      });
    }
    if (g == null || expired(g)) {
      return Map.of();
    }
    return Map.of("Authorization", "Bearer " + g.accessToken());
  }

  /** Whether the request should be retried after {@code c}; see {@link OAuthClient#onChallenge}. */
  boolean answer(AuthChallenge c, URI server, String key) {
    if (c.attempt() > AuthProvider.MAX_RETRIES) {
      return false;
    }
    CredentialStore.ServerBinding b = store.binding(key).orElse(null);
    StoredGrant current = b == null ? null : store.grant(b.issuer(), b.resource()).orElse(null);
    String currentAuth = current == null ? null : "Bearer " + current.accessToken();
    if (currentAuth != null && !expired(current) && !currentAuth.equals(c.sentAuthorization())) {
      return true; // another request renewed the credentials after this one was sent
    }
    String error = c.bearerParam("error").orElse("");
    boolean insufficient = c.status() == 403 && error.equals("insufficient_scope");
    if (c.status() == 403 && !insufficient) {
      return false;
    }
    Set<String> challenged = Scopes.parse(c.bearerParam("scope").orElse(null));
    boolean sentJustAuthorized = c.sentAuthorization() != null && current != null
        && c.sentAuthorization().equals(currentAuth) && authorizedTokens.contains(current.accessToken());
    if (c.status() == 401 && sentJustAuthorized && c.attempt() > 1) {
      throw new OAuthException(OAuthException.Reason.GAVE_UP, "the server at " + server
          + " refused a token that was just issued for it (" + describe(c) + "); check that the authorization server"
          + " issues tokens for the resource " + b.resource(), c.status(), c.wwwAuthenticate());
    }

    Discovery.Result d = discovery.discover(server, c.bearerParam("resource_metadata").orElse(null),
        b == null ? null : b.issuer(), loopback(server));
    if (b != null && (!b.issuer().equals(d.as().issuer()) || !b.resource().equals(d.resource()))) {
      // The server now uses another authorization server (or names itself differently): the old
      // tokens and client registration are for the old one, and are never presented to the new one.
      LOG.info("event=authorization_server_changed server={} from={} to={}", key, b.issuer(), d.as().issuer());
      store.removeGrant(b.issuer(), b.resource());
      store.unbind(key);
      current = null;
    }
    Set<String> previous = current != null ? current.requestedScopes()
        : store.grant(d.as().issuer(), d.resource()).map(StoredGrant::requestedScopes).orElse(Set.of());

    if (c.status() == 401) {
      // First refusal of this request: a refresh may be enough. A refreshed token refused again: authorize anew.
      if (current != null && current.refreshToken() != null && c.attempt() == 1) {
        try {
          refresh(key, d.as().issuer(), d.resource(), current, d.as());
          return true;
        } catch (OAuthException e) {
          LOG.info("event=refresh_failed server={} reason={}", key, e.reason());
        }
      }
      Set<String> scopes = Scopes.union(previous, selectScopes(challenged, d.prm()));
      obtain(d, key, server, scopes, "requires authorization: " + describe(c), c);
      return true;
    }

    if (clientCredentials != null) {
      throw new OAuthException(OAuthException.Reason.GAVE_UP, "the server at " + server + " wants the scopes "
          + challenged + ": " + describe(c) + "; a client_credentials client does not step up", c.status(),
          c.wwwAuthenticate());
    }
    Set<String> scopes = Scopes.union(Scopes.union(previous, extraScopes), challenged);
    if (current != null && scopes.equals(current.requestedScopes())) {
      throw new OAuthException(OAuthException.Reason.GAVE_UP, "the server at " + server + " refused the token for"
          + " insufficient scope although the last authorization already asked for " + scopes + ": " + describe(c)
          + "; not asking again", c.status(), c.wwwAuthenticate());
    }
    LOG.info("event=step_up server={} scopes={}", key, PeerText.line(String.valueOf(scopes), 300));
    obtain(d, key, server, scopes, "needs more authorization, the scopes " + scopes + ": " + describe(c), c);
    return true;
  }

  static String describe(AuthChallenge c) {
    String s = "HTTP " + c.status();
    if (!c.wwwAuthenticate().isEmpty()) {
      s += " (WWW-Authenticate: " + PeerText.line(String.join(", ", c.wwwAuthenticate()), 300) + ")";
    }
    return s;
  }

  /** Tokens for {@code scopes} by whatever this client may do by itself. */
  private void obtain(Discovery.Result d, String key, URI server, Set<String> scopes, String why, AuthChallenge c) {
    if (clientCredentials != null) {
      clientCredentialsGrant(d, key, scopes);
      return;
    }
    if (!interactive || !canSignIn) {
      throw new AuthorizationRequiredException(server, scopes, why, c.status(), c.wwwAuthenticate());
    }
    authorizationCode(d, key, scopes);
  }

  // ---- the flows --------------------------------------------------------------------------------

  /** The authorization code flow; the client and the tokens are stored once the code is redeemed. */
  void authorizationCode(Discovery.Result d, String key, Set<String> scopes) {
    CodeFlow.Outcome o = codeFlow.run(d, key, scopes, loopback(URI.create(key)));
    store.saveClient(d.as().issuer(), o.client());
    save(key, d.as().issuer(), d.resource(), o.grant());
    authorizedTokens.add(o.grant().accessToken());
  }

  void clientCredentialsGrant(Discovery.Result d, String key, Set<String> scopes) {
    AuthServerMetadata as = d.as();
    StoredClient client = tokens.credentialsClient(as);
    LOG.info("event=client_credentials_request server={} issuer={} client_id={} scopes={}", key, as.issuer(),
        PeerText.line(client.clientId(), 200), PeerText.line(String.valueOf(scopes), 300));
    StoredGrant g = tokens.clientCredentials(as, client, d.resource(), scopes, loopback(URI.create(key)));
    save(key, as.issuer(), d.resource(), g);
    authorizedTokens.add(g.accessToken());
  }

  void refresh(String key, String issuer, String resource, StoredGrant current, AuthServerMetadata as) {
    StoredClient client = store.client(issuer).orElseThrow(() -> new OAuthException(OAuthException.Reason.TOKEN_REQUEST_FAILED,
        "no client registration is stored for " + issuer));
    String endpoint = as != null ? as.tokenEndpoint().toString() : client.tokenEndpoint();
    boolean loopback = loopback(URI.create(key));
    URI token = UrlRules.checkEndpoint(endpoint, "the token endpoint", loopback);
    try {
      StoredGrant g = tokens.refresh(token, client, issuer, resource, current, loopback);
      save(key, issuer, resource, g);
      LOG.info("event=refreshed server={} issuer={}", key, issuer);
    } catch (OAuthException e) {
      if (e.getMessage().contains("invalid_grant")) {
        store.removeGrant(issuer, resource); // the refresh token is dead; only a new authorization helps
      }
      throw e;
    }
  }

  /** Before-expiry renewal inside {@link #headers}: failures only mean the server will answer 401. */
  private StoredGrant renewQuietly(CredentialStore.ServerBinding b, StoredGrant g) {
    try {
      if (g.refreshToken() != null) {
        refresh(b.server(), b.issuer(), b.resource(), g, null);
        return store.grant(b.issuer(), b.resource()).orElse(null);
      }
    } catch (RuntimeException e) {
      LOG.info("event=refresh_failed server={} reason={}", b.server(),
          e instanceof OAuthException o ? o.reason() : e.getClass().getSimpleName());
    }
    return g;
  }

  /** The spec's scope selection: the challenge's scopes, else everything the resource lists, else none; plus configured extras. */
  Set<String> selectScopes(Set<String> challenged, ProtectedResourceMetadata prm) {
    Set<String> base = !challenged.isEmpty() ? challenged
        : prm != null && prm.scopesSupported() != null ? Scopes.ordered(prm.scopesSupported()) : Set.of();
    return Scopes.union(base, extraScopes);
  }

  private void save(String key, String issuer, String resource, StoredGrant g) {
    store.saveGrant(issuer, resource, g);
    store.bind(new CredentialStore.ServerBinding(key, issuer, resource));
  }

  boolean loopback(URI server) {
    return allowLoopback || dev.mcpkit.core.net.Hosts.isLoopback(server.getHost());
  }

  private boolean expiresSoon(StoredGrant g) {
    return g.expiresAt() != null && !clock.instant().plus(REFRESH_AHEAD).isBefore(g.expiresAt());
  }

  private boolean expired(StoredGrant g) {
    return g.expiresAt() != null && !clock.instant().isBefore(g.expiresAt());
  }

  /**
   * The binding whose token may go to {@code endpoint}: the one stored for that server URL, else the
   * one whose resource covers it (RFC 8707/9728: same origin, and the resource's path is the
   * endpoint's path or a path-segment prefix of it), the most specific resource winning. Another
   * path of the same origin gets no token: a token is never sent where its resource does not reach.
   */
  private CredentialStore.ServerBinding bindingFor(URI endpoint) {
    Optional<CredentialStore.ServerBinding> exact = store.binding(UrlRules.serverKey(endpoint));
    if (exact.isPresent()) {
      return exact.get();
    }
    CredentialStore.ServerBinding best = null;
    int bestLength = -1;
    boolean ambiguous = false;
    for (CredentialStore.ServerBinding b : store.bindings()) {
      if (!UrlRules.resourceCovers(b.resource(), endpoint)) {
        continue;
      }
      int length = b.resource().length();
      if (length > bestLength) {
        best = b;
        bestLength = length;
        ambiguous = false;
      } else if (length == bestLength && !(b.issuer().equals(best.issuer()) && b.resource().equals(best.resource()))) {
        ambiguous = true; // the same resource with two authorization servers: never guess which token to send
      }
    }
    return ambiguous ? null : best;
  }

  <T> T withLock(String key, Supplier<T> body) {
    ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
    lock.lock();
    try {
      return body.get();
    } finally {
      lock.unlock();
    }
  }
}
