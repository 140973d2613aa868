package dev.mcpkit.auth.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mcpkit.auth.events.SecurityEvents;
import dev.mcpkit.auth.fetch.FetchException;
import dev.mcpkit.auth.fetch.SafeFetcher;
import dev.mcpkit.store.Hashes;
import dev.mcpkit.store.Store;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Client authentication at the token, revocation and introspection endpoints: {@code none} (public clients name
 * themselves), {@code client_secret_basic}, {@code client_secret_post} and {@code private_key_jwt} (RFC 7523). A
 * client must use the method it registered; presenting another is {@code invalid_client}.
 */
final class ClientAuthenticator {

  static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  private static final Set<JWSAlgorithm> ASYMMETRIC = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384,
      JWSAlgorithm.RS256, JWSAlgorithm.PS256);
  private static final Duration MAX_ASSERTION_LIFE = Duration.ofMinutes(10);

  private final Settings settings;
  private final Clients clients;
  private final Store store;
  private final SafeFetcher fetcher;

  ClientAuthenticator(Settings settings, Clients clients, Store store, SafeFetcher fetcher) {
    this.settings = settings;
    this.clients = clients;
    this.store = store;
    this.fetcher = fetcher;
  }

  /** Identifies and authenticates the calling client, or throws {@code invalid_client} (401). */
  ResolvedClient authenticate(Request request, Http.Params p) {
    String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    String assertionType = p.get("client_assertion_type");
    String presented;
    String method;
    String basicId = null;
    String basicSecret = null;
    if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
      String[] idSecret = decodeBasic(header.substring(6).trim());
      basicId = idSecret[0];
      basicSecret = idSecret[1];
      presented = basicId;
      method = "client_secret_basic";
    } else if (assertionType != null) {
      if (!ASSERTION_TYPE.equals(assertionType)) {
        throw OAuthException.invalidClient("unsupported client_assertion_type");
      }
      presented = p.get("client_id");
      method = "private_key_jwt";
    } else if (p.get("client_secret") != null) {
      presented = p.get("client_id");
      method = "client_secret_post";
    } else {
      presented = p.get("client_id");
      method = "none";
    }
    if (method.equals("private_key_jwt") && presented == null) {
      presented = assertionIssuer(p.require("client_assertion"));
    }
    if (presented == null) {
      throw OAuthException.invalidClient("client authentication is missing");
    }
    if (p.get("client_id") != null && !p.get("client_id").equals(presented)) {
      throw OAuthException.invalidClient("client_id does not match the authenticated client");
    }
    ResolvedClient client;
    try {
      client = clients.resolve(presented);
    } catch (OAuthException e) {
      SecurityEvents.log("client_auth_failed", "client", presented, "reason", "unknown client");
      throw OAuthException.invalidClient("client authentication failed");
    }
    try {
      return verify(client, method, basicSecret, p);
    } catch (OAuthException e) {
      SecurityEvents.log("client_auth_failed", "client", presented, "method", method, "reason", e.description());
      throw e;
    }
  }

  private ResolvedClient verify(ResolvedClient client, String method, String basicSecret, Http.Params p) {
    if (!client.authMethod().equals(method)) {
      throw OAuthException.invalidClient("this client must authenticate with " + client.authMethod());
    }
    switch (method) {
      case "client_secret_basic" -> checkSecret(client, basicSecret);
      case "client_secret_post" -> checkSecret(client, p.get("client_secret"));
      case "private_key_jwt" -> checkAssertion(client, p.require("client_assertion"));
      default -> { /* public client: PKCE carries the proof */ }
    }
    return client;
  }

  private static String[] decodeBasic(String b64) {
    try {
      String s = new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
      int colon = s.indexOf(':');
      if (colon < 0) {
        throw OAuthException.invalidClient("malformed Basic credentials");
      }
      // RFC 6749 §2.3.1: both parts are form-urlencoded before base64.
      return new String[] {
          java.net.URLDecoder.decode(s.substring(0, colon), StandardCharsets.UTF_8),
          java.net.URLDecoder.decode(s.substring(colon + 1), StandardCharsets.UTF_8)};
    } catch (IllegalArgumentException e) {
      throw OAuthException.invalidClient("malformed Basic credentials");
    }
  }

  static void checkSecret(ResolvedClient client, String secret) {
    String stored = client.secretHash();
    boolean ok = false;
    if (stored != null && secret != null) {
      if (stored.startsWith("sha256:")) {
        ok = MessageDigest.isEqual(stored.substring(7).getBytes(StandardCharsets.US_ASCII),
            Hashes.sha256(secret).getBytes(StandardCharsets.US_ASCII));
      } else {
        ok = PasswordHasher.verify(secret, stored);
      }
    }
    if (!ok) {
      throw OAuthException.invalidClient("client authentication failed");
    }
  }

  private static String assertionIssuer(String assertion) {
    try {
      return SignedJWT.parse(assertion).getJWTClaimsSet().getIssuer();
    } catch (ParseException e) {
      throw OAuthException.invalidClient("client_assertion is not a JWT");
    }
  }

  private void checkAssertion(ResolvedClient client, String assertion) {
    try {
      SignedJWT jwt = SignedJWT.parse(assertion);
      JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
      if (!ASYMMETRIC.contains(alg)) {
        throw OAuthException.invalidClient("client_assertion must be signed with an asymmetric algorithm");
      }
      JWKSet keys = clientKeys(client);
      boolean verified = false;
      for (JWK k : keys.getKeys()) {
        if (jwt.getHeader().getKeyID() != null && !jwt.getHeader().getKeyID().equals(k.getKeyID())) {
          continue;
        }
        try {
          JWSVerifier v = new DefaultJWSVerifierFactory().createJWSVerifier(jwt.getHeader(), k.toPublicJWK()
              .getKeyType().equals(com.nimbusds.jose.jwk.KeyType.EC) ? k.toECKey().toECPublicKey()
              : k.getKeyType().equals(com.nimbusds.jose.jwk.KeyType.RSA) ? k.toRSAKey().toRSAPublicKey()
              : null);
          if (jwt.verify(v)) {
            verified = true;
            break;
          }
        } catch (JOSEException | RuntimeException e) {
          // a key of another type or algorithm: try the next one
        }
      }
      if (!verified) {
        throw OAuthException.invalidClient("client_assertion signature is not valid");
      }
      JWTClaimsSet c = jwt.getJWTClaimsSet();
      Instant now = settings.clock().instant();
      if (!client.clientId().equals(c.getIssuer()) || !client.clientId().equals(c.getSubject())) {
        throw OAuthException.invalidClient("client_assertion iss and sub must be the client_id");
      }
      String tokenEndpoint = settings.endpoint("/token");
      if (c.getAudience() == null || !(c.getAudience().contains(tokenEndpoint)
          || c.getAudience().contains(settings.issuerString()))) {
        throw OAuthException.invalidClient("client_assertion aud must be this server's issuer or token endpoint");
      }
      if (c.getExpirationTime() == null || !c.getExpirationTime().toInstant().isAfter(now)
          || c.getExpirationTime().toInstant().isAfter(now.plus(MAX_ASSERTION_LIFE))) {
        throw OAuthException.invalidClient("client_assertion exp is missing, past, or too far ahead");
      }
      if (c.getJWTID() == null || !store.claimOnce("assertion:" + client.clientId() + ":" + c.getJWTID(),
          MAX_ASSERTION_LIFE.plusMinutes(1))) {
        throw OAuthException.invalidClient("client_assertion jti is missing or was used before");
      }
    } catch (ParseException e) {
      throw OAuthException.invalidClient("client_assertion is not a valid JWT");
    }
  }

  private JWKSet clientKeys(ResolvedClient client) {
    try {
      if (client.jwksJson() != null) {
        return JWKSet.parse(client.jwksJson());
      }
      if (client.jwksUri() != null) {
        // Fetched like the metadata document itself: never from an internal address.
        SafeFetcher.Result r = fetcher.get(URI.create(client.jwksUri().toString()), 64 * 1024);
        if (r.status() != 200) {
          throw OAuthException.invalidClient("the client's jwks_uri answered HTTP " + r.status());
        }
        return JWKSet.parse(new String(r.body(), StandardCharsets.UTF_8));
      }
    } catch (ParseException e) {
      throw OAuthException.invalidClient("the client's JWK Set is not valid");
    } catch (FetchException e) {
      throw OAuthException.invalidClient("the client's jwks_uri could not be fetched: " + e.getMessage());
    }
    throw OAuthException.invalidClient("the client has no keys");
  }
}
