package dev.mcpkit.auth.server;

import dev.mcpkit.auth.fetch.AddressPolicy;
import dev.mcpkit.auth.fetch.HostResolver;
import dev.mcpkit.auth.fetch.SafeFetcher;
import dev.mcpkit.auth.oauth.WellKnown;
import dev.mcpkit.auth.server.federation.UpstreamLogin;
import dev.mcpkit.server.http.JettyServers;
import dev.mcpkit.store.Store;
import dev.mcpkit.store.memory.MemoryStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * mcpkit's embedded OAuth 2.1 authorization server for MCP.
 *
 * <pre>{@code
 * AuthorizationServer as = AuthorizationServer.builder()
 *     .issuer(URI.create("http://127.0.0.1:9000"))
 *     .clients(List.of(ClientRegistration.publicClient("my-client", "My client", "http://127.0.0.1/callback")))
 *     .users(List.of(new UserAccount("alice", PasswordHasher.hash("secret"), "Alice")))
 *     .protectedResources(List.of(ProtectedResource.of("http://127.0.0.1:8080/mcp", "mcp:read")))
 *     .build();
 * as.start("127.0.0.1", 9000);     // or mount as.handler() in your own Jetty server
 * }</pre>
 *
 * <p>It serves RFC 8414 and OpenID discovery metadata, {@code /authorize} with login and consent pages (local users
 * and federated upstream providers), {@code /token} (authorization code with PKCE S256, refresh with rotation,
 * client credentials, token exchange), {@code /register} (RFC 7591), {@code /revoke}, {@code /introspect} and
 * {@code /jwks}, all under the issuer's path. Client ids that are https URLs are resolved as Client ID Metadata
 * Documents. State lives in the {@link Store}: memory by default, Redis to survive restarts.
 */
public final class AuthorizationServer implements AutoCloseable {

  private final Settings settings;
  private final Store store;
  private final boolean ownsStore;
  private final Keys keys;
  private final Router router;
  private final SafeFetcher fetcher;
  private final UpstreamLogin upstream;
  private final Path keystore;
  private final String keystorePassword;
  private Server server;

  private AuthorizationServer(Builder b, Settings settings) {
    this.settings = settings;
    this.store = b.store != null ? b.store : new MemoryStore(b.clock);
    this.ownsStore = b.store == null;
    this.keystore = b.keystore;
    this.keystorePassword = b.keystorePassword;
    this.fetcher = b.fetcher != null ? b.fetcher
        : new SafeFetcher(new AddressPolicy(b.cimd.allowLoopback()), HostResolver.system(), Duration.ofSeconds(5),
            b.clock);
    Map<String, ResolvedClient> configured = new LinkedHashMap<>();
    for (ClientRegistration c : b.clients) {
      validate(c);
      configured.put(c.clientId(), ResolvedClient.of(c));
    }
    Map<String, UserAccount> users = new LinkedHashMap<>();
    b.users.forEach(u -> users.put(u.username(), u));
    Resources resources = new Resources(b.resources);
    Clients clients = new Clients(configured, store, b.cimd, settings.openRegistration(), fetcher, settings.clock());
    this.keys = new Keys(store, settings.clock(), settings.keyRotation(), settings.accessTokenTtl());
    Tokens tokens = new Tokens(settings, store, keys);
    ClientAuthenticator auth = new ClientAuthenticator(settings, clients, store, fetcher);
    Interaction interaction = new Interaction(store, settings);
    this.upstream = new UpstreamLogin(b.upstreams, settings.endpoint("/federation/callback"), store, settings.clock());
    AuthorizeEndpoint authorize = new AuthorizeEndpoint(settings, clients, interaction, store, users, resources,
        upstream, b.interactionsPerAddress, b.interactionsTotal);
    TokenEndpoint token = new TokenEndpoint(settings, store, tokens, auth, resources);
    IntrospectionRevocation ir = new IntrospectionRevocation(store, tokens, auth);
    Metadata metadata = new Metadata(settings, resources, b.cimd.enabled());

    String base = settings.basePath();
    router = new Router();
    List<String> wellKnown = WellKnown.authorizationServerPaths(base);
    router.get(wellKnown.get(0), metadata::oauth, false);
    wellKnown.subList(1, wellKnown.size()).forEach(p -> router.get(p, metadata::openid, false));
    router.get(base + "/jwks", (rq, rs, cb) -> Http.publicJson(rs, cb, keys.publicKeys().toJSONObject(true)), false);
    router.get(base + "/authorize", authorize::authorize, true);
    router.get(base + "/interaction", authorize::interaction, true);
    router.post(base + "/login", authorize::login, true);
    router.post(base + "/consent", authorize::consent, true);
    router.post(base + "/federation/start", authorize::federationStart, true);
    router.get(base + "/federation/callback", authorize::federationCallback, true);
    router.post(base + "/token", token::handle, false);
    router.post(base + "/revoke", ir::revoke, false);
    router.post(base + "/introspect", ir::introspect, false);
    if (settings.dynamicRegistration()) {
      RegistrationEndpoint registration = new RegistrationEndpoint(settings, store);
      router.post(base + "/register", registration::handle, false);
    }
  }

