package dev.mcpkit.auth.server;

import static dev.mcpkit.auth.server.testing.TestAuthServer.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mcpkit.auth.oauth.TokenResponse;
import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.auth.server.testing.Pkce;
import dev.mcpkit.auth.server.testing.TestAuthServer;
import dev.mcpkit.core.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The token endpoint: codes, PKCE, refresh rotation, client authentication, client credentials, token exchange. */
class TokenEndpointTest {

  static TestAuthServer t;
  static final Map<String, String> RS = Map.of("Authorization", basic(MCP_SERVER, SECRET));

  @BeforeAll
  static void start() {
    t = new TestAuthServer();
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  private static void assertError(HttpUser.Reply r, int status, String error) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    assertThat(json(r).get("error").asString()).isEqualTo(error);
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("dev.mcpkit");
  }

  private static boolean active(HttpUser c, String token) {
    return json(c.post(t.endpoint("/introspect"), Map.of("token", token), RS)).get("active").asBoolean();
  }

  private static Map<String, String> tokenRequest(String code, Pkce pkce) {
    Map<String, String> m = new HashMap<>(Map.of("grant_type", "authorization_code", "code", code, "code_verifier",
        pkce.verifier(), "redirect_uri", "http://127.0.0.1:45678/callback", "client_id", PUBLIC));
    return m;
  }

  @Test
  void SEC_AS_04_noCodeIsEverIssuedWithoutAChallengeSoAVerifierCannotDowngrade() {
    try (HttpUser u = new HttpUser()) {
      // The only way to get a code requires a challenge (SEC-AS-02); a verifier with a code that has no
      // challenge behind it (here: one never issued) is invalid_grant.
      HttpUser.Reply noPkce = u.get(t.authorizeUrl(Pkce.create(), Map.of("code_challenge", "")));
      assertThat(noPkce.locationQuery()).doesNotContainKey("code");
      assertError(u.post(t.endpoint("/token"), tokenRequest("forged-code", Pkce.create())), 400, "invalid_grant");
    }
  }

  @Test
  void SEC_AS_05_aWrongOrMalformedVerifierGetsNoToken() {
    try (HttpUser u = new HttpUser(); HttpUser c = new HttpUser()) {
      Pkce pkce = Pkce.create();
      String code = t.code(u, pkce);
      Map<String, String> shortV = tokenRequest(code, pkce);
      shortV.put("code_verifier", "too-short");
      assertError(c.post(t.endpoint("/token"), shortV), 400, "invalid_request");
      Map<String, String> badChars = tokenRequest(code, pkce);
      badChars.put("code_verifier", "a".repeat(42) + "!");
      assertError(c.post(t.endpoint("/token"), badChars), 400, "invalid_request");
      Map<String, String> missing = tokenRequest(code, pkce);
      missing.remove("code_verifier");
      assertError(c.post(t.endpoint("/token"), missing), 400, "invalid_request");
      // A malformed request did not burn the code, but a wrong verifier does (it is a redemption attempt).
      assertError(c.post(t.endpoint("/token"), tokenRequest(code, Pkce.create())), 400, "invalid_grant");
      assertError(c.post(t.endpoint("/token"), tokenRequest(code, pkce)), 400, "invalid_grant");
    }
  }

  @Test
  void SEC_AS_06_aReplayedCodeFailsAndRevokesWhatTheFirstRedemptionIssued() {
    try (HttpUser u = new HttpUser(); HttpUser c = new HttpUser()) {
      Pkce pkce = Pkce.create();
      String code = t.code(u, pkce);
      JsonNode first = json(t.redeem(c, code, pkce));
      String at = first.get("access_token").asString();
      String rt = first.get("refresh_token").asString();
      assertThat(active(c, at)).isTrue();
      assertError(t.redeem(c, code, pkce), 400, "invalid_grant");
      assertThat(active(c, at)).isFalse();
      assertThat(active(c, rt)).isFalse();
      assertError(c.post(t.endpoint("/token"), Map.of("grant_type", "refresh_token", "refresh_token", rt,
          "client_id", PUBLIC)), 400, "invalid_grant");
    }
  }

  @Test
  void SEC_AS_07_aCodeUsedAfterItsLifetimeIsInvalidGrant() {
    try (HttpUser u = new HttpUser(); HttpUser c = new HttpUser()) {
      Pkce pkce = Pkce.create();
      String code = t.code(u, pkce);
      t.clock.advance(Duration.ofSeconds(61));
      assertError(t.redeem(c, code, pkce), 400, "invalid_grant");
    }
  }

