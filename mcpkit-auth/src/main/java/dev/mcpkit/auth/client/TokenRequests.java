package dev.mcpkit.auth.client;

import dev.mcpkit.auth.oauth.OAuthError;
import dev.mcpkit.auth.oauth.Scopes;
import dev.mcpkit.auth.oauth.TokenResponse;
import dev.mcpkit.core.text.PeerText;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The client's side of the token endpoint: the grants ({@code authorization_code}, {@code refresh_token},
 * {@code client_credentials}), the client authentication each request carries (RFC 6749 §2.3, RFC 7523), and the
 * checks on the answer. Stores nothing: {@link OAuthClient} decides what is kept.
 */
final class TokenRequests {

  /** The longest token lifetime believed: a larger {@code expires_in} is taken as this (the token is renewed sooner). */
  static final long MAX_EXPIRES_IN = Duration.ofDays(3650).toSeconds();

  private final OAuthHttp http;
  private final Clock clock;
  private final ClientCredentials clientCredentials;

  /** @param clientCredentials the configured client-credentials client (its key signs {@code private_key_jwt}), or null */
  TokenRequests(OAuthHttp http, Clock clock, ClientCredentials clientCredentials) {
    this.http = http;
    this.clock = clock;
    this.clientCredentials = clientCredentials;
  }

