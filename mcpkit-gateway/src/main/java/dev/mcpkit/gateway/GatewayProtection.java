package dev.mcpkit.gateway;

import dev.mcpkit.auth.resource.IntrospectionValidator;
import dev.mcpkit.auth.resource.JwtValidator;
import dev.mcpkit.auth.resource.ResourceServerGuard;
import dev.mcpkit.auth.resource.TokenValidator;
import dev.mcpkit.auth.server.AuthorizationServer;
import dev.mcpkit.auth.server.ClientRegistration;
import dev.mcpkit.auth.server.PasswordHasher;
import dev.mcpkit.auth.server.ProtectedResource;
import dev.mcpkit.auth.server.UserAccount;
import dev.mcpkit.store.Hashes;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.server.Handler;

/**
 * The gateway's downstream endpoint as an OAuth protected resource: mcpkit-auth's {@link ResourceServerGuard} (RFC
 * 9728 metadata naming the gateway's scopes, 401/403 challenges) with tokens either from the embedded authorization
 * server (as {@code mcpkit up} runs it: issuer {@code /auth} on the gateway's origin, a user, a public PKCE client and
 * a service client) or from an external issuer, checked with its JWKS or by introspection. Mount {@link #guard()} and
 * {@link #handlers()} on the gateway's {@code McpHttpServer}. Only this class needs mcpkit-auth (an optional
 * dependency of mcpkit-gateway): a gateway without protection runs without it.
 *
 * <p>The caller's token stops here: handlers see a {@code Caller} (subject, client, scopes), never the token, and the
 * gateway's upstream requests carry only each upstream's own credentials.
 */
public final class GatewayProtection implements AutoCloseable {

  /** The public (PKCE) client of the embedded authorization server. */
  public static final String PUBLIC_CLIENT = "mcpkit-gateway";
  /** The client-credentials client of the embedded authorization server. */
  public static final String SERVICE_CLIENT = "mcpkit-gateway-service";
  /** The scope the gateway's endpoint requires when the configuration names none. */
  public static final String DEFAULT_SCOPE = "mcp:gateway";

  private final ResourceServerGuard guard;
  private final AuthorizationServer as;
  private final String user;
  private final String password;
  private final String serviceSecret;
  private final boolean generated;

  private GatewayProtection(ResourceServerGuard guard, AuthorizationServer as, String user, String password,
      String serviceSecret, boolean generated) {
    this.generated = generated;
    this.guard = guard;
    this.as = as;
    this.user = user;
    this.password = password;
    this.serviceSecret = serviceSecret;
  }

  /** A new builder: choose {@link Builder#embedded}, {@link Builder#jwks} or {@link Builder#introspection}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The guard to give the gateway's {@code McpHttpServer}. */
  public ResourceServerGuard guard() {
    return guard;
  }

  /** The handlers to mount next to the MCP endpoint: the resource metadata, and the embedded authorization server. */
  public List<Handler> handlers() {
    return as == null ? List.of(guard.metadataHandler()) : List.of(guard.metadataHandler(), as.handler());
  }

  /** The protected resource's identifier (the {@code aud} of the tokens it accepts). */
  public String resource() {
    return guard.resource();
  }

  /** The issuer of the embedded authorization server, or {@code null} with an external one. */
  public URI embeddedIssuer() {
    return as == null ? null : as.issuer();
  }

  /** The embedded authorization server's user, or {@code null}. */
  public String user() {
    return user;
  }

  /** The embedded user's password (to show the operator once), or {@code null}. */
  public String password() {
    return password;
  }

  /** Whether {@link #password()} was generated here (show it), rather than configured (do not repeat it). */
  public boolean passwordGenerated() {
    return generated;
  }

  /** The secret of {@link #SERVICE_CLIENT} on the embedded authorization server (random per start), or {@code null}. */
  public String serviceSecret() {
    return serviceSecret;
  }

  @Override
  public void close() {
    guard.close();
    if (as != null) {
      as.close();
    }
  }

  /** Builds a {@link GatewayProtection}; immutable settings, {@link #build(URI)} once the endpoint's URL is known. */
  public static final class Builder {
    private String issuer;
    private URI jwksUri;
    private URI introspection;
    private String introspectionClient;
    private String introspectionSecret;
    private boolean embedded;
    private String user = "operator";
    private String password;
    private String resource;
    private final List<String> scopes = new ArrayList<>();
    private final List<String> required = new ArrayList<>();
    private boolean delegation;
    private dev.mcpkit.store.Store store;

    private Builder() {}

    /**
     * Where the embedded authorization server keeps its state (keys, codes, tokens, sign-ins); default: memory. A
     * shared store (Redis) lets several gateway instances behind one load balancer accept each other's tokens.
     */
    public Builder store(dev.mcpkit.store.Store store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Tokens from the embedded authorization server at {@code ORIGIN/auth}, as {@code mcpkit up} runs it.
     *
     * @param user the user who signs in
     * @param password that user's password; {@code null} for a random one ({@link #password()})
     * @return this builder
     */
    public Builder embedded(String user, String password) {
      this.embedded = true;
      this.user = Objects.requireNonNull(user, "user");
      this.password = password;
      return this;
    }

    /** Tokens from an external issuer, RFC 9068 JWTs checked with the keys at {@code jwksUri}. */
    public Builder jwks(String issuer, URI jwksUri) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      this.jwksUri = Objects.requireNonNull(jwksUri, "jwksUri");
      return this;
    }

