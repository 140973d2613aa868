package dev.mcpkit.auth.client;

import dev.mcpkit.auth.fetch.HostResolver;
import dev.mcpkit.auth.oauth.Scopes;
import dev.mcpkit.client.auth.AuthChallenge;
import dev.mcpkit.client.auth.AuthProvider;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  private final CredentialStore store;
  private final OAuthHttp http;
  private final Discovery discovery;
  private final Revocation revocation;
  private final Grants grants;
  private final ClientCredentials clientCredentials;

  private OAuthClient(Builder b) {
    this.store = b.store;
    this.http = new OAuthHttp(b.resolver, b.httpTimeout, b.clientName, b.listener);
    this.discovery = new Discovery(http);
    TokenRequests tokens = new TokenRequests(http, b.clock, b.clientCredentials);
    Registration registration = new Registration(b.store, http, tokens, b.preRegistered, b.clientMetadataUrl,
        b.clientName, b.notices);
    CodeFlow codeFlow = new CodeFlow(http, registration, tokens, b.userAgent, b.offlineAccess, b.loginTimeout, b.prompt,
        b.redirectEndpoint);
    this.revocation = new Revocation(http, tokens);
    this.clientCredentials = b.clientCredentials;
    this.grants = new Grants(b.store, discovery, tokens, codeFlow, b.userAgent != null || b.headless, b.interactive,
        b.clientCredentials, Scopes.ordered(b.scopes), b.allowLoopback, b.clock);
  }

  /** A new builder; every default is the safe one. */
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
    return grants.headers(endpoint);
  }

  @Override
  public boolean onChallenge(AuthChallenge c) {
    URI server = c.endpoint();
    String key = UrlRules.serverKey(server);
    http.emit(new OAuthEvent(OAuthEvent.Kind.CHALLENGE, server, c.status(),
        c.wwwAuthenticate() == null ? Map.of() : Map.of("wwwAuthenticate", String.join(", ", c.wwwAuthenticate()))));
    try {
      return grants.withLock(key, () -> grants.answer(c, server, key));
    } catch (AuthorizationRequiredException e) {
      throw e;
    } catch (OAuthException e) {
      if (e.reason() == OAuthException.Reason.GAVE_UP) {
        throw e;
      }
      // Say what the server asked for, then why it could not be given.
      throw new OAuthException(e.reason(), "the server at " + server + (c.status() == 401 ? " requires authorization ("
          : " wants more authorization (") + Grants.describe(c) + "), but " + e.getMessage(), c.status(), c.wwwAuthenticate());
    }
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
    return grants.withLock(key, () -> {
      CredentialStore.ServerBinding b = store.binding(key).orElse(null);
      String rm = challenge == null ? null : challenge.bearerParam("resource_metadata").orElse(null);
      Discovery.Result d = discovery.discover(server, rm, b == null ? null : b.issuer(), grants.loopback(server));
      if (b != null && (!b.issuer().equals(d.as().issuer()) || !b.resource().equals(d.resource()))) {
        store.removeGrant(b.issuer(), b.resource());
        store.unbind(key);
      }
      Set<String> previous = store.grant(d.as().issuer(), d.resource()).map(StoredGrant::requestedScopes).orElse(Set.of());
      Set<String> challenged = challenge == null ? Set.of() : Scopes.parse(challenge.bearerParam("scope").orElse(null));
      Set<String> wanted = scopes != null && !scopes.isEmpty() ? Scopes.union(scopes, challenged)
          : grants.selectScopes(challenged, d.prm());
      Set<String> all = Scopes.union(previous, wanted);
      String registration;
      String clientId;
      if (clientCredentials != null) {
        grants.clientCredentialsGrant(d, key, all);
        registration = "client_credentials";
        clientId = clientCredentials.clientId();
      } else {
        if (!grants.canSignIn()) {
          throw new OAuthException(OAuthException.Reason.LOGIN_REQUIRED, "no user agent is configured to sign in with");
        }
        grants.authorizationCode(d, key, all);
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
    return grants.withLock(key, () -> {
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
        Revocation.Outcome o = revocation.revoke(g, client, b.issuer(), grants.loopback(server));
        revoked = o.revoked();
        unknownClient = o.unknownClient();
        note = o.note();
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

  /**
   * Refreshes the access token stored for {@code server} now, with its refresh token (what the client otherwise does
   * shortly before expiry or on a 401).
   *
   * @return the new grant
   * @throws OAuthException when nothing is stored, there is no refresh token, or the authorization server refuses
   */
  public StoredGrant refresh(URI server) {
    String key = UrlRules.serverKey(server);
    return grants.withLock(key, () -> {
      CredentialStore.ServerBinding b = store.binding(key).orElseThrow(() -> new OAuthException(
          OAuthException.Reason.LOGIN_REQUIRED, "not signed in to " + server));
      StoredGrant g = store.grant(b.issuer(), b.resource()).filter(x -> x.refreshToken() != null).orElseThrow(() ->
          new OAuthException(OAuthException.Reason.LOGIN_REQUIRED, "no refresh token is stored for " + server));
      grants.refresh(key, b.issuer(), b.resource(), g, null);
      return store.grant(b.issuer(), b.resource()).orElseThrow();
    });
  }

  /** What is stored for {@code server}: the binding and the grant, if any. */
  public Optional<StoredGrant> grant(URI server) {
    CredentialStore.ServerBinding b = store.binding(UrlRules.serverKey(server)).orElse(null);
    return b == null ? Optional.empty() : store.grant(b.issuer(), b.resource());
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
    private java.util.function.Consumer<OAuthEvent> listener = e -> { };
    private RedirectEndpoint redirectEndpoint;

    private Builder() {}

    /**
     * The redirect URI the application serves itself (its own loopback web server routes it to {@link
     * RedirectEndpoint#handle}), instead of a one-shot loopback listener opened for each sign-in (the default).
     */
    public Builder redirectEndpoint(RedirectEndpoint endpoint) {
      this.redirectEndpoint = endpoint;
      return this;
    }

    /**
     * Who is told about each step the client takes (challenge, metadata and token requests, client id, authorization
     * URL, authorization response): for a debugger or an audit trail. Called on the thread taking the step; a
     * listener that throws is logged and ignored. Events carry secrets: see {@link OAuthEvent}.
     */
    public Builder listener(java.util.function.Consumer<OAuthEvent> listener) {
      this.listener = Objects.requireNonNull(listener);
      return this;
    }

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

    /**
     * @param clock the clock for token expiry and the times in {@code private_key_jwt} assertions (default the
     *     system clock; tests move one)
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /**
     * @return the client
     */
    public OAuthClient build() {
      return new OAuthClient(this);
    }
  }
}
