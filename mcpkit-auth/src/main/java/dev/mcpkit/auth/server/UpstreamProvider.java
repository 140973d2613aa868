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
 *
 * @param id a short name used in URLs and in the subject ({@code id:upstream-subject})
 * @param displayName the button text on the login page
 * @param kind {@code oidc}, {@code github}, {@code gitlab} or {@code gitea}
 * @param issuer the OpenID issuer (OIDC kinds)
 * @param clientId the client id registered at the upstream provider
 * @param clientSecret its secret (kept in memory; never logged)
 * @param scopes space-separated scopes to ask for; defaults per kind
 * @param authorizationEndpoint override (GitHub kind, or tests)
 * @param tokenEndpoint override (GitHub kind, or tests)
 * @param userinfoEndpoint override (GitHub kind, or tests)
 */
public record UpstreamProvider(
    String id,
    String displayName,
    String kind,
    URI issuer,
    String clientId,
    String clientSecret,
    String scopes,
    URI authorizationEndpoint,
    URI tokenEndpoint,
    URI userinfoEndpoint) {

  /**
   * Fills the defaults of the kind (endpoints, scopes, display name; {@code null} kind: {@code oidc}).
   *
   * @throws NullPointerException without an id or client id, or without the issuer the {@code oidc} and
   *     {@code gitea} kinds need
   * @throws IllegalArgumentException for an id that is not a short lower-case name, or an unknown kind
   */
  public UpstreamProvider {
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
  }

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
}
