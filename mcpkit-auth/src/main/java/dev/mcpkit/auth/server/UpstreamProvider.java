package dev.mcpkit.auth.server;

import java.net.URI;
import java.util.Objects;

/**
 * An upstream identity provider for federated login. Users pick it on the login page; the authorization server
 * runs an authorization-code flow with PKCE against it, learns who the user is, and then shows its own consent
 * page. The upstream token is used once to learn the identity and is never stored or handed to any client.
 *
 * <p>Kinds: {@code oidc} (generic OpenID Connect: discovery from the issuer, ID token validated), {@code github}
 * (OAuth plus the user API, since GitHub issues no ID token), and the presets {@code gitlab} and {@code gitea},
 * which are OpenID Connect with a default issuer ({@code https://gitlab.com}) or a required one (the Gitea
 * instance's URL).
 */
public final class UpstreamProvider {
  private final String id;
  private final String displayName;
  private final String kind;
  private final URI issuer;
  private final String clientId;
  private final String clientSecret;
  private final String scopes;
  private final URI authorizationEndpoint;
  private final URI tokenEndpoint;
  private final URI userinfoEndpoint;

  /** Whether identity comes from a validated ID token (all kinds but GitHub). */
  public boolean isOpenId() {
    return !kind.equals("github");
  }

  private static URI orElse(URI v, String d) {
    return v == null ? URI.create(d) : v;
  }

  @Override
  public String toString() {
    return "UpstreamProvider[" + id + ", " + kind + "]"; // never print the secret
  }

