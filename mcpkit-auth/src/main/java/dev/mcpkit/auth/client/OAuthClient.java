package dev.mcpkit.auth.client;

import dev.mcpkit.auth.fetch.HostResolver;
import dev.mcpkit.client.auth.AuthChallenge;
import dev.mcpkit.client.auth.AuthProvider;
import dev.mcpkit.core.json.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The client side of the MCP authorization spec (2026-07-28 and 2025-11-25, with the 2025-03-26
 * fallbacks), as an {@link AuthProvider} for {@code McpClient}:
 *
 * <pre>{@code
 * try (OAuthClient oauth = OAuthClient.builder().store(CredentialStore.file(CredentialStore.defaultPath()))
 *         .userAgent(BrowserLauncher.system(new PrintWriter(System.err, true))).build();
 *      McpClient client = McpClient.builder().url(url).auth(oauth).connect()) {
 *   client.listAllTools();
 * }
 * }</pre>
 *
 * <p>On a 401 it discovers the protected-resource metadata (the challenge's {@code
 * resource_metadata}, else the path-aware then the root well-known URL), checks that its {@code
 * resource} covers the server URL, discovers the authorization server (RFC 8414 and OpenID, with
 * path insertion; the {@code issuer} must be identical), requires PKCE S256, obtains a client id
 * (pre-registered, else a Client ID Metadata Document URL, else Dynamic Client Registration with
 * {@code application_type: native}), runs the authorization code flow with PKCE, {@code state},
 * {@code resource} and the RFC 9207 {@code iss} check through a one-shot loopback listener, and
 * stores the tokens per issuer and resource. It refreshes before expiry and on 401, re-registers when
 * the server moves to another authorization server, and answers a 403 {@code insufficient_scope} with
 * a step-up for the union of the scopes requested so far and the challenged ones (at most {@link
 * AuthProvider#MAX_RETRIES} times per request, and not at all when the union would not ask for
 * anything new). With {@link Builder#clientCredentials(ClientCredentials)} it uses the {@code
 * client_credentials} grant instead and never involves a person.
 *
 * <p>Thread-safe: requests for one server are serialized while credentials change.
 */
public final class OAuthClient implements AuthProvider, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OAuthClient.class);
  /** Tokens this close to their expiry are refreshed before use. */
  private static final Duration REFRESH_AHEAD = Duration.ofSeconds(30);
  private static final String OFFLINE_ACCESS = "offline_access";

  private final CredentialStore store;
  private final OAuthHttp http;
  private final Discovery discovery;
  private final UserAgent userAgent;
  private final boolean headless;
  private final boolean interactive;
  private final PreRegisteredClient preRegistered;
  private final URI clientMetadataUrl;
  private final ClientCredentials clientCredentials;
  private final String clientName;
  private final Set<String> extraScopes;
  private final boolean allowLoopback;
  private final boolean offlineAccess;
  private final Duration loginTimeout;
  private final String prompt;
  private final java.util.function.Consumer<String> notices;
  private final Clock clock;
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  /** Access tokens this process obtained by a full authorization (a 401 for one of them means retrying is pointless). */
  private final Set<String> authorizedTokens = ConcurrentHashMap.newKeySet();
  /**
   * Self-registered clients (issuer + client id) this instance registered or found known: not checked again. A
   * forgotten registration is one from an earlier run; checking again within one run would cost a token request per
   * sign-in (step-up, a new resource) and shows a server a code redemption it cannot tell from a broken client.
   */
  private final Set<String> knownClients = ConcurrentHashMap.newKeySet();
  /** The issuer configured pre-registered credentials were first used with, when the configuration names none. */
  private volatile String preRegisteredIssuer;

  private OAuthClient(Builder b) {
    this.store = b.store;
    this.http = new OAuthHttp(b.resolver, b.httpTimeout, b.clientName);
    this.discovery = new Discovery(http);
    this.userAgent = b.userAgent;
    this.headless = b.headless;
    this.interactive = b.interactive;
    this.preRegistered = b.preRegistered;
    this.clientMetadataUrl = b.clientMetadataUrl;
    this.clientCredentials = b.clientCredentials;
    this.clientName = b.clientName;
    this.extraScopes = Scopes.ordered(b.scopes);
    this.allowLoopback = b.allowLoopback;
    this.offlineAccess = b.offlineAccess;
    this.loginTimeout = b.loginTimeout;
    this.prompt = b.prompt;
    this.notices = b.notices;
    this.clock = b.clock;
    this.preRegisteredIssuer = b.preRegistered == null ? null : b.preRegistered.issuer();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The store this client reads and writes. */
  public CredentialStore store() {
    return store;
  }

  // ---- AuthProvider -----------------------------------------------------------------------------

  @Override
  public Map<String, String> headers(URI endpoint) {
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

  @Override
  public boolean onChallenge(AuthChallenge c) {
    URI server = c.endpoint();
    String key = UrlRules.serverKey(server);
    try {
      return withLock(key, () -> answer(c, server, key));
    } catch (AuthorizationRequiredException e) {
      throw e;
    } catch (OAuthException e) {
      if (e.reason() == OAuthException.Reason.GAVE_UP) {
        throw e;
      }
      // Say what the server asked for, then why it could not be given.
      throw new OAuthException(e.reason(), "the server at " + server + (c.status() == 401 ? " requires authorization ("
          : " wants more authorization (") + describe(c) + "), but " + e.getMessage(), c.status(), c.wwwAuthenticate());
    }
  }

  private boolean answer(AuthChallenge c, URI server, String key) {
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
    LOG.info("event=step_up server={} scopes={}", key, Text.clip(String.valueOf(scopes), 300));
    obtain(d, key, server, scopes, "needs more authorization, the scopes " + scopes + ": " + describe(c), c);
    return true;
  }

  private static String describe(AuthChallenge c) {
    String s = "HTTP " + c.status();
    if (!c.wwwAuthenticate().isEmpty()) {
      s += " (WWW-Authenticate: " + Text.clip(String.join(", ", c.wwwAuthenticate()), 300) + ")";
    }
    return s;
  }

  /** Tokens for {@code scopes} by whatever this client may do by itself. */
  private void obtain(Discovery.Result d, String key, URI server, Set<String> scopes, String why, AuthChallenge c) {
    if (clientCredentials != null) {
      clientCredentialsGrant(d, key, scopes);
      return;
    }
    if (!interactive || (userAgent == null && !headless)) {
      throw new AuthorizationRequiredException(server, scopes, why, c.status(), c.wwwAuthenticate());
    }
    authorizationCode(d, key, scopes);
  }

  // ---- explicit sign-in and sign-out -------------------------------------------------------------

  /** {@link #login(URI, Set, AuthChallenge)} without a challenge (well-known discovery). */
  public LoginResult login(URI server, Set<String> scopes) {
    return login(server, scopes, null);
  }

  /**
   * Signs in to {@code server} now, whatever is stored: discovers, registers if needed, runs the
   * authorization code flow with the configured user agent (or the client-credentials grant), and
   * stores the tokens. Requested scopes: {@code scopes} when given, else the challenge's, else the
   * protected resource's {@code scopes_supported}; always with the scopes requested before for the
   * same resource.
   *
   * @param challenge the refusal that made the sign-in necessary (its {@code resource_metadata} and
   *     {@code scope} are used), or {@code null}
   */
  public LoginResult login(URI server, Set<String> scopes, AuthChallenge challenge) {
    String key = UrlRules.serverKey(server);
    return withLock(key, () -> {
      CredentialStore.ServerBinding b = store.binding(key).orElse(null);
      String rm = challenge == null ? null : challenge.bearerParam("resource_metadata").orElse(null);
      Discovery.Result d = discovery.discover(server, rm, b == null ? null : b.issuer(), loopback(server));
      if (b != null && (!b.issuer().equals(d.as().issuer()) || !b.resource().equals(d.resource()))) {
        store.removeGrant(b.issuer(), b.resource());
        store.unbind(key);
      }
      Set<String> previous = store.grant(d.as().issuer(), d.resource()).map(StoredGrant::requestedScopes).orElse(Set.of());
      Set<String> challenged = challenge == null ? Set.of() : Scopes.parse(challenge.bearerParam("scope").orElse(null));
      Set<String> wanted = scopes != null && !scopes.isEmpty() ? Scopes.union(scopes, challenged)
          : selectScopes(challenged, d.prm());
      Set<String> all = Scopes.union(previous, wanted);
      String registration;
      String clientId;
      if (clientCredentials != null) {
        clientCredentialsGrant(d, key, all);
        registration = "client_credentials";
        clientId = clientCredentials.clientId();
      } else {
        if (userAgent == null && !headless) {
          throw new OAuthException(OAuthException.Reason.LOGIN_REQUIRED, "no user agent is configured to sign in with");
        }
        authorizationCode(d, key, all);
        StoredClient client = store.client(d.as().issuer()).orElseThrow();
        registration = client.registration();
        clientId = client.clientId();
      }
      StoredGrant g = store.grant(d.as().issuer(), d.resource()).orElseThrow();
      return new LoginResult(server, d.resource(), d.as().issuer(), clientId, registration, g.scopes(), g.expiresAt(),
          g.refreshToken() != null);
    });
  }

  /**
   * Forgets the tokens stored for {@code server} and, when the authorization server has a revocation
   * endpoint (RFC 7009), revokes them there first (refresh token, then access token), asking it to
   * forget the user's remembered consent too ({@code forget_consent=true}, an extension other servers
   * ignore), so the next sign-in shows the consent page again. A client this client registered itself
   * (dynamic registration) is forgotten as well when the server no longer knows it ({@code
   * invalid_client} or 401 on revocation: nothing was left to revoke, which is not a failure) or when
   * no other signed-in server uses it; a configured client or a metadata document never is.
   */
  public LogoutResult logout(URI server) {
    String key = UrlRules.serverKey(server);
    return withLock(key, () -> {
      CredentialStore.ServerBinding b = store.binding(key).orElse(null);
      if (b == null) {
        return new LogoutResult(server, false, false, null, null);
      }
      StoredGrant g = store.grant(b.issuer(), b.resource()).orElse(null);
      StoredClient client = store.client(b.issuer()).orElse(null);
      boolean revoked = false;
      boolean unknownClient = false;
      String note = null;
      if (g != null && client != null && client.revocationEndpoint() != null) {
        try {
          URI revoke = UrlRules.checkEndpoint(client.revocationEndpoint(), "the revocation endpoint", loopback(server));
          revoked = true;
          List<String[]> tokens = new ArrayList<>();
          if (g.refreshToken() != null) {
            tokens.add(new String[] {g.refreshToken(), "refresh_token"});
          }
          tokens.add(new String[] {g.accessToken(), "access_token"});
          for (String[] t : tokens) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("token", t[0]);
            form.put("token_type_hint", t[1]);
            form.put("forget_consent", "true");
            Map<String, String> headers = new LinkedHashMap<>();
            authenticate(form, headers, client, b.issuer());
            OAuthHttp.Reply r = http.postForm(revoke, form, headers, loopback(server));
            if (unknownClient(r)) {
              revoked = false;
              unknownClient = true;
              note = "the authorization server no longer knows the client " + Text.clip(client.clientId(), 100)
                  + " (it may have restarted and lost its registrations), so its tokens are void there already";
              break;
            }
            if (r.status() != 200) {
              revoked = false;
              note = "the authorization server answered the revocation with HTTP " + r.status();
            }
          }
        } catch (OAuthException e) {
          revoked = false;
          note = "revocation failed: " + e.getMessage();
        }
      } else if (g != null) {
        note = "the authorization server has no revocation endpoint; the tokens were only deleted here";
      }
      store.removeGrant(b.issuer(), b.resource());
      store.unbind(key);
      if (client != null && "dcr".equals(client.registration())
          && (unknownClient || store.bindings().stream().noneMatch(o -> o.issuer().equals(b.issuer())))) {
        store.removeClient(b.issuer()); // the next sign-in registers anew
        note = (note == null ? "" : note + "; ") + "the client registration was forgotten too";
      }
      LOG.info("event=logout server={} issuer={} revoked={}", key, b.issuer(), revoked);
      return new LogoutResult(server, g != null, revoked, b.issuer(), note);
    });
  }

  /** What is stored for {@code server}: the binding and the grant, if any. */
  public Optional<StoredGrant> grant(URI server) {
    CredentialStore.ServerBinding b = store.binding(UrlRules.serverKey(server)).orElse(null);
    return b == null ? Optional.empty() : store.grant(b.issuer(), b.resource());
  }

  // ---- the flows --------------------------------------------------------------------------------

  /** The authorization code flow with PKCE through the loopback listener. */
  private void authorizationCode(Discovery.Result d, String key, Set<String> scopes) {
    AuthServerMetadata as = d.as();
    if (!as.defaults()) {
      // MCP authorization, "Authorization Code Protection": verify PKCE support from the metadata, refuse otherwise.
      List<String> methods = as.codeChallengeMethods();
      if (methods == null) {
        throw new OAuthException(OAuthException.Reason.PKCE_UNSUPPORTED, "refused: the authorization server " + as.issuer()
            + " does not advertise code_challenge_methods_supported, so it may not support PKCE; not authorizing");
      }
      if (!methods.contains("S256")) {
        throw new OAuthException(OAuthException.Reason.PKCE_UNSUPPORTED, "refused: the authorization server " + as.issuer()
            + " does not support the S256 PKCE method (it lists " + Text.clip(String.valueOf(methods), 100) + ")");
      }
    }
    if (as.authorizationEndpoint() == null) {
      throw new OAuthException(OAuthException.Reason.DISCOVERY_FAILED, "the authorization server " + as.issuer()
          + " has no authorization endpoint");
    }
    boolean loopback = loopback(URI.create(key));
    try (LoopbackCallback cb = LoopbackCallback.open()) {
      URI redirect = cb.redirectUri();
      StoredClient client = register(as, redirect, loopback);
      Pkce pkce = Pkce.create();
      String state = Pkce.random();
      Set<String> requested = scopes;
      if (offlineAccess && as.scopesSupported() != null && as.scopesSupported().contains(OFFLINE_ACCESS)) {
        requested = Scopes.union(scopes, Set.of(OFFLINE_ACCESS));
      }
      Map<String, String> q = new LinkedHashMap<>();
      q.put("response_type", "code");
      q.put("client_id", client.clientId());
      q.put("redirect_uri", redirect.toString());
      q.put("code_challenge", pkce.challenge());
      q.put("code_challenge_method", "S256");
      q.put("state", state);
      if (!requested.isEmpty()) {
        q.put("scope", Scopes.join(requested));
      }
      q.put("resource", d.resource());
      if (prompt != null) {
        q.put("prompt", prompt);
      }
      URI url = withQuery(as.authorizationEndpoint(), q);
      // The issuer is recorded with the verifier and the state before the user agent leaves (RFC 9207).
      String recordedIssuer = as.issuer();
      boolean issAdvertised = as.issParameterSupported();
      cb.expect(state, params -> checkResponse(params, recordedIssuer, issAdvertised));
      LOG.info("event=authorization_request server={} issuer={} client_id={} scopes={}", key, as.issuer(),
          Text.clip(client.clientId(), 200), Text.clip(String.valueOf(requested), 300));
      try {
        if (headless && userAgent == null) {
          headlessOpen(url, redirect, loopback);
        } else {
          userAgent.open(url, redirect);
        }
      } catch (OAuthException e) {
        cb.fail(e);
      } catch (Exception e) {
        cb.fail(new OAuthException(OAuthException.Reason.TIMED_OUT, "the sign-in could not be started: "
            + Text.clip(String.valueOf(e.getMessage()), 200)));
      }
      Map<String, String> params = cb.await(loginTimeout);
      Map<String, String> form = new LinkedHashMap<>();
      form.put("grant_type", "authorization_code");
      form.put("code", params.get("code"));
      form.put("redirect_uri", redirect.toString());
      form.put("code_verifier", pkce.verifier());
      form.put("resource", d.resource());
      StoredGrant g = tokenRequest(as.tokenEndpoint(), form, client, as.issuer(), requested, null, loopback);
      store.saveClient(as.issuer(), client);
      save(key, as.issuer(), d.resource(), g);
      authorizedTokens.add(g.accessToken());
    }
  }

  /** RFC 9207 first (so that a forged response's error fields are never acted on), then the response itself. */
  private static LoopbackCallback.Verdict checkResponse(Map<String, String> params, String issuer, boolean advertised) {
    String iss = params.get("iss");
    if (iss != null) {
      if (!iss.equals(issuer)) { // simple string comparison, no normalization (RFC 3986 §6.2.1)
        LOG.info("event=iss_mismatch expected={} got={}", issuer, Text.clip(iss, 200));
        throw new OAuthException(OAuthException.Reason.INVALID_RESPONSE, "refused: the authorization response names the"
            + " issuer \"" + Text.clip(iss, 200) + "\", not " + issuer + " (RFC 9207); its code and error are ignored");
      }
    } else if (advertised) {
      LOG.info("event=iss_missing expected={}", issuer);
      throw new OAuthException(OAuthException.Reason.INVALID_RESPONSE, "refused: the authorization server " + issuer
          + " advertises the iss response parameter, but the response has none (RFC 9207); its code and error are ignored");
    }
    String error = params.get("error");
    if (error != null) {
      String description = params.get("error_description");
      throw new OAuthException(OAuthException.Reason.AUTHORIZATION_DENIED, "the authorization server refused: "
          + Text.clip(error, 60) + (description == null ? "" : " (" + Text.clip(description, 200) + ")"));
    }
    String code = params.get("code");
    if (code == null || code.isEmpty()) {
      throw new OAuthException(OAuthException.Reason.INVALID_RESPONSE, "the authorization response has no code");
    }
    return new LoopbackCallback.Verdict(true, null);
  }

  /**
   * The headless user agent: requests the authorization URL without following redirects and, when
   * the server redirects straight back to the loopback listener (no person needed), delivers that.
   */
  private void headlessOpen(URI url, URI redirect, boolean loopback) {
    OAuthHttp.Reply r = http.get(url, loopback);
    if (r.status() < 300 || r.status() > 399 || r.location() == null) {
      throw new OAuthException(OAuthException.Reason.LOGIN_REQUIRED, "the authorization server answered HTTP " + r.status()
          + " instead of redirecting back: it wants a person to sign in, which the headless mode cannot do");
    }
    URI back;
    try {
      back = url.resolve(r.location().trim());
    } catch (IllegalArgumentException e) {
      throw new OAuthException(OAuthException.Reason.INVALID_RESPONSE, "the authorization server redirected to an invalid URL");
    }
    if (!"http".equals(back.getScheme()) || !"127.0.0.1".equals(back.getHost()) || back.getPort() != redirect.getPort()
        || !redirect.getPath().equals(back.getPath())) {
      throw new OAuthException(OAuthException.Reason.UNSAFE_URL, "the authorization server redirected to "
          + Text.clip(back.getScheme() + "://" + back.getRawAuthority() + back.getRawPath(), 200)
          + ", not to this client's redirect URI; not following");
    }
    http.get(back, true);
  }

  private void clientCredentialsGrant(Discovery.Result d, String key, Set<String> scopes) {
    AuthServerMetadata as = d.as();
    ClientCredentials cc = clientCredentials;
    String method = cc.authMethod() != null ? cc.authMethod() : secretMethod(as.tokenEndpointAuthMethods());
    StoredClient client = new StoredClient(cc.clientId(), cc.clientSecret(), method, "client_credentials",
        as.tokenEndpoint().toString(), as.revocationEndpoint() == null ? null : as.revocationEndpoint().toString());
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    if (!scopes.isEmpty()) {
      form.put("scope", Scopes.join(scopes));
    }
    form.put("resource", d.resource());
    LOG.info("event=client_credentials_request server={} issuer={} client_id={} scopes={}", key, as.issuer(),
        Text.clip(cc.clientId(), 200), Text.clip(String.valueOf(scopes), 300));
    StoredGrant g = tokenRequest(as.tokenEndpoint(), form, client, as.issuer(), scopes, null, loopback(URI.create(key)));
    save(key, as.issuer(), d.resource(), g);
    authorizedTokens.add(g.accessToken());
  }

  private void refresh(String key, String issuer, String resource, StoredGrant current, AuthServerMetadata as) {
    StoredClient client = store.client(issuer).orElseThrow(() -> new OAuthException(OAuthException.Reason.TOKEN_REQUEST_FAILED,
        "no client registration is stored for " + issuer));
    String endpoint = as != null ? as.tokenEndpoint().toString() : client.tokenEndpoint();
    boolean loopback = loopback(URI.create(key));
    URI token = UrlRules.checkEndpoint(endpoint, "the token endpoint", loopback);
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "refresh_token");
    form.put("refresh_token", current.refreshToken());
    form.put("resource", resource);
    try {
      StoredGrant g = tokenRequest(token, form, client, issuer, current.requestedScopes(), current, loopback);
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

  /** Token endpoint request with the client's authentication; parses and checks the answer. */
  private StoredGrant tokenRequest(URI endpoint, Map<String, String> form, StoredClient client, String issuer,
      Set<String> requested, StoredGrant previous, boolean loopback) {
    Map<String, String> headers = new LinkedHashMap<>();
    authenticate(form, headers, client, issuer);
    OAuthHttp.Reply r = http.postForm(endpoint, form, headers, loopback);
    JsonNode j = r.json();
    if (r.status() != 200 || j == null) {
      String err = j == null ? null : j.path("error").asString(null);
      String desc = j == null ? null : j.path("error_description").asString(null);
      String problem = j == null ? r.jsonProblem() : null;
      throw new OAuthException(OAuthException.Reason.TOKEN_REQUEST_FAILED, "the token endpoint " + endpoint + " refused the "
          + form.get("grant_type") + " request: HTTP " + r.status() + (err == null ? "" : ", " + Text.clip(err, 60))
          + (desc == null ? "" : " (" + Text.clip(desc, 200) + ")")
          + (problem == null ? "" : "; its answer is not valid JSON: " + problem));
    }
    String access = j.path("access_token").asString(null);
    if (access == null || access.isEmpty()) {
      throw new OAuthException(OAuthException.Reason.TOKEN_REQUEST_FAILED, "the token endpoint " + endpoint
          + " answered without an access_token");
    }
    String type = j.path("token_type").asString("Bearer");
    if (!type.equalsIgnoreCase("bearer")) {
      throw new OAuthException(OAuthException.Reason.TOKEN_REQUEST_FAILED, "the token endpoint " + endpoint
          + " issued a token of type " + Text.clip(type, 30) + "; only Bearer tokens are supported");
    }
    Instant now = clock.instant();
    Instant expires = j.path("expires_in").isNumber() ? now.plusSeconds(lifetime(j.get("expires_in"))) : null;
    String refresh = j.path("refresh_token").asString(null);
    if (refresh == null && previous != null) {
      refresh = previous.refreshToken(); // no rotation: the old one stays valid
    }
    Set<String> granted = j.path("scope").isString() ? Scopes.parse(j.get("scope").asString())
        : previous != null ? previous.scopes() : requested;
    return new StoredGrant(access, expires, refresh, granted, requested, now);
  }

  /** Adds the client authentication the client was registered with (RFC 6749 §2.3, RFC 7523). */
  private void authenticate(Map<String, String> form, Map<String, String> headers, StoredClient client, String issuer) {
    String method = client.authMethod() == null ? (client.clientSecret() == null ? "none" : "client_secret_basic")
        : client.authMethod();
    switch (method) {
      case "client_secret_basic" -> {
        String pair = OAuthHttp.enc(client.clientId()) + ":" + OAuthHttp.enc(Objects.requireNonNullElse(client.clientSecret(), ""));
        headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
      }
      case "client_secret_post" -> {
        form.put("client_id", client.clientId());
        form.put("client_secret", client.clientSecret());
      }
      case "private_key_jwt" -> {
        if (clientCredentials == null || clientCredentials.privateKey() == null
            || !clientCredentials.clientId().equals(client.clientId())) {
          throw new OAuthException(OAuthException.Reason.TOKEN_REQUEST_FAILED, "private_key_jwt needs the client's key");
        }
        form.put("client_id", client.clientId());
        form.put("client_assertion_type", ClientAssertion.TYPE);
        form.put("client_assertion", ClientAssertion.create(client.clientId(), issuer, clientCredentials.privateKey(),
            clientCredentials.keyId(), clock.instant()));
      }
      default -> form.put("client_id", client.clientId());
    }
  }

  /** The secret-based method the server lists: Basic first (RFC 8414's default), then POST. */
  private static String secretMethod(List<String> supported) {
    if (supported == null || supported.contains("client_secret_basic")) {
      return "client_secret_basic";
    }
    if (supported.contains("client_secret_post")) {
      return "client_secret_post";
    }
    return "client_secret_basic";
  }

  private static String methodFor(String secret, List<String> supported) {
    if (secret == null) {
      return "none";
    }
    if (supported != null && !supported.contains("client_secret_basic") && !supported.contains("client_secret_post")
        && supported.contains("none")) {
      return "none"; // a secret was issued, but the server only takes public clients
    }
    return secretMethod(supported);
  }

  // ---- registration -----------------------------------------------------------------------------

  /**
   * A client id at {@code as}, in the spec's order: configured pre-registered credentials, a stored
   * pre-registration, a Client ID Metadata Document URL (when the server supports them), a stored
   * dynamic registration, a new dynamic registration (with {@code application_type: native}).
   */
  private StoredClient register(AuthServerMetadata as, URI redirect, boolean loopback) {
    String token = as.tokenEndpoint().toString();
    String revoke = as.revocationEndpoint() == null ? null : as.revocationEndpoint().toString();
    if (preRegistered != null) {
      String bound = preRegisteredIssuer;
      if (bound != null && !bound.equals(as.issuer())) {
        throw new OAuthException(OAuthException.Reason.WRONG_AUTHORIZATION_SERVER, "refused: the pre-registered client "
            + preRegistered.clientId() + " belongs to the authorization server " + bound + ", but the server now uses "
            + as.issuer() + "; its credentials are not sent there (register a client with " + as.issuer() + ")");
      }
      preRegisteredIssuer = as.issuer();
      return new StoredClient(preRegistered.clientId(), preRegistered.clientSecret(),
          methodFor(preRegistered.clientSecret(), as.tokenEndpointAuthMethods()), "pre-registered", token, revoke);
    }
    StoredClient stored = store.client(as.issuer()).orElse(null);
    if (stored != null && "pre-registered".equals(stored.registration())) {
      return withEndpoints(stored, token, revoke);
    }
    if (clientMetadataUrl != null && as.cimdSupported()) {
      return new StoredClient(clientMetadataUrl.toString(), null, "none", "cimd", token, revoke);
    }
    if (stored != null && "cimd".equals(stored.registration()) && as.cimdSupported()) {
      return withEndpoints(stored, token, revoke); // signed in with a metadata document URL before
    }
    if (stored != null && "dcr".equals(stored.registration())) {
      StoredClient c = withEndpoints(stored, token, revoke);
      String key = as.issuer() + " " + c.clientId();
      if (knownClients.contains(key) || !isUnknown(as, c, redirect, loopback)) {
        knownClients.add(key);
        return c;
      }
      // Only a client this client registered itself is replaced (never a configured one or a metadata document),
      // and only once: the new registration below is not probed again.
      store.removeClient(as.issuer());
      notice("the authorization server " + as.issuer() + " no longer knows the client " + Text.clip(c.clientId(), 100)
          + " that was registered there before (it may have restarted and lost its registrations); registering again");
    }
    if (as.registrationEndpoint() != null) {
      return dynamicRegistration(as, redirect, loopback, token, revoke);
    }
    throw new OAuthException(OAuthException.Reason.REGISTRATION_FAILED, "the authorization server " + as.issuer()
        + " offers no dynamic client registration" + (as.cimdSupported() ? " (it accepts Client ID Metadata Documents:"
        + " configure a client id metadata URL)" : "") + "; register a client there and pass its client id");
  }

  /**
   * Whether the authorization server has forgotten {@code client}. An authorization server must not redirect for an
   * unknown {@code client_id} (RFC 6749 §4.1.2.1), so the browser would show an error page the loopback listener
   * never hears of. The probe is a token request with a code that cannot exist: any server following RFC 6749 §5.2
   * answers {@code invalid_client} for a client it does not know and {@code invalid_grant} (or another error) for one
   * it knows. Anything unclear (no answer, another error) counts as known, so a registration is never dropped on doubt.
   */
  private boolean isUnknown(AuthServerMetadata as, StoredClient client, URI redirect, boolean loopback) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", "mcpkit-client-check-" + Pkce.random());
    form.put("redirect_uri", redirect.toString());
    form.put("code_verifier", Pkce.random() + Pkce.random());
    try {
      Map<String, String> headers = new LinkedHashMap<>();
      authenticate(form, headers, client, as.issuer());
      boolean unknown = unknownClient(http.postForm(as.tokenEndpoint(), form, headers, loopback));
      LOG.info("event=client_check issuer={} client_id={} known={}", as.issuer(), Text.clip(client.clientId(), 200),
          !unknown);
      return unknown;
    } catch (OAuthException e) {
      return false;
    }
  }

  /** RFC 6749 §5.2 / RFC 7009 §2.2.1: {@code invalid_client}, or a 401, means the server does not know the client. */
  private static boolean unknownClient(OAuthHttp.Reply r) {
    JsonNode j = r.json();
    return r.status() == 401 || (j != null && "invalid_client".equals(j.path("error").asString(null)));
  }

  /** A sentence for the user about something this client did by itself. */
  private void notice(String sentence) {
    LOG.info("event=notice text={}", Text.clip(sentence, 500));
    notices.accept(sentence);
  }

  private static StoredClient withEndpoints(StoredClient c, String token, String revoke) {
    return new StoredClient(c.clientId(), c.clientSecret(), c.authMethod(), c.registration(), token, revoke);
  }

  private StoredClient dynamicRegistration(AuthServerMetadata as, URI redirect, boolean loopback, String token,
      String revoke) {
    ObjectNode body = OAuthHttp.JSON.createObjectNode();
    body.put("client_name", clientName);
    body.putArray("redirect_uris").add(redirect.toString());
    body.putArray("grant_types").add("authorization_code").add("refresh_token");
    body.putArray("response_types").add("code");
    body.put("token_endpoint_auth_method", "none");
    body.put("application_type", "native"); // a CLI with a loopback redirect (MCP 2026-07-28, SEP-837)
    OAuthHttp.Reply r = http.postJson(as.registrationEndpoint(), body, loopback);
    JsonNode j = r.json();
    if ((r.status() != 200 && r.status() != 201) || j == null || !j.path("client_id").isString()) {
      String err = j == null ? null : j.path("error").asString(null);
      String desc = j == null ? null : j.path("error_description").asString(null);
      throw new OAuthException(OAuthException.Reason.REGISTRATION_FAILED, "the authorization server " + as.issuer()
          + " refused the client registration: HTTP " + r.status() + (err == null ? "" : ", " + Text.clip(err, 60))
          + (desc == null ? "" : " (" + Text.clip(desc, 200) + ")"));
    }
    String secret = j.path("client_secret").asString(null);
    String method = j.path("token_endpoint_auth_method").asString(null);
    if (method == null) {
      method = methodFor(secret, as.tokenEndpointAuthMethods());
    }
    LOG.info("event=client_registered issuer={} client_id={}", as.issuer(), Text.clip(j.get("client_id").asString(), 200));
    StoredClient c = new StoredClient(j.get("client_id").asString(), secret, method, "dcr", token, revoke);
    store.saveClient(as.issuer(), c);
    knownClients.add(as.issuer() + " " + c.clientId());
    return c;
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /** The longest token lifetime believed: a larger {@code expires_in} is taken as this (the token is renewed sooner). */
  static final long MAX_EXPIRES_IN = Duration.ofDays(3650).toSeconds();

  /**
   * An {@code expires_in} clamped to [0, {@link #MAX_EXPIRES_IN}] seconds: a server's huge value (say
   * 2^63-1) would overflow the expiry instant, and a negative one means the token is already expired.
   */
  static long lifetime(JsonNode expiresIn) {
    OptionalDouble finite = Json.finiteNumber(expiresIn);
    if (finite.isEmpty()) {
      // A number beyond a double (1e400): huge means the longest lifetime believed, like 2^63-1 does.
      return expiresIn.isBigDecimal() && expiresIn.decimalValue().signum() > 0 ? MAX_EXPIRES_IN : 0;
    }
    double seconds = finite.getAsDouble();
    if (!(seconds > 0)) {
      return 0;
    }
    return (long) Math.min(seconds, MAX_EXPIRES_IN);
  }

  /** The spec's scope selection: the challenge's scopes, else everything the resource lists, else none; plus configured extras. */
  private Set<String> selectScopes(Set<String> challenged, ProtectedResourceMetadata prm) {
    Set<String> base = !challenged.isEmpty() ? challenged
        : prm != null && prm.scopesSupported() != null ? Scopes.ordered(prm.scopesSupported()) : Set.of();
    return Scopes.union(base, extraScopes);
  }

  private void save(String key, String issuer, String resource, StoredGrant g) {
    store.saveGrant(issuer, resource, g);
    store.bind(new CredentialStore.ServerBinding(key, issuer, resource));
  }

  private boolean loopback(URI server) {
    return allowLoopback || dev.mcpkit.client.internal.Hosts.isLoopback(server.getHost());
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

  private <T> T withLock(String key, Supplier<T> body) {
    ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
    lock.lock();
    try {
      return body.get();
    } finally {
      lock.unlock();
    }
  }

  private static URI withQuery(URI endpoint, Map<String, String> params) {
    StringBuilder b = new StringBuilder(endpoint.toString());
    char sep = endpoint.getRawQuery() == null ? '?' : '&';
    for (Map.Entry<String, String> e : params.entrySet()) {
      b.append(sep).append(OAuthHttp.enc(e.getKey())).append('=').append(OAuthHttp.enc(e.getValue()));
      sep = '&';
    }
    return URI.create(b.toString());
  }

  @Override
  public void close() {
    http.close();
  }

  /** Settings of an {@link OAuthClient}; every default is the safe one. */
  public static final class Builder {
    private CredentialStore store = CredentialStore.memory();
    private UserAgent userAgent;
    private boolean headless;
    private boolean interactive = true;
    private PreRegisteredClient preRegistered;
    private URI clientMetadataUrl;
    private ClientCredentials clientCredentials;
    private String clientName = "mcpkit";
    private final Set<String> scopes = new LinkedHashSet<>();
    private boolean allowLoopback;
    private boolean offlineAccess = true;
    private Duration loginTimeout = Duration.ofMinutes(5);
    private String prompt;
    private java.util.function.Consumer<String> notices = sentence -> { };
    private Duration httpTimeout = Duration.ofSeconds(10);
    private HostResolver resolver = HostResolver.system();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Where registrations and tokens are kept (default: memory). */
    public Builder store(CredentialStore store) {
      this.store = Objects.requireNonNull(store);
      return this;
    }

    /** How the user is taken to the authorization server (a browser, a printed URL, a test's Chromium). */
    public Builder userAgent(UserAgent userAgent) {
      this.userAgent = userAgent;
      return this;
    }

    /**
     * Follow the authorization server's redirect without a browser: for servers that redirect back
     * at once (conformance mocks, servers that remember consent); fails clearly when a login page appears.
     */
    public Builder headless() {
      this.headless = true;
      return this;
    }

    /**
     * Whether {@link #onChallenge} may start a sign-in by itself (default true). With false it
     * only uses stored tokens and refreshes them, and throws {@link AuthorizationRequiredException}
     * when a person has to sign in; the application then calls {@link #login}.
     */
    public Builder interactive(boolean interactive) {
      this.interactive = interactive;
      return this;
    }

    /** Credentials registered with the authorization server beforehand (used first). */
    public Builder preRegistered(PreRegisteredClient client) {
      this.preRegistered = client;
      return this;
    }

    /**
     * The https URL of this client's metadata document (CIMD), used as its client id with
     * authorization servers that advertise {@code client_id_metadata_document_supported}. {@link
     * ClientMetadataDocument} writes the document to host there.
     */
    public Builder clientMetadataUrl(URI url) {
      if (url != null && (!"https".equalsIgnoreCase(url.getScheme()) || url.getRawPath() == null
          || url.getRawPath().isEmpty() || url.getRawPath().equals("/") || url.getRawFragment() != null)) {
        throw new IllegalArgumentException("a client id metadata document URL must be https with a path and no fragment");
      }
      this.clientMetadataUrl = url;
      return this;
    }

    /** Use the client_credentials grant (no user) instead of the authorization code flow. */
    public Builder clientCredentials(ClientCredentials credentials) {
      this.clientCredentials = credentials;
      return this;
    }

    /** The {@code client_name} sent in dynamic registrations (default "mcpkit"). */
    public Builder clientName(String name) {
      this.clientName = Objects.requireNonNull(name);
      return this;
    }

    /** Scopes to request in addition to what the server asks for. */
    public Builder scopes(Set<String> scopes) {
      this.scopes.addAll(scopes);
      return this;
    }

    /**
     * Development switch: allow authorization servers and metadata on loopback addresses even for
     * a server that is not itself on loopback (a server on loopback always may use loopback ones).
     */
    public Builder allowLoopback(boolean allow) {
      this.allowLoopback = allow;
      return this;
    }

    /** Ask for {@code offline_access} when the authorization server lists it (default true). */
    public Builder offlineAccess(boolean offlineAccess) {
      this.offlineAccess = offlineAccess;
      return this;
    }

    /** How long a person has to complete the sign-in (default 5 minutes). */
    public Builder loginTimeout(Duration timeout) {
      this.loginTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /**
     * The OpenID Connect {@code prompt} sent with each authorization request ({@code consent}: show the consent page
     * even when the decision was remembered; {@code login}: ask for the credentials again), or {@code null} (default).
     */
    public Builder prompt(String prompt) {
      this.prompt = prompt == null || prompt.isBlank() ? null : prompt.trim();
      return this;
    }

    /**
     * Where sentences for the user go about what the client did by itself, e.g. that it registered again because the
     * authorization server forgot its registration (default: logged only).
     */
    public Builder onNotice(java.util.function.Consumer<String> notices) {
      this.notices = Objects.requireNonNull(notices);
      return this;
    }

    /** Connect and answer timeout of each request to an authorization server (default 10 s). */
    public Builder httpTimeout(Duration timeout) {
      this.httpTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /** Name resolution for the SSRF checks (tests plug in a scripted one). */
    public Builder hostResolver(HostResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver);
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    public OAuthClient build() {
      return new OAuthClient(this);
    }
  }
}
