package dev.mcpkit.auth.server;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A pre-registered client, as read from the configuration file or given to the {@link AuthorizationServer} builder.
 * Build one with {@link #publicClient} (PKCE, no secret), {@link #serviceClient} (a secret and the client_credentials
 * grant) or {@link #builder(String)}; change one
 * with {@link #toBuilder()}. Immutable.
 */
public final class ClientRegistration {

  private final String clientId;
  private final String clientName;
  private final List<String> redirectUris;
  private final String authMethod;
  private final String secretHash;
  private final String jwksJson;
  private final Set<String> grantTypes;
  private final Set<String> scopes;
  private final String resource;
  private final Set<String> exchangeTargets;

  private ClientRegistration(Builder b) {
    clientId = Objects.requireNonNull(b.clientId, "clientId");
    redirectUris = List.copyOf(b.redirectUris == null ? List.of() : b.redirectUris);
    authMethod = b.authMethod == null ? "none" : b.authMethod;
    secretHash = b.secretHash;
    jwksJson = b.jwksJson;
    grantTypes = Set.copyOf(b.grantTypes == null || b.grantTypes.isEmpty()
        ? Set.of("authorization_code", "refresh_token") : b.grantTypes);
    scopes = b.scopes == null ? null : Set.copyOf(b.scopes);
    if (scopes == null && (grantTypes.contains("client_credentials")
        || grantTypes.contains("urn:ietf:params:oauth:grant-type:token-exchange"))) {
      // Grants without a user have nobody to consent: only an operator's explicit list may say what they get.
      throw new IllegalArgumentException("client '" + clientId + "': client_credentials and token exchange need an "
          + "explicit scope list (an empty list grants nothing)");
    }
    resource = b.resource;
    exchangeTargets = Set.copyOf(b.exchangeTargets == null ? Set.of() : b.exchangeTargets);
    clientName = b.clientName == null ? clientId : b.clientName;
  }

  /**
   * A public client (PKCE, no secret) with the authorization-code and refresh-token grants.
   *
   * @param clientId the identifier
   * @param name shown on the consent page ({@code null}: the identifier)
   * @param redirectUris exact redirect URIs; each is https or http on a loopback host
   * @return the registration
   */
  public static ClientRegistration publicClient(String clientId, String name, String... redirectUris) {
    return builder(clientId).name(name).redirectUris(List.of(redirectUris)).build();
  }

  /**
   * A confidential service client: {@code client_secret_basic} with the {@code client_credentials} grant only (no
   * user, no redirect URIs), bounded to {@code scopes}.
   *
   * @param clientId the identifier
   * @param name a display name ({@code null}: the identifier)
   * @param secretHash the client secret as an Argon2id PHC string ({@link PasswordHasher}) or {@code sha256:<hex>}
   * @param scopes the scopes it may be granted (none: it is granted nothing)
   * @return the registration
   */
  public static ClientRegistration serviceClient(String clientId, String name, String secretHash, String... scopes) {
    return builder(clientId).name(name).authMethod("client_secret_basic").secretHash(secretHash)
        .grantTypes(Set.of("client_credentials")).scopes(Set.of(scopes)).build();
  }

  /**
   * A builder for any other client (a secret, {@code private_key_jwt}, other grants, a scope list).
   *
   * @param clientId the identifier (must not start with {@code https://}: that form is reserved for Client ID
   *     Metadata Documents)
   * @return a builder whose other settings are the defaults of {@link #publicClient}
   */
  public static Builder builder(String clientId) {
    return new Builder(clientId);
  }

  /** @return a builder holding this registration's settings, to derive a changed copy */
  public Builder toBuilder() {
    return new Builder(clientId).name(clientName).redirectUris(redirectUris).authMethod(authMethod)
        .secretHash(secretHash).jwks(jwksJson).grantTypes(grantTypes).scopes(scopes).resource(resource)
        .exchangeTargets(exchangeTargets);
  }

  /** @return the identifier */
  public String clientId() {
    return clientId;
  }

  /** @return the name shown on the consent page (the identifier when none was given) */
  public String clientName() {
    return clientName;
  }

  /** @return the exact redirect URIs (empty for a client without the code flow) */
  public List<String> redirectUris() {
    return redirectUris;
  }

  /**
   * @return {@code none}, {@code client_secret_basic}, {@code client_secret_post} or {@code private_key_jwt}
   *     ({@code none} when none was given)
   */
  public String authMethod() {
    return authMethod;
  }

  /**
   * @return the client secret as an Argon2id PHC string ({@link PasswordHasher}) or {@code sha256:<hex>};
   *     {@code null} unless the method is a client-secret one
   */
  public String secretHash() {
    return secretHash;
  }

  /** @return the client's public keys as a JWK Set (JSON), for {@code private_key_jwt}; otherwise {@code null} */
  public String jwksJson() {
    return jwksJson;
  }

  /** @return the grants it may use (authorization code and refresh token when none were given) */
  public Set<String> grantTypes() {
    return grantTypes;
  }

  /**
   * @return the scopes it may be granted. {@code null} (no list): with a user's consent in the code flow, any
   *     scope of the resource; nothing without a user. A list (even empty, which grants nothing) bounds every
   *     grant, and is required for {@code client_credentials} and token exchange
   */
  public Set<String> scopes() {
    return scopes;
  }

  /**
   * @return the protected resource this client itself is (a server that receives tokens for it), or {@code null};
   *     needed for token exchange
   */
  public String resource() {
    return resource;
  }

  /** @return downstream resources this client may obtain tokens for by token exchange (RFC 8693) */
  public Set<String> exchangeTargets() {
    return exchangeTargets;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClientRegistration r && clientId.equals(r.clientId) && clientName.equals(r.clientName)
        && redirectUris.equals(r.redirectUris) && authMethod.equals(r.authMethod)
        && Objects.equals(secretHash, r.secretHash) && Objects.equals(jwksJson, r.jwksJson)
        && grantTypes.equals(r.grantTypes) && Objects.equals(scopes, r.scopes)
        && Objects.equals(resource, r.resource) && exchangeTargets.equals(r.exchangeTargets);
  }

  @Override
  public int hashCode() {
    return Objects.hash(clientId, clientName, redirectUris, authMethod, secretHash, jwksJson, grantTypes, scopes,
        resource, exchangeTargets);
  }

  @Override
  public String toString() {
    return "ClientRegistration[" + clientId + ", " + authMethod + ", " + grantTypes + "]";
  }

  /** Collects a registration's settings; {@link #build()} checks them. Not thread-safe. */
  public static final class Builder {

    private final String clientId;
    private String clientName;
    private List<String> redirectUris;
    private String authMethod;
    private String secretHash;
    private String jwksJson;
    private Set<String> grantTypes;
    private Set<String> scopes;
    private String resource;
    private Set<String> exchangeTargets;

    private Builder(String clientId) {
      this.clientId = clientId;
    }

    /**
     * @param name shown on the consent page ({@code null}: the identifier)
     * @return this builder
     */
    public Builder name(String name) {
      this.clientName = name;
      return this;
    }

    /**
     * @param uris exact redirect URIs; each is https or http on a loopback host
     * @return this builder
     */
    public Builder redirectUris(List<String> uris) {
      this.redirectUris = uris;
      return this;
    }

    /**
     * @param method {@code none} (the default), {@code client_secret_basic}, {@code client_secret_post} or
     *     {@code private_key_jwt}
     * @return this builder
     */
    public Builder authMethod(String method) {
      this.authMethod = method;
      return this;
    }

    /**
     * @param hash the client secret as an Argon2id PHC string ({@link PasswordHasher}) or {@code sha256:<hex>}
     * @return this builder
     */
    public Builder secretHash(String hash) {
      this.secretHash = hash;
      return this;
    }

    /**
     * @param jwksJson the client's public keys as a JWK Set (JSON), for {@code private_key_jwt}
     * @return this builder
     */
    public Builder jwks(String jwksJson) {
      this.jwksJson = jwksJson;
      return this;
    }

    /**
     * @param grants the grants it may use ({@code null} or empty: authorization code and refresh token)
     * @return this builder
     */
    public Builder grantTypes(Set<String> grants) {
      this.grantTypes = grants;
      return this;
    }

    /**
     * @param scopes the scopes it may be granted; {@code null} (the default) is no list, see
     *     {@link ClientRegistration#scopes()}
     * @return this builder
     */
    public Builder scopes(Set<String> scopes) {
      this.scopes = scopes;
      return this;
    }

    /**
     * @param resource the protected resource this client itself is, needed for token exchange
     * @return this builder
     */
    public Builder resource(String resource) {
      this.resource = resource;
      return this;
    }

    /**
     * @param targets downstream resources it may obtain tokens for by token exchange (RFC 8693)
     * @return this builder
     */
    public Builder exchangeTargets(Set<String> targets) {
      this.exchangeTargets = targets;
      return this;
    }

    /**
     * @return the registration
     * @throws NullPointerException without a client id
     * @throws IllegalArgumentException when {@code client_credentials} or token exchange is allowed without a
     *     scope list
     */
    public ClientRegistration build() {
      return new ClientRegistration(this);
    }
  }
}