  /**
   * @return a builder; only the issuer must be set
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The issuer identifier, exactly as configured. */
  public URI issuer() {
    return settings.issuer();
  }

  /** The store this server keeps its state in. */
  public Store store() {
    return store;
  }

  /**
   * Ready when this server's store answers ({@link Store#ping()}; a PING for Redis): the check for {@code
   * McpHttpServer.Builder.readiness} when this server is mounted in one ({@code mcpkit up}). Unavailable: {@code
   * "store"}.
   */
  public dev.mcpkit.server.http.ReadinessCheck readiness() {
    return () -> store.ping() ? java.util.List.of() : java.util.List.of("store");
  }

  /**
   * A revocation feed on this server's store for a {@link dev.mcpkit.auth.resource.JwtValidator} in the same
   * process: a revoked token, or one of a grant family revoked after a replay, is refused at once.
   */
  public dev.mcpkit.auth.resource.Revocations revocations() {
    return new dev.mcpkit.auth.resource.StoreRevocations(store, settings.issuerString());
  }

  /**
   * The Jetty handler serving every endpoint under the issuer's path (and the well-known documents at the root).
   * It declines requests for other paths, so it can sit in a {@code Handler.Sequence} before an MCP endpoint.
   */
  public Handler handler() {
    return router;
  }

  /**
   * Retires the active signing key and starts signing with a new one. Rotation also happens by itself after the
   * configured interval; the retired key stays in the JWKS until the tokens it signed have expired.
   */
  public void rotateSigningKey() {
    keys.rotate();
  }

