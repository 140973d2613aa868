package dev.mcpkit.auth.server;

import dev.mcpkit.auth.events.SecurityEvents;
import dev.mcpkit.auth.oauth.Scopes;
import dev.mcpkit.auth.oauth.TokenResponse;
import dev.mcpkit.store.CodeRedemption;
import dev.mcpkit.store.Hashes;
import dev.mcpkit.store.Store;
import dev.mcpkit.store.StoredCode;
import dev.mcpkit.store.StoredToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The token endpoint: {@code authorization_code} (PKCE S256, single use; a replay revokes what the code issued),
 * {@code refresh_token} (rotated on every use; a reused one revokes the whole family), {@code client_credentials}
 * and token exchange (RFC 8693). Every response carries {@code Cache-Control: no-store}.
 */
final class TokenEndpoint {

  static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
  static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
  private static final String JWT_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:jwt";

  private final Settings s;
  private final Store store;
  private final Tokens tokens;
  private final ClientAuthenticator auth;
  private final Resources resources;

  TokenEndpoint(Settings s, Store store, Tokens tokens, ClientAuthenticator auth, Resources resources) {
    this.s = s;
    this.store = store;
    this.tokens = tokens;
    this.auth = auth;
    this.resources = resources;
  }

  void handle(Request request, Response response, Callback callback) throws Exception {
    Http.Params p = Http.form(request);
    String grant = p.require("grant_type");
    ResolvedClient client = auth.authenticate(request, p);
    TokenResponse body = switch (grant) {
      case "authorization_code" -> authorizationCode(client, p);
      case "refresh_token" -> refresh(client, p);
      case "client_credentials" -> clientCredentials(client, p);
      case TOKEN_EXCHANGE -> exchange(client, p);
      default -> throw new OAuthException("unsupported_grant_type", "grant type '" + grant + "' is not supported");
    };
    Http.json(response, callback, 200, body);
  }

  private void requireGrant(ResolvedClient client, String grant) {
    if (!client.grantTypes().contains(grant)) {
      throw new OAuthException("unauthorized_client", "this client may not use the " + grant + " grant");
    }
  }

  private TokenResponse authorizationCode(ResolvedClient client, Http.Params p) {
    requireGrant(client, "authorization_code");
    String code = p.require("code");
    String verifier = p.get("code_verifier");
    String redirectUri = p.get("redirect_uri");
    String resource = p.get("resource");
    // Check the verifier's form before touching the code: a malformed request must not burn a valid code.
    if (verifier == null) {
      throw OAuthException.invalidRequest("code_verifier is required (PKCE)");
    }
    if (!verifier.matches("[A-Za-z0-9._~-]{43,128}")) {
      throw OAuthException.invalidRequest("code_verifier must be 43 to 128 unreserved characters");
    }
    CodeRedemption r = store.redeemCode(Hashes.sha256(code), s.refreshTokenTtl());
    StoredCode c = switch (r) {
      case CodeRedemption.Redeemed red -> red.code();
      case CodeRedemption.Replayed rep -> {
        // RFC 9700 §4.5 / OAuth 2.1 §4.1.3: whoever replays a code may have stolen it; revoke what it issued.
        tokens.revokeFamily(rep.familyId());
        SecurityEvents.log("code_replayed", "client", client.clientId());
        throw OAuthException.invalidGrant("the authorization code was already used; its tokens are revoked");
      }
      case CodeRedemption.Unknown u -> throw OAuthException.invalidGrant("unknown or expired authorization code");
    };
    if (!c.expiresAt().isAfter(s.clock().instant())) {
      throw OAuthException.invalidGrant("the authorization code has expired");
    }
    if (!c.clientId().equals(client.clientId())) {
      tokens.revokeFamily(c.familyId());
      throw OAuthException.invalidGrant("the authorization code was issued to another client");
    }
    if (redirectUri == null || !redirectUri.equals(c.redirectUri())) {
      throw OAuthException.invalidGrant("redirect_uri does not match the authorization request");
    }
    if (!MessageDigest.isEqual(s256(verifier).getBytes(StandardCharsets.US_ASCII),
        c.codeChallenge().getBytes(StandardCharsets.US_ASCII))) {
      throw OAuthException.invalidGrant("code_verifier does not match the code_challenge");
    }
    if (resource != null && !c.resource().equals(resources.require(resource).uri())) {
      throw new OAuthException("invalid_target", "resource differs from the one authorized");
    }
    // The user consented at /authorize; the client's allowance is applied again in case it shrank since.
    String scope = narrowed(c.scope(), client, c.resource());
    return issue(client, c.subject(), c.resource(), scope, c.familyId(), true);
  }

  private TokenResponse refresh(ResolvedClient client, Http.Params p) {
    requireGrant(client, "refresh_token");
    StoredToken old = tokens.findRefresh(p.require("refresh_token"))
        .orElseThrow(() -> OAuthException.invalidGrant("unknown, expired or revoked refresh token"));
    if (!old.clientId().equals(client.clientId())) {
      throw OAuthException.invalidGrant("the refresh token was issued to another client");
    }
    Set<String> granted = Scopes.parse(old.scope());
    String scope = old.scope();
    if (p.get("scope") != null) {
      Set<String> asked = Scopes.parse(p.get("scope"));
      if (!granted.containsAll(asked)) {
        throw new OAuthException("invalid_scope", "a refresh cannot add scopes");
      }
      scope = String.join(" ", asked);
    }
    if (p.get("resource") != null && !old.resource().equals(resources.require(p.get("resource")).uri())) {
      throw new OAuthException("invalid_target", "a refresh cannot change the resource");
    }
    // Never more than the client may have today: what the user consented to, within the client's allowance.
    scope = narrowed(scope, client, old.resource());
    if (!store.markTokenUsed(old.key())) {
      // A rotated refresh token came back: someone holds a copy. Revoke the family (RFC 9700 §4.14.2).
      tokens.revokeFamily(old.familyId());
      SecurityEvents.log("refresh_token_reused", "client", client.clientId(), "subject", old.subject());
      throw OAuthException.invalidGrant("the refresh token was already used; the grant is revoked");
    }
    return issue(client, old.subject(), old.resource(), scope, old.familyId(), true);
  }