  private UpstreamProvider(String id, String displayName, String kind, URI issuer, String clientId,
      String clientSecret, String scopes, URI authorizationEndpoint, URI tokenEndpoint, URI userinfoEndpoint) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(clientId, "clientId");
    if (!id.matches("[a-z0-9][a-z0-9-]{0,31}")) {
      throw new IllegalArgumentException("upstream provider id '" + id + "' must be lower-case letters, digits, '-'");
    }
    kind = kind == null ? "oidc" : kind;
    switch (kind) {
      case "github" -> {
        authorizationEndpoint = orElse(authorizationEndpoint, "https://github.com/login/oauth/authorize");
        tokenEndpoint = orElse(tokenEndpoint, "https://github.com/login/oauth/access_token");
        userinfoEndpoint = orElse(userinfoEndpoint, "https://api.github.com/user");
        scopes = scopes == null ? "read:user" : scopes;
        displayName = displayName == null ? "GitHub" : displayName;
      }
      case "gitlab" -> {
        issuer = issuer == null ? URI.create("https://gitlab.com") : issuer;
        scopes = scopes == null ? "openid profile" : scopes;
        displayName = displayName == null ? "GitLab" : displayName;
      }
      case "gitea" -> {
        Objects.requireNonNull(issuer, "the gitea preset needs the instance URL as issuer");
        scopes = scopes == null ? "openid profile" : scopes;
        displayName = displayName == null ? "Gitea" : displayName;
      }
      case "oidc" -> {
        Objects.requireNonNull(issuer, "an oidc upstream provider needs an issuer");
        scopes = scopes == null ? "openid profile" : scopes;
        displayName = displayName == null ? id : displayName;
      }
      default -> throw new IllegalArgumentException("upstream provider '" + id + "': unknown kind '" + kind
          + "' (oidc, github, gitlab, gitea)");
    }
    this.id = id;
    this.displayName = displayName;
    this.kind = kind;
    this.issuer = issuer;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.scopes = scopes;
    this.authorizationEndpoint = authorizationEndpoint;
    this.tokenEndpoint = tokenEndpoint;
    this.userinfoEndpoint = userinfoEndpoint;
  }

  /** A short name used in URLs and in the subject ({@code id:upstream-subject}). */
  public String id() {
    return id;
  }

  /** The button text on the login page. */
  public String displayName() {
    return displayName;
  }

  /** {@code oidc}, {@code github}, {@code gitlab} or {@code gitea}. */
  public String kind() {
    return kind;
  }

  /** The OpenID issuer (OIDC kinds). */
  public URI issuer() {
    return issuer;
  }

  /** The client id registered at the upstream provider. */
  public String clientId() {
    return clientId;
  }

  /** Its secret (kept in memory; never logged). */
  public String clientSecret() {
    return clientSecret;
  }

  /** Space-separated scopes to ask for; defaults per kind. */
  public String scopes() {
    return scopes;
  }

  /** Override (GitHub kind, or tests). */
  public URI authorizationEndpoint() {
    return authorizationEndpoint;
  }

  /** Override (GitHub kind, or tests). */
  public URI tokenEndpoint() {
    return tokenEndpoint;
  }

  /** Override (GitHub kind, or tests). */
  public URI userinfoEndpoint() {
    return userinfoEndpoint;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UpstreamProvider other
        && Objects.equals(id, other.id)
        && Objects.equals(displayName, other.displayName)
        && Objects.equals(kind, other.kind)
        && Objects.equals(issuer, other.issuer)
        && Objects.equals(clientId, other.clientId)
        && Objects.equals(clientSecret, other.clientSecret)
        && Objects.equals(scopes, other.scopes)
        && Objects.equals(authorizationEndpoint, other.authorizationEndpoint)
        && Objects.equals(tokenEndpoint, other.tokenEndpoint)
        && Objects.equals(userinfoEndpoint, other.userinfoEndpoint);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, displayName, kind, issuer, clientId, clientSecret, scopes, authorizationEndpoint,
        tokenEndpoint, userinfoEndpoint);
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these values, to make a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.displayName = displayName;
    b.kind = kind;
    b.issuer = issuer;
    b.clientId = clientId;
    b.clientSecret = clientSecret;
    b.scopes = scopes;
    b.authorizationEndpoint = authorizationEndpoint;
    b.tokenEndpoint = tokenEndpoint;
    b.userinfoEndpoint = userinfoEndpoint;
    return b;
  }

  /** Builds a {@link UpstreamProvider}; every setter replaces the earlier value. */
  public static final class Builder {
    private String id;
    private String displayName;
    private String kind;
    private URI issuer;
    private String clientId;
    private String clientSecret;
    private String scopes;
    private URI authorizationEndpoint;
    private URI tokenEndpoint;
    private URI userinfoEndpoint;

    private Builder() {}

    /** A short name used in URLs and in the subject ({@code id:upstream-subject}). */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /** The button text on the login page. */
    public Builder displayName(String displayName) {
      this.displayName = displayName;
      return this;
    }

    /** {@code oidc}, {@code github}, {@code gitlab} or {@code gitea}. */
    public Builder kind(String kind) {
      this.kind = kind;
      return this;
    }

    /** The OpenID issuer (OIDC kinds). */
    public Builder issuer(URI issuer) {
      this.issuer = issuer;
      return this;
    }

    /** The client id registered at the upstream provider. */
    public Builder clientId(String clientId) {
      this.clientId = clientId;
      return this;
    }

    /** Its secret (kept in memory; never logged). */
    public Builder clientSecret(String clientSecret) {
      this.clientSecret = clientSecret;
      return this;
    }

    /** Space-separated scopes to ask for; defaults per kind. */
    public Builder scopes(String scopes) {
      this.scopes = scopes;
      return this;
    }

    /** Override (GitHub kind, or tests). */
    public Builder authorizationEndpoint(URI authorizationEndpoint) {
      this.authorizationEndpoint = authorizationEndpoint;
      return this;
    }

    /** Override (GitHub kind, or tests). */
    public Builder tokenEndpoint(URI tokenEndpoint) {
      this.tokenEndpoint = tokenEndpoint;
      return this;
    }

    /** Override (GitHub kind, or tests). */
    public Builder userinfoEndpoint(URI userinfoEndpoint) {
      this.userinfoEndpoint = userinfoEndpoint;
      return this;
    }

    /** The UpstreamProvider; the checks of its constructor apply. */
    public UpstreamProvider build() {
      return new UpstreamProvider(id, displayName, kind, issuer, clientId, clientSecret, scopes, authorizationEndpoint, tokenEndpoint, userinfoEndpoint);
    }
  }
}