  @Test
  void SEC_AS_08_aCodeRedeemedByAnotherClientOrWithAnotherRedirectUriIsInvalidGrant() {
    try (HttpUser u = new HttpUser(); HttpUser c = new HttpUser()) {
      Pkce pkce = Pkce.create();
      String code = t.code(u, pkce);
      Map<String, String> otherRedirect = tokenRequest(code, pkce);
      otherRedirect.put("redirect_uri", "http://127.0.0.1:45679/callback");
      assertError(c.post(t.endpoint("/token"), otherRedirect), 400, "invalid_grant");

      Pkce pkce2 = Pkce.create();
      String code2 = t.code(u, pkce2);
      Map<String, String> otherClient = tokenRequest(code2, pkce2);
      otherClient.remove("client_id");
      assertError(c.post(t.endpoint("/token"), otherClient, Map.of("Authorization", basic(BASIC, SECRET))), 400,
          "invalid_grant");
    }
  }

  @Test
  void SEC_AS_09_aTokenRequestCannotWidenOrChangeTheAudience() {
    try (HttpUser u = new HttpUser(); HttpUser c = new HttpUser()) {
      Pkce pkce = Pkce.create();
      String code = t.code(u, pkce);
      Map<String, String> other = tokenRequest(code, pkce);
      other.put("resource", DOWNSTREAM);
      assertError(c.post(t.endpoint("/token"), other), 400, "invalid_target");
    }
  }

  @Test
  void SEC_AS_11_theAccessTokenIsAnRfc9068JwtForTheResource() throws Exception {
    try (HttpUser u = new HttpUser(); HttpUser c = new HttpUser()) {
      Pkce pkce = Pkce.create();
      String at = json(t.redeem(c, t.code(u, pkce), pkce)).get("access_token").asString();
      SignedJWT jwt = SignedJWT.parse(at);
      assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
      assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
      JWKSet jwks = JWKSet.parse(c.get(t.endpoint("/jwks")).body());
      assertThat(jwt.verify(new ECDSAVerifier(jwks.getKeyByKeyId(jwt.getHeader().getKeyID()).toECKey()))).isTrue();
      assertThat(jwks.getKeys()).allMatch(k -> !k.isPrivate());
      JWTClaimsSet c1 = jwt.getJWTClaimsSet();
      assertThat(c1.getAudience()).containsExactly(RESOURCE);
      assertThat(c1.getIssuer()).isEqualTo(t.issuer);
      assertThat(c1.getSubject()).isEqualTo(ALICE);
      assertThat(c1.getStringClaim("client_id")).isEqualTo(PUBLIC);
      assertThat(c1.getStringClaim("scope")).isEqualTo("mcp:read");
      assertThat(c1.getJWTID()).isNotBlank();
      assertThat(Duration.between(c1.getIssueTime().toInstant(), c1.getExpirationTime().toInstant()))
          .isLessThanOrEqualTo(Duration.ofHours(1));
    }
  }

  @Test
  void SEC_AS_17_passwordAndImplicitGrantsAreUnsupported() {
    try (HttpUser c = new HttpUser()) {
      assertError(c.post(t.endpoint("/token"), Map.of("grant_type", "password", "username", ALICE, "password",
          ALICE_PASSWORD, "client_id", PUBLIC)), 400, "unsupported_grant_type");
      assertError(c.post(t.endpoint("/token"), Map.of("grant_type", "implicit", "client_id", PUBLIC)), 400,
          "unsupported_grant_type");
    }
  }

