package dev.mcpkit.auth.server;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.mcpkit.auth.events.SecurityEvents;
import dev.mcpkit.store.Store;
import dev.mcpkit.store.StoredToken;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Token introspection (RFC 7662) and revocation (RFC 7009). Introspection is for resource servers: only
 * confidential clients may call it. Revocation accepts any authenticated client but only acts on its own tokens;
 * revoking a refresh token revokes its whole grant family, access tokens included, and with {@link #FORGET_CONSENT}
 * also the remembered consent the grant came from.
 */
final class IntrospectionRevocation {

  /**
   * Revocation extension: {@code forget_consent=true} also forgets the remembered consent of the token's user for
   * its client and resource, so the next authorization shows the consent page (how {@code mcpkit logout} signs out
   * completely). Other authorization servers ignore it, as unknown parameters are.
   */
  static final String FORGET_CONSENT = "forget_consent";

  private final Store store;
  private final Tokens tokens;
  private final ClientAuthenticator auth;

  IntrospectionRevocation(Store store, Tokens tokens, ClientAuthenticator auth) {
    this.store = store;
    this.tokens = tokens;
    this.auth = auth;
  }

  void introspect(Request request, Response response, Callback callback) throws Exception {
    Http.Params p = Http.form(request);
    ResolvedClient caller = auth.authenticate(request, p);
    if (caller.isPublic()) {
      throw OAuthException.invalidClient("introspection needs an authenticated (confidential) client");
    }
    String token = p.require("token");
    Map<String, Object> body = new LinkedHashMap<>();
    Optional<Tokens.Verified> access = tokens.verifyAccess(token);
    if (access.isPresent()) {
      JWTClaimsSet c = access.get().claims();
      body.put("active", true);
      body.put("token_type", "Bearer");
      body.put("scope", c.getClaim("scope"));
      body.put("client_id", c.getClaim("client_id"));
      body.put("sub", c.getSubject());
      body.put("aud", c.getAudience().size() == 1 ? c.getAudience().getFirst() : c.getAudience());
      body.put("iss", c.getIssuer());
      body.put("exp", c.getExpirationTime().toInstant().getEpochSecond());
      body.put("iat", c.getIssueTime().toInstant().getEpochSecond());
      body.put("jti", c.getJWTID());
      if (c.getClaim("act") != null) {
        body.put("act", c.getClaim("act"));
      }
    } else {
      Optional<StoredToken> refresh = tokens.findRefresh(token).filter(t -> !store.isTokenUsed(t.key()));
      if (refresh.isPresent()) {
        StoredToken t = refresh.get();
        body.put("active", true);
        body.put("token_type", "refresh_token");
        body.put("scope", t.scope());
        body.put("client_id", t.clientId());
        body.put("sub", t.subject());
        body.put("aud", t.resource());
        body.put("exp", t.expiresAt().getEpochSecond());
      } else {
        body.put("active", false);
      }
    }
    Http.json(response, callback, 200, body);
  }

  void revoke(Request request, Response response, Callback callback) throws Exception {
    Http.Params p = Http.form(request);
    ResolvedClient caller = auth.authenticate(request, p);
    String token = p.require("token");
    boolean forgetConsent = "true".equals(p.get(FORGET_CONSENT));
    Optional<StoredToken> refresh = tokens.findRefresh(token);
    StoredToken revoked = null;
    if (refresh.isPresent()) {
      if (refresh.get().clientId().equals(caller.clientId())) {
        tokens.revokeFamily(refresh.get().familyId());
        store.deleteToken(refresh.get().key());
        revoked = refresh.get();
      }
    } else {
      revoked = tokens.verifyAccess(token).filter(v -> v.record().clientId().equals(caller.clientId()))
          .map(v -> {
            store.deleteToken(v.record().key());
            return v.record();
          }).orElse(null);
    }
    if (forgetConsent && revoked != null && !revoked.subject().equals(revoked.clientId())) {
      // Only the holder of a token, authenticated as the client it was issued to, reaches this: the consent
      // forgotten is the one this user gave this client for this resource, never another client's or user's.
      store.deleteConsent(revoked.subject(), revoked.clientId(), revoked.resource());
      SecurityEvents.log("consent_forgotten", "client", revoked.clientId());
    }
    // RFC 7009 §2.2: 200 whether or not the token was known, so the endpoint reveals nothing.
    Http.json(response, callback, 200, Map.of());
  }
}