  /**
   * Starts a Jetty server on {@code host:port} (port 0: any free port) and returns the bound port. Plain HTTP is
   * only served on loopback addresses; any other address needs a TLS keystore ({@link Builder#tls}).
   */
  public synchronized int start(String host, int port) throws Exception {
    refusePlainHttp(host);
    ServerSocketChannel channel = JettyServers.bind(host, port);
    try {
      return start(channel);
    } catch (Exception | Error e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Starts a Jetty server on a socket bound beforehand ({@link JettyServers#bind}), which it then owns and closes on
   * {@link #close()}; returns its port. For an issuer URL that contains a port picked by binding port 0: bind, build
   * this server with the issuer, start it here; the port is never free in between. Plain HTTP is only served on
   * loopback addresses, as with {@link #start(String, int)}.
   */
  public synchronized int start(ServerSocketChannel bound) throws Exception {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    refusePlainHttp(((InetSocketAddress) bound.getLocalAddress()).getAddress().getHostAddress());
    Server s = JettyServers.newServer("mcpkit-auth"); // no I/O buffer shared between connections
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setRequestHeaderSize(16 * 1024);
    ServerConnector connector;
    if (keystore != null) {
      SslContextFactory.Server tls = new SslContextFactory.Server();
      tls.setKeyStorePath(keystore.toString());
      tls.setKeyStorePassword(keystorePassword);
      SecureRequestCustomizer src = new SecureRequestCustomizer();
      src.setSniHostCheck(false); // a loopback or IP-addressed development certificate has no matching SNI name
      http.addCustomizer(src);
      connector = new ServerConnector(s, new SslConnectionFactory(tls, "http/1.1"), JettyServers.http(http));
    } else {
      connector = new ServerConnector(s, JettyServers.http(http));
    }
    connector.setIdleTimeout(30_000);
    connector.open(bound); // Jetty's start does not bind again
    s.addConnector(connector);
    s.setHandler(new Handler.Sequence(router, new NotFound()));
    s.start();
    server = s;
    return connector.getLocalPort();
  }

  private void refusePlainHttp(String host) {
    if (keystore == null && !isLoopback(host)) {
      throw new IllegalStateException("refusing to serve OAuth over plain HTTP on " + host
          + ": bind 127.0.0.1 or configure a TLS keystore");
    }
  }

  private static boolean isLoopback(String host) {
    try {
      for (InetAddress a : InetAddress.getAllByName(host)) {
        if (!a.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Stops the server (if started) and closes what this server opened; a store passed to the builder stays open. */
  @Override
  public synchronized void close() {
    if (server != null) {
      try {
        server.stop();
      } catch (Exception ignored) {
        // stopping anyway
      }
      server = null;
    }
    upstream.close();
    fetcher.close();
    if (ownsStore) {
      store.close();
    }
  }

  private static void validate(ClientRegistration c) {
    String id = c.clientId();
    if (Clients.isUrlClientId(id)) {
      throw new IllegalArgumentException("client '" + id + "': URL client ids are reserved for metadata documents");
    }
    if (!List.of("none", "client_secret_basic", "client_secret_post", "private_key_jwt").contains(c.authMethod())) {
      throw new IllegalArgumentException("client '" + id + "': unknown token_endpoint_auth_method " + c.authMethod());
    }
    if (c.authMethod().startsWith("client_secret") && c.secretHash() == null) {
      throw new IllegalArgumentException("client '" + id + "': " + c.authMethod() + " needs a client secret hash");
    }
    if (c.authMethod().equals("private_key_jwt") && c.jwksJson() == null) {
      throw new IllegalArgumentException("client '" + id + "': private_key_jwt needs jwks");
    }
    for (String r : c.redirectUris()) {
      String why = RedirectUris.refusal(r);
      if (why != null) {
        throw new IllegalArgumentException("client '" + id + "': " + why + ": " + r);
      }
    }
  }

  /** Builds an {@link AuthorizationServer}. Every setting has a safe default except the issuer. */
  public static final class Builder {
    private URI issuer;
    private Store store;
    private final List<ClientRegistration> clients = new ArrayList<>();
    private final List<UserAccount> users = new ArrayList<>();
    private final List<ProtectedResource> resources = new ArrayList<>();
    private final List<UpstreamProvider> upstreams = new ArrayList<>();
    private CimdPolicy cimd = CimdPolicy.defaults();
    private SafeFetcher fetcher;
    private Clock clock = Clock.systemUTC();
    private Duration accessTokenTtl = Duration.ofMinutes(10);
    private Duration refreshTokenTtl = Duration.ofDays(30);
    private Duration codeTtl = Duration.ofSeconds(60);
    private Duration consentTtl = Duration.ofDays(90);
    private Duration sessionTtl = Duration.ofHours(8);
    private Duration keyRotation = Duration.ofDays(7);
    private boolean dynamicRegistration = true;
    private int registrationsPerMinute = 10;
    private OpenRegistrationPolicy openRegistration = OpenRegistrationPolicy.defaults();
    private int loginFailures = 5;
    private int interactionsPerAddress = 200;
    private int interactionsTotal = 20_000;
    private Path keystore;
    private String keystorePassword;

    private Builder() {}

    /** The issuer: https, or http on a loopback host for development; may have a path; no query or fragment. */
    public Builder issuer(URI issuer) {
      this.issuer = issuer;
      return this;
    }

    /** Where state is kept; default: a new {@link MemoryStore} that this server owns and closes. */
    public Builder store(Store store) {
      this.store = store;
      return this;
    }

    /**
     * Adds pre-registered clients (may be called more than once).
     *
     * @param clients the registrations
     * @return this builder
     */
    public Builder clients(List<ClientRegistration> clients) {
      this.clients.addAll(clients);
      return this;
    }

    /**
     * Adds local user accounts that can sign in on the login page (may be called more than once).
     *
     * @param users the accounts
     * @return this builder
     */
    public Builder users(List<UserAccount> users) {
      this.users.addAll(users);
      return this;
    }

    /**
     * Adds the resources tokens can be issued for (may be called more than once).
     *
     * @param resources the protected resources with their scopes
     * @return this builder
     */
    public Builder protectedResources(List<ProtectedResource> resources) {
      this.resources.addAll(resources);
      return this;
    }

    /**
     * Adds upstream OpenID providers users may sign in with instead of a local password (may be called more
     * than once).
     *
     * @param providers the providers
     * @return this builder
     */
    public Builder upstreamProviders(List<UpstreamProvider> providers) {
      this.upstreams.addAll(providers);
      return this;
    }

    /**
     * How Client ID Metadata Documents are accepted; default {@link CimdPolicy#defaults()}.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder cimd(CimdPolicy policy) {
      this.cimd = policy;
      return this;
    }

    /** The fetcher for metadata documents and client {@code jwks_uri}s (tests plug in a scripted resolver). */
    public Builder fetcher(SafeFetcher fetcher) {
      this.fetcher = fetcher;
      return this;
    }

    /** The clock for every expiry decision (tests move it instead of sleeping). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * @param d how long an access token is valid (default 10 minutes)
     * @return this builder
     */
    public Builder accessTokenTtl(Duration d) {
      this.accessTokenTtl = d;
      return this;
    }

    /**
     * @param d how long a refresh token is valid (default 30 days)
     * @return this builder
     */
    public Builder refreshTokenTtl(Duration d) {
      this.refreshTokenTtl = d;
      return this;
    }

    /**
     * @param d how long an authorization code can be redeemed (default 60 seconds)
     * @return this builder
     */
    public Builder codeTtl(Duration d) {
      this.codeTtl = d;
      return this;
    }

    /**
     * @param d how often a new token-signing key is made (default 7 days)
     * @return this builder
     */
    public Builder keyRotation(Duration d) {
      this.keyRotation = d;
      return this;
    }

    /** Dynamic Client Registration on or off, and how many registrations one address may make per minute. */
    public Builder dynamicRegistration(boolean enabled, int perMinute) {
      this.dynamicRegistration = enabled;
      this.registrationsPerMinute = perMinute;
      return this;
    }

    /**
     * What self-registered clients (dynamic registration and metadata documents) may be given; by default only the
     * grants where a user consents.
     */
    public Builder openRegistration(OpenRegistrationPolicy policy) {
      this.openRegistration = java.util.Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Failed logins allowed per account (across all addresses) in 15 minutes before the login page refuses; one
     * address may fail four times as often across all user names.
     */
    public Builder loginFailuresPerWindow(int n) {
      this.loginFailures = n;
      return this;
    }

    /**
     * How many authorization requests (each stored with a browser session for 10 minutes before anyone signs in)
     * may start per address and in total in 10 minutes (default 200 and 20,000); past them the browser gets a 429
     * or 503 page.
     */
    public Builder interactionLimits(int perAddress, int total) {
      if (perAddress < 1 || total < 1) {
        throw new IllegalArgumentException("interaction limits must be positive");
      }
      this.interactionsPerAddress = perAddress;
      this.interactionsTotal = total;
      return this;
    }

    /** Serve HTTPS from a PKCS12 or JKS keystore (needed for any non-loopback bind). */
    public Builder tls(Path keystore, String password) {
      this.keystore = keystore;
      this.keystorePassword = password;
      return this;
    }

    /**
     * @return the server, not started yet
     * @throws IllegalArgumentException when the issuer is missing, not an absolute URL with a host, has a query,
     *     fragment or user info, or is not https (http only on a loopback host)
     */
    public AuthorizationServer build() {
      if (issuer == null) {
        throw new IllegalArgumentException("an issuer is required");
      }
      String scheme = issuer.getScheme() == null ? "" : issuer.getScheme();
      if (!issuer.isAbsolute() || issuer.getHost() == null || issuer.getRawQuery() != null
          || issuer.getRawFragment() != null || issuer.getRawUserInfo() != null) {
        throw new IllegalArgumentException("issuer must be an absolute URL with a host and no query or fragment");
      }
      if (!scheme.equals("https") && !(scheme.equals("http") && isLoopback(issuer.getHost()))) {
        throw new IllegalArgumentException("issuer must use https (http only for a loopback host in development)");
      }
      String issuerString = issuer.toString();
      String base = issuerString.endsWith("/") ? issuerString.substring(0, issuerString.length() - 1) : issuerString;
      String path = issuer.getRawPath() == null ? "" : issuer.getRawPath();
      path = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
      return new AuthorizationServer(this, new Settings(issuer, issuerString, base, path, clock, accessTokenTtl,
          refreshTokenTtl, codeTtl, consentTtl, sessionTtl, keyRotation, dynamicRegistration, registrationsPerMinute,
          loginFailures, openRegistration));
    }
  }
}