  /** Redeems an authorization code (RFC 6749 §4.1.3 with the PKCE verifier and the RFC 8707 resource). */
  StoredGrant redeemCode(AuthServerMetadata as, StoredClient client, String code, URI redirect, String verifier,
      String resource, Set<String> requested, boolean loopback) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("redirect_uri", redirect.toString());
    form.put("code_verifier", verifier);
    form.put("resource", resource);
    return request(as.tokenEndpoint(), form, client, as.issuer(), requested, null, loopback);
  }

  /** Renews {@code current} with its refresh token (RFC 6749 §6). */
  StoredGrant refresh(URI token, StoredClient client, String issuer, String resource, StoredGrant current,
      boolean loopback) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "refresh_token");
    form.put("refresh_token", current.refreshToken());
    form.put("resource", resource);
    return request(token, form, client, issuer, current.requestedScopes(), current, loopback);
  }

  /** The configured client's identity at {@code as}: its secret sent the way the server lists first. */
  StoredClient credentialsClient(AuthServerMetadata as) {
    ClientCredentials cc = clientCredentials;
    String method = cc.authMethod() != null ? cc.authMethod() : secretMethod(as.tokenEndpointAuthMethods());
    return new StoredClient(cc.clientId(), cc.clientSecret(), method, "client_credentials",
        as.tokenEndpoint().toString(), as.revocationEndpoint() == null ? null : as.revocationEndpoint().toString());
  }

  /** The {@code client_credentials} grant (RFC 6749 §4.4) for {@code scopes} at {@code resource}. */
  StoredGrant clientCredentials(AuthServerMetadata as, StoredClient client, String resource, Set<String> scopes,
      boolean loopback) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    if (!scopes.isEmpty()) {
      form.put("scope", Scopes.join(scopes));
    }
    form.put("resource", resource);
    return request(as.tokenEndpoint(), form, client, as.issuer(), scopes, null, loopback);
  }

  /**
   * Whether the authorization server has forgotten {@code client}. An authorization server must not redirect for an
   * unknown {@code client_id} (RFC 6749 §4.1.2.1), so the browser would show an error page the loopback listener
   * never hears of. The probe is a token request with a code that cannot exist: any server following RFC 6749 §5.2
   * answers {@code invalid_client} for a client it does not know and {@code invalid_grant} (or another error) for one
   * it knows. Anything unclear (no answer, another error) counts as known, so a registration is never dropped on doubt.
   */
  boolean isUnknown(AuthServerMetadata as, StoredClient client, URI redirect, boolean loopback) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", "mcpkit-client-check-" + Pkce.random());
    form.put("redirect_uri", redirect.toString());
    form.put("code_verifier", Pkce.random() + Pkce.random());
    try {
      Map<String, String> headers = new LinkedHashMap<>();
      authenticate(form, headers, client, as.issuer());
      return unknownClient(http.postForm(as.tokenEndpoint(), form, headers, loopback));
    } catch (OAuthException e) {
      return false;
    }
  }

  /** Token endpoint request with the client's authentication; parses and checks the answer. */
  private StoredGrant request(URI endpoint, Map<String, String> form, StoredClient client, String issuer,
      Set<String> requested, StoredGrant previous, boolean loopback) {
    Map<String, String> headers = new LinkedHashMap<>();
    authenticate(form, headers, client, issuer);
    OAuthHttp.Reply r = http.postForm(endpoint, form, headers, loopback);
    JsonNode j = r.json();
    if (r.status() != 200 || j == null) {
      OAuthError e = OAuthError.read(j);
      String err = e.error();
      String desc = e.errorDescription();
      String problem = j == null ? r.jsonProblem() : null;
      throw new OAuthException(OAuthException.Reason.TOKEN_REQUEST_FAILED, "the token endpoint " + endpoint + " refused the "
          + form.get("grant_type") + " request: HTTP " + r.status() + (err == null ? "" : ", " + PeerText.line(err, 60))
          + (desc == null ? "" : " (" + PeerText.line(desc, 200) + ")")
          + (problem == null ? "" : "; its answer is not valid JSON: " + problem));
    }
    TokenResponse t = TokenResponse.read(j);
    String access = t.accessToken();
    if (access == null || access.isEmpty()) {
      throw new OAuthException(OAuthException.Reason.TOKEN_REQUEST_FAILED, "the token endpoint " + endpoint
          + " answered without an access_token");
    }
    String type = t.tokenType() == null ? "Bearer" : t.tokenType();
    if (!type.equalsIgnoreCase("bearer")) {
      throw new OAuthException(OAuthException.Reason.TOKEN_REQUEST_FAILED, "the token endpoint " + endpoint
          + " issued a token of type " + PeerText.line(type, 30) + "; only Bearer tokens are supported");
    }
    Instant now = clock.instant();
    Instant expires = t.expiresIn() == null ? null : now.plusSeconds(lifetime(t.expiresIn()));
    String refresh = t.refreshToken();
    if (refresh == null && previous != null) {
      refresh = previous.refreshToken(); // no rotation: the old one stays valid
    }
    Set<String> granted = t.scope() != null ? Scopes.parse(t.scope())
        : previous != null ? previous.scopes() : requested;
    return new StoredGrant(access, expires, refresh, granted, requested, now);
  }

  /** Adds the client authentication the client was registered with (RFC 6749 §2.3, RFC 7523). */
  void authenticate(Map<String, String> form, Map<String, String> headers, StoredClient client, String issuer) {
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

  /** RFC 6749 §5.2 / RFC 7009 §2.2.1: {@code invalid_client}, or a 401, means the server does not know the client. */
  static boolean unknownClient(OAuthHttp.Reply r) {
    return r.status() == 401 || "invalid_client".equals(OAuthError.read(r.json()).error());
  }

  /** The secret-based method the server lists: Basic first (RFC 8414's default), then POST. */
  static String secretMethod(List<String> supported) {
    if (supported == null || supported.contains("client_secret_basic")) {
      return "client_secret_basic";
    }
    if (supported.contains("client_secret_post")) {
      return "client_secret_post";
    }
    return "client_secret_basic";
  }

  /** The method for a client issued {@code secret} (or none) at a server listing {@code supported}. */
  static String methodFor(String secret, List<String> supported) {
    if (secret == null) {
      return "none";
    }
    if (supported != null && !supported.contains("client_secret_basic") && !supported.contains("client_secret_post")
        && supported.contains("none")) {
      return "none"; // a secret was issued, but the server only takes public clients
    }
    return secretMethod(supported);
  }

  /**
   * An {@code expires_in} ({@link TokenResponse#seconds}: already 0 for a negative or tiny value, {@link Long#MAX_VALUE}
   * for one beyond a double or 64 bits) capped at {@link #MAX_EXPIRES_IN} seconds: a server's huge value (say 2^63-1)
   * would overflow the expiry instant.
   */
  static long lifetime(long expiresIn) {
    return Math.max(0, Math.min(expiresIn, MAX_EXPIRES_IN));
  }
}