  @Test
  void SEC_AS_18_tokenResponsesAreNotCachedAndAreJson() {
    try (HttpUser u = new HttpUser(); HttpUser c = new HttpUser()) {
      Pkce pkce = Pkce.create();
      HttpUser.Reply r = t.redeem(c, t.code(u, pkce), pkce);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("Cache-Control")).isEqualTo("no-store");
      assertThat(r.header("Pragma")).isEqualTo("no-cache");
      assertThat(r.header("Content-Type")).startsWith("application/json");
    }
  }

  private static String assertion(String aud, String jti, Instant exp) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(CLIENT_KEY.getKeyID()).build(),
        new JWTClaimsSet.Builder().issuer(JWT).subject(JWT).audience(aud).jwtID(jti).expirationTime(Date.from(exp))
            .issueTime(new Date()).build());
    jwt.sign(new ECDSASigner(CLIENT_KEY));
    return jwt.serialize();
  }

  private static Map<String, String> jwtAuth(String assertion) {
    return Map.of("grant_type", "client_credentials", "resource", RESOURCE, "client_assertion_type",
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion", assertion);
  }

  @Test
  void SEC_AS_19_confidentialClientsMustAuthenticateProperly() throws Exception {
    try (HttpUser c = new HttpUser()) {
      Map<String, String> cc = Map.of("grant_type", "client_credentials", "resource", RESOURCE);
      // each method works
      assertThat(c.post(t.endpoint("/token"), cc, Map.of("Authorization", basic(BASIC, SECRET))).status())
          .isEqualTo(200);
      Map<String, String> post = new HashMap<>(cc);
      post.put("client_id", POST);
      post.put("client_secret", SECRET);
      assertThat(c.post(t.endpoint("/token"), post).status()).isEqualTo(200);
      String jti = UUID.randomUUID().toString();
      String good = assertion(t.endpoint("/token"), jti, t.clock.instant().plusSeconds(60));
      HttpUser.Reply okJwt = c.post(t.endpoint("/token"), jwtAuth(good));
      assertThat(okJwt.status()).as(okJwt.body()).isEqualTo(200);
      // wrong secret, wrong method, missing authentication
      assertError(c.post(t.endpoint("/token"), cc, Map.of("Authorization", basic(BASIC, "wrong"))), 401,
          "invalid_client");
      Map<String, String> wrongMethod = new HashMap<>(cc);
      wrongMethod.put("client_id", BASIC);
      wrongMethod.put("client_secret", SECRET);
      assertError(c.post(t.endpoint("/token"), wrongMethod), 401, "invalid_client");
      Map<String, String> noAuth = new HashMap<>(cc);
      noAuth.put("client_id", BASIC);
      HttpUser.Reply r = c.post(t.endpoint("/token"), noAuth);
      assertError(r, 401, "invalid_client");
      assertThat(r.header("WWW-Authenticate")).startsWith("Basic");
      // a replayed assertion, a wrong audience, an expired one
      assertError(c.post(t.endpoint("/token"), jwtAuth(good)), 401, "invalid_client");
      assertError(c.post(t.endpoint("/token"), jwtAuth(assertion("https://other.test/token",
          UUID.randomUUID().toString(), t.clock.instant().plusSeconds(60)))), 401, "invalid_client");
      assertError(c.post(t.endpoint("/token"), jwtAuth(assertion(t.endpoint("/token"), UUID.randomUUID().toString(),
          t.clock.instant().minusSeconds(60)))), 401, "invalid_client");
      // a public client cannot use client credentials
      assertError(c.post(t.endpoint("/token"), Map.of("grant_type", "client_credentials", "client_id", PUBLIC,
          "resource", RESOURCE)), 400, "unauthorized_client");
    }
  }

  @Test
  void SEC_AS_20_aReusedRefreshTokenRevokesTheWholeFamily() {
    try (HttpUser u = new HttpUser(); HttpUser c = new HttpUser()) {
      Pkce pkce = Pkce.create();
      JsonNode first = json(t.redeem(c, t.code(u, pkce), pkce));
      String rt1 = first.get("refresh_token").asString();
      JsonNode second = json(c.post(t.endpoint("/token"), Map.of("grant_type", "refresh_token", "refresh_token", rt1,
          "client_id", PUBLIC)));
      String rt2 = second.get("refresh_token").asString();
      String at2 = second.get("access_token").asString();
      assertThat(active(c, at2)).isTrue();
      assertError(c.post(t.endpoint("/token"), Map.of("grant_type", "refresh_token", "refresh_token", rt1,
          "client_id", PUBLIC)), 400, "invalid_grant");
      assertThat(active(c, rt2)).isFalse();
      assertThat(active(c, at2)).isFalse();
      assertThat(active(c, first.get("access_token").asString())).isFalse();
      assertError(c.post(t.endpoint("/token"), Map.of("grant_type", "refresh_token", "refresh_token", rt2,
          "client_id", PUBLIC)), 400, "invalid_grant");
    }
  }

  @Test
  void SEC_AS_21_aRefreshCannotAddScopeChangeResourceOrChangeClient() {
    try (HttpUser u = new HttpUser(); HttpUser c = new HttpUser()) {
      Pkce pkce = Pkce.create();
      String rt = json(t.redeem(c, t.code(u, pkce), pkce)).get("refresh_token").asString();
      assertError(c.post(t.endpoint("/token"), Map.of("grant_type", "refresh_token", "refresh_token", rt,
          "client_id", PUBLIC, "scope", "mcp:read mcp:write")), 400, "invalid_scope");
      assertError(c.post(t.endpoint("/token"), Map.of("grant_type", "refresh_token", "refresh_token", rt,
          "client_id", PUBLIC, "resource", DOWNSTREAM)), 400, "invalid_target");
      assertError(c.post(t.endpoint("/token"), Map.of("grant_type", "refresh_token", "refresh_token", rt),
          Map.of("Authorization", basic(BASIC, SECRET))), 400, "invalid_grant");
      // the failed attempts did not spend it
      assertThat(c.post(t.endpoint("/token"), Map.of("grant_type", "refresh_token", "refresh_token", rt,
          "client_id", PUBLIC)).status()).isEqualTo(200);
    }
  }

  @Test
  void clientCredentialsIssueATokenForTheClientItself() throws Exception {
    try (HttpUser c = new HttpUser()) {
      HttpUser.Reply r = c.post(t.endpoint("/token"), Map.of("grant_type", "client_credentials", "resource",
          DOWNSTREAM, "scope", "files:read"), Map.of("Authorization", basic(BASIC, SECRET)));
      JsonNode j = json(r);
      assertThat(j.has("refresh_token")).isFalse();
      JWTClaimsSet claims = SignedJWT.parse(j.get("access_token").asString()).getJWTClaimsSet();
      assertThat(claims.getSubject()).isEqualTo(BASIC);
      assertThat(claims.getAudience()).containsExactly(DOWNSTREAM);
      assertError(c.post(t.endpoint("/token"), Map.of("grant_type", "client_credentials"),
          Map.of("Authorization", basic(BASIC, SECRET))), 400, "invalid_target");
    }
  }

  /**
   * The token responses are the shared {@link TokenResponse} record the OAuth client reads, written with the same
   * bytes as the maps before it: the members in the same order, absent ones left out.
   */
  @Test
  void theTokenResponsesAreTheSharedRecordInTheirMembersOrder() {
    try (HttpUser u = new HttpUser(); HttpUser c = new HttpUser()) {
      Pkce pkce = Pkce.create();
      String code = HttpUser.query(t.authorize(u, t.authorizeUrl(pkce, Map.of("scope", "mcp:read files:read")))
          .location()).get("code").getFirst();
      HttpUser.Reply issued = t.redeem(c, code, pkce);
      assertThat(issued.body()).matches("\\{\"access_token\":\"[^\"]+\",\"token_type\":\"Bearer\","
          + "\"expires_in\":\\d+,\"scope\":\"mcp:read files:read\",\"refresh_token\":\"[^\"]+\"\\}");
      TokenResponse read = TokenResponse.read(json(issued));
      assertThat(read).isEqualTo(Json.mapper().readValue(issued.body(), TokenResponse.class));
      assertThat(Json.mapper().writeValueAsString(read)).isEqualTo(issued.body());
      Map<String, String> ex = new HashMap<>(Map.of("grant_type", TokenEndpoint.TOKEN_EXCHANGE, "subject_token",
          read.accessToken(), "subject_token_type", TokenEndpoint.ACCESS_TOKEN_TYPE, "resource", DOWNSTREAM));
      HttpUser.Reply exchanged = c.post(t.endpoint("/token"), ex, RS);
      assertThat(exchanged.body()).matches("\\{\"access_token\":\"[^\"]+\",\"issued_token_type\":\""
          + TokenEndpoint.ACCESS_TOKEN_TYPE + "\",\"token_type\":\"Bearer\",\"expires_in\":\\d+,"
          + "\"scope\":\"files:read\"\\}");
      TokenResponse traded = TokenResponse.read(json(exchanged));
      assertThat(Json.mapper().writeValueAsString(traded)).isEqualTo(exchanged.body());
      assertThat(traded.refreshToken()).isNull();
      assertThat(traded.expiresIn()).isPositive();
    }
  }

  @Test
  void tokenExchangeTradesAUsersTokenForADownstreamOneWithoutForwardingIt() throws Exception {
    try (HttpUser u = new HttpUser(); HttpUser c = new HttpUser()) {
      Pkce pkce = Pkce.create();
      // The user consents to files:read for the MCP server: an exchange gives at most the subject token's scopes.
      String code = HttpUser.query(t.authorize(u, t.authorizeUrl(pkce, Map.of("scope", "mcp:read files:read")))
          .location()).get("code").getFirst();
      String userToken = json(t.redeem(c, code, pkce)).get("access_token").asString();
      Map<String, String> ex = new HashMap<>(Map.of("grant_type", TokenEndpoint.TOKEN_EXCHANGE, "subject_token",
          userToken, "subject_token_type", TokenEndpoint.ACCESS_TOKEN_TYPE, "resource", DOWNSTREAM));
      HttpUser.Reply r = c.post(t.endpoint("/token"), ex, RS);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      JsonNode j = json(r);
      String downstream = j.get("access_token").asString();
      assertThat(downstream).isNotEqualTo(userToken);
      assertThat(r.body()).doesNotContain(userToken);
      assertThat(j.get("issued_token_type").asString()).isEqualTo(TokenEndpoint.ACCESS_TOKEN_TYPE);
      JWTClaimsSet claims = SignedJWT.parse(downstream).getJWTClaimsSet();
      assertThat(claims.getAudience()).containsExactly(DOWNSTREAM);
      assertThat(claims.getSubject()).isEqualTo(ALICE);
      assertThat(claims.getStringClaim("scope")).isEqualTo("files:read");
      assertThat(claims.getJSONObjectClaim("act")).containsEntry("sub", MCP_SERVER);
      assertThat(claims.getExpirationTime()).isBeforeOrEqualTo(SignedJWT.parse(userToken).getJWTClaimsSet()
          .getExpirationTime());
      // more scope than registered, a target not allowed, a public caller, a token for another audience
      Map<String, String> wider = new HashMap<>(ex);
      wider.put("scope", "files:write");
      assertError(c.post(t.endpoint("/token"), wider, RS), 400, "invalid_scope");
      Map<String, String> otherTarget = new HashMap<>(ex);
      otherTarget.put("resource", RESOURCE);
      assertError(c.post(t.endpoint("/token"), otherTarget, RS), 400, "invalid_target");
      Map<String, String> pub = new HashMap<>(ex);
      pub.put("client_id", PUBLIC);
      assertError(c.post(t.endpoint("/token"), pub), 400, "unauthorized_client");
      Map<String, String> reexchange = new HashMap<>(ex);
      reexchange.put("subject_token", downstream);
      assertError(c.post(t.endpoint("/token"), reexchange, RS), 400, "invalid_request");
      Map<String, String> garbage = new HashMap<>(ex);
      garbage.put("subject_token", "not-a-token");
      assertError(c.post(t.endpoint("/token"), garbage, RS), 400, "invalid_request");
      // revoking the user's grant revokes the downstream token too
      assertThat(active(c, downstream)).isTrue();
    }
  }

  @Test
  void SEC_AS_37_revokingARefreshTokenRevokesTheGrantAndItsAccessTokens() {
    try (HttpUser u = new HttpUser(); HttpUser c = new HttpUser()) {
      Pkce pkce = Pkce.create();
      JsonNode first = json(t.redeem(c, t.code(u, pkce), pkce));
      String at = first.get("access_token").asString();
      String rt = first.get("refresh_token").asString();
      // Another client cannot revoke it (the call succeeds, as RFC 7009 says, but nothing happens).
      assertThat(c.post(t.endpoint("/revoke"), Map.of("token", rt), Map.of("Authorization", basic(BASIC, SECRET)))
          .status()).isEqualTo(200);
      assertThat(active(c, rt)).isTrue();
      assertThat(c.post(t.endpoint("/revoke"), Map.of("token", rt, "client_id", PUBLIC)).status()).isEqualTo(200);
      assertThat(active(c, at)).isFalse();
      assertThat(active(c, rt)).isFalse();
      // Revoking one access token leaves the rest of a grant alone.
      Pkce p2 = Pkce.create();
      JsonNode second = json(t.redeem(c, t.code(u, p2), p2));
      c.post(t.endpoint("/revoke"), Map.of("token", second.get("access_token").asString(), "client_id", PUBLIC));
      assertThat(active(c, second.get("access_token").asString())).isFalse();
      assertThat(active(c, second.get("refresh_token").asString())).isTrue();
    }
  }
}