  private TokenResponse clientCredentials(ResolvedClient client, Http.Params p) {
    requireGrant(client, "client_credentials");
    if (client.isPublic()) {
      throw new OAuthException("unauthorized_client", "public clients cannot use client_credentials");
    }
    ProtectedResource resource = resources.require(p.get("resource"));
    // No user consents here: only the scopes the operator configured for this client, and an empty list grants
    // nothing (not even a token without scope, which would still open the resource).
    String scope = Resources.grantable(resource, client.operatorScopes(resource), p.get("scope"));
    if (scope.isEmpty()) {
      throw new OAuthException("invalid_scope", "none of the resource's default scopes is configured for this client; "
          + "name the scope");
    }
    return issue(client, client.clientId(), resource.uri(), scope, Tokens.random(), false);
  }

  /**
   * RFC 8693: a protected resource that received a user's token trades it for a token scoped to a downstream
   * resource. The caller must be a confidential client whose own resource is the subject token's audience, and the
   * target must be one it is allowed to reach. The new token names the caller in {@code act}, keeps the user as
   * {@code sub}, carries only scopes both in the subject token and in the client's configured list, never outlives
   * the subject token, and shares its grant family, so
   * revoking the user's grant revokes it too. The subject token itself is never returned.
   */
  private TokenResponse exchange(ResolvedClient client, Http.Params p) {
    requireGrant(client, TOKEN_EXCHANGE);
    if (client.isPublic() || client.resource() == null || client.exchangeTargets().isEmpty()) {
      throw new OAuthException("unauthorized_client", "this client may not exchange tokens");
    }
    String subjectType = p.require("subject_token_type");
    if (!ACCESS_TOKEN_TYPE.equals(subjectType)) {
      throw OAuthException.invalidRequest("subject_token_type must be " + ACCESS_TOKEN_TYPE);
    }
    if (p.get("actor_token") != null) {
      throw OAuthException.invalidRequest("actor tokens are not supported");
    }
    String requested = p.get("requested_token_type");
    if (requested != null && !requested.equals(ACCESS_TOKEN_TYPE) && !requested.equals(JWT_TOKEN_TYPE)) {
      throw OAuthException.invalidRequest("only access tokens can be requested");
    }
    Tokens.Verified subject = tokens.verifyAccess(p.require("subject_token"))
        .orElseThrow(() -> OAuthException.invalidRequest("the subject token is not valid"));
    if (!resources.require(client.resource()).uri().equals(subject.record().resource())) {
      throw OAuthException.invalidRequest("the subject token was not issued to this client's resource");
    }
    String target = p.get("resource") != null ? p.get("resource") : p.get("audience");
    ProtectedResource downstream = resources.require(target);
    if (client.exchangeTargets().stream().map(Resources::key).noneMatch(Resources.key(downstream.uri())::equals)) {
      throw new OAuthException("invalid_target", "this client may not obtain tokens for that resource");
    }
    // At most what the user consented to (the subject token's scopes) and what the operator configured for this
    // client on the downstream resource: the exchange never widens a user's grant, and an empty list grants nothing.
    Set<String> allowed = client.operatorScopes(downstream);
    allowed.retainAll(Scopes.parse(subject.record().scope()));
    Set<String> scope = p.get("scope") == null ? allowed : Scopes.parse(p.get("scope"));
    if (scope.isEmpty() || !allowed.containsAll(scope)) {
      throw new OAuthException("invalid_scope", "the requested scope is not allowed for this exchange");
    }
    String joined = String.join(" ", scope);
    Tokens.AccessToken at = tokens.access(subject.record().subject(), client.clientId(), downstream.uri(), joined,
        subject.record().familyId(), subject.record().expiresAt(), Map.of("act", Map.of("sub", client.clientId())));
    return new TokenResponse(at.jwt(), ACCESS_TOKEN_TYPE, "Bearer",
        Math.max(1, Duration.between(s.clock().instant(), at.expiresAt()).toSeconds()), joined, null);
  }

  /**
   * {@code scope} within what {@code client} may have of {@code resource} today; a grant whose every scope was
   * taken away since is refused rather than turned into a token without scope (which still opens the resource).
   */
  private String narrowed(String scope, ResolvedClient client, String resource) {
    String out = Resources.narrow(scope, client.consentableScopes(resources.require(resource)));
    if (out.isEmpty() && scope != null && !scope.isBlank()) {
      throw new OAuthException("invalid_scope", "this client is no longer allowed any of the granted scopes");
    }
    return out;
  }

  private TokenResponse issue(ResolvedClient client, String subject, String resource, String scope,
      String familyId, boolean mayRefresh) {
    Tokens.AccessToken at = tokens.access(subject, client.clientId(), resource, scope, familyId, null, null);
    String refresh = mayRefresh && client.grantTypes().contains("refresh_token")
        ? tokens.refresh(subject, client.clientId(), resource, scope, familyId) : null;
    return new TokenResponse(at.jwt(), null, "Bearer", s.accessTokenTtl().toSeconds(), scope, refresh);
  }

  static String s256(String verifier) {
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
          .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