    /** Tokens from an external issuer, checked at its RFC 7662 introspection endpoint with these client credentials. */
    public Builder introspection(String issuer, URI endpoint, String clientId, String clientSecret) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      this.introspection = Objects.requireNonNull(endpoint, "endpoint");
      this.introspectionClient = Objects.requireNonNull(clientId, "clientId");
      this.introspectionSecret = Objects.requireNonNull(clientSecret, "clientSecret");
      return this;
    }

    /** The resource identifier; default: the endpoint URL given to {@link #build(URI)}. */
    public Builder resource(String resource) {
      this.resource = resource;
      return this;
    }

    /** The gateway's scopes, named in its metadata (default: {@value #DEFAULT_SCOPE}). */
    public Builder scopes(List<String> scopes) {
      this.scopes.clear();
      this.scopes.addAll(scopes);
      return this;
    }

    /** The scopes every request needs (default: the first of {@link #scopes}). */
    public Builder requiredScopes(List<String> scopes) {
      this.required.clear();
      this.required.addAll(scopes);
      return this;
    }

    /**
     * Whether the guard hands each caller's token, hidden, to the {@code token_exchange} upstreams (default off; the
     * configuration file turns it on when an upstream uses that strategy): mcpkit-auth's {@code delegation}.
     */
    public Builder delegation(boolean on) {
      this.delegation = on;
      return this;
    }

    /**
     * Builds the guard (and starts nothing: the embedded server is a handler on the gateway's own HTTP server).
     *
     * @param endpoint the gateway's MCP endpoint URL (e.g. {@code http://127.0.0.1:8090/mcp})
     * @throws IllegalArgumentException when neither an issuer nor the embedded server was chosen, or a URL is invalid
     */
    public GatewayProtection build(URI endpoint) {
      if (!embedded && issuer == null) {
        throw new IllegalArgumentException("choose the embedded authorization server or an external issuer");
      }
      String host = endpoint.getHost() == null ? "" : endpoint.getHost();
      if (resource == null && (host.equals("0.0.0.0") || host.equals("[::]") || host.equals("::"))) {
        throw new IllegalArgumentException("the gateway listens on every interface, so its URL is not known: set"
            + " the resource (gateway.auth.resource) to the URL its clients reach");
      }
      String id = resource != null ? resource : endpoint.toString();
      List<String> all = scopes.isEmpty() ? List.of(DEFAULT_SCOPE) : List.copyOf(scopes);
      List<String> base = required.isEmpty() ? List.of(all.getFirst()) : List.copyOf(required);
      URI idUri = URI.create(id); // the embedded server lives on the origin clients reach (the resource's)
      String origin = idUri.getScheme() + "://" + idUri.getRawAuthority();
      AuthorizationServer as = null;
      String pass = null;
      String secret = null;
      String iss = issuer;
      TokenValidator validator;
      if (embedded) {
        iss = origin + "/auth";
        pass = password != null && !password.isEmpty() ? password : random(12);
        secret = random(24);
        AuthorizationServer.Builder asb = AuthorizationServer.builder().issuer(URI.create(iss));
        if (store != null) {
          asb.store(store);
        }
        as = asb
            .users(List.of(new UserAccount(user, PasswordHasher.hash(pass), user)))
            .clients(List.of(
                // Loopback redirect URIs match any port (RFC 8252), so local tools on any port can use it.
                ClientRegistration.publicClient(PUBLIC_CLIENT, "mcpkit gateway client", "http://127.0.0.1/callback",
                    "http://localhost/callback", "http://127.0.0.1/oauth/callback", "http://localhost/oauth/callback"),
                // A random 192-bit secret needs no slow hash (as mcpkit up does it).
                ClientRegistration.serviceClient(SERVICE_CLIENT, "mcpkit gateway service",
                    "sha256:" + Hashes.sha256(secret), all.toArray(String[]::new))))
            .protectedResources(List.of(new ProtectedResource(id, all, base)))
            .build();
        // Same process: a revoked token stops working at once, not when it expires. The keys come from this
        // instance's own address, never through a load balancer in front of it (which it may not reach).
        boolean wildcard = host.equals("0.0.0.0") || host.equals("[::]") || host.equals("::");
        String local = endpoint.getScheme() + "://" + (wildcard ? "127.0.0.1:" + endpoint.getPort()
            : endpoint.getRawAuthority());
        validator = JwtValidator.builder().jwks(iss, URI.create(local + "/auth/jwks")).revocations(as.revocations())
            .build();
      } else if (jwksUri != null) {
        validator = JwtValidator.builder().jwks(iss, jwksUri).build();
      } else {
        validator = IntrospectionValidator.builder(introspection, introspectionClient, introspectionSecret).build();
      }
      try {
        ResourceServerGuard guard = ResourceServerGuard.builder(id).authorizationServers(iss)
            .scopesSupported(all.toArray(String[]::new)).baseScopes(base.toArray(String[]::new))
            .resourceName("mcpkit gateway").validator(validator).delegation(delegation).build();
        return new GatewayProtection(guard, as, embedded ? user : null, pass, secret,
            embedded && (password == null || password.isEmpty()));
      } catch (RuntimeException e) {
        validator.close();
        if (as != null) {
          as.close();
        }
        throw e;
      }
    }

    private static String random(int bytes) {
      byte[] b = new byte[bytes];
      new SecureRandom().nextBytes(b);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
  }
}
