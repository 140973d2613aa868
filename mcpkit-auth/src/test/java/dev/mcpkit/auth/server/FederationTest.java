package dev.mcpkit.auth.server;

import static dev.mcpkit.auth.server.testing.TestAuthServer.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.mcpkit.auth.server.testing.FakeUpstream;
import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.auth.server.testing.Pkce;
import dev.mcpkit.auth.server.testing.TestAuthServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Federated login through an upstream provider started by the test (generic OIDC, and the GitHub, GitLab and Gitea
 * presets pointed at it), and the confused-deputy cases: the upstream remembers consent, so mcpkit's own
 * per-client consent is what protects the user.
 */
class FederationTest {

  private static UpstreamProvider oidc(FakeUpstream up, String id, String kind) {
    return UpstreamProvider.builder()
        .id(id)
        .displayName("Fake " + kind)
        .kind(kind)
        .issuer(URI.create(up.issuer))
        .clientId(FakeUpstream.CLIENT_ID)
        .clientSecret(FakeUpstream.CLIENT_SECRET).build();
  }

  private static UpstreamProvider github(FakeUpstream up) {
    return UpstreamProvider.builder()
        .id("gh")
        .kind("github")
        .clientId(FakeUpstream.CLIENT_ID)
        .clientSecret(FakeUpstream.CLIENT_SECRET)
        .authorizationEndpoint(URI.create(up.issuer + "/authorize"))
        .tokenEndpoint(URI.create(up.issuer + "/token"))
        .userinfoEndpoint(URI.create(up.issuer + "/user")).build();
  }

  private static TestAuthServer server(FakeUpstream up) {
    return new TestAuthServer(b -> b.upstreamProviders(List.of(oidc(up, "fake", "oidc"), github(up),
        oidc(up, "gitlab", "gitlab"), oidc(up, "gitea", "gitea"))));
  }

  /** Clicks "Sign in with {provider}" on the login page and follows the upstream round trip; returns the page. */
  private static HttpUser.Reply federate(TestAuthServer t, HttpUser u, HttpUser.Reply loginPage, String provider) {
    HttpUser.Reply toUpstream = u.submit(t.endpoint("/federation/start"), Map.of("request",
        loginPage.hidden("request"), "csrf", loginPage.hidden("csrf"), "provider", provider));
    assertThat(toUpstream.status()).as(toUpstream.body()).isEqualTo(303);
    HttpUser.Reply upstream = u.get(toUpstream.location());
    assertThat(upstream.status()).isEqualTo(302);
    HttpUser.Reply callback = u.get(upstream.location());
    if (callback.status() != 303) {
      return callback;
    }
    return u.get(callback.location());
  }

  private static HttpUser.Reply approve(TestAuthServer t, HttpUser u, HttpUser.Reply consent) {
    return u.submit(t.endpoint("/consent"), Map.of("request", consent.hidden("request"), "csrf",
        consent.hidden("csrf"), "decision", "approve", "remember", "yes"));
  }

  @Test
  void genericOidcLoginValidatesTheIdTokenAndNamesTheUserByProviderAndSubject() throws Exception {
    try (FakeUpstream up = new FakeUpstream(); TestAuthServer t = server(up); HttpUser u = new HttpUser();
        HttpUser c = new HttpUser()) {
      Pkce pkce = Pkce.create();
      HttpUser.Reply login = u.get(t.authorizeUrl(pkce, Map.of()));
      assertThat(login.body()).contains("Sign in with Fake oidc").contains("Sign in with GitHub");
      HttpUser.Reply consent = federate(t, u, login, "fake");
      assertThat(consent.body()).contains("Uma Upstream").contains("id=\"approve\"");
      Map<String, String> sent = up.authorizeParams.getLast();
      assertThat(sent).containsEntry("code_challenge_method", "S256").containsEntry("redirect_uri",
          t.endpoint("/federation/callback")).containsKeys("state", "nonce", "code_challenge");
      HttpUser.Reply back = approve(t, u, consent);
      HttpUser.Reply token = t.redeem(c, back.locationQuery().get("code").getFirst(), pkce);
      assertThat(SignedJWT.parse(json(token).get("access_token").asString()).getJWTClaimsSet().getSubject())
          .isEqualTo("fake:u-123");
    }
  }

  @Test
  void theGithubPresetUsesTheUserApiAndTheOpenIdPresetsUseDiscovery() throws Exception {
    try (FakeUpstream up = new FakeUpstream(); TestAuthServer t = server(up)) {
      for (String[] p : new String[][] {{"gh", "octocat", "gh:4242"}, {"gitlab", "Uma Upstream", "gitlab:u-123"},
          {"gitea", "Uma Upstream", "gitea:u-123"}}) {
        try (HttpUser u = new HttpUser(); HttpUser c = new HttpUser()) {
          Pkce pkce = Pkce.create();
          HttpUser.Reply consent = federate(t, u, u.get(t.authorizeUrl(pkce, Map.of())), p[0]);
          assertThat(consent.body()).as(p[0]).contains(p[1]);
          HttpUser.Reply back = approve(t, u, consent);
          String at = json(t.redeem(c, back.locationQuery().get("code").getFirst(), pkce)).get("access_token")
              .asString();
          assertThat(SignedJWT.parse(at).getJWTClaimsSet().getSubject()).isEqualTo(p[2]);
        }
      }
    }
  }

  @Test
  void anIdTokenWithAnotherNonceOrAudienceIsRefused() {
    try (FakeUpstream up = new FakeUpstream(); TestAuthServer t = server(up); HttpUser u = new HttpUser()) {
      up.nonceOverride = "attacker-nonce";
      HttpUser.Reply r = federate(t, u, u.get(t.authorizeUrl(Pkce.create(), Map.of())), "fake");
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.body()).contains("nonce");
      up.nonceOverride = null;
      up.audienceOverride = "someone-else";
      HttpUser.Reply r2 = federate(t, u, u.get(t.authorizeUrl(Pkce.create(), Map.of())), "fake");
      assertThat(r2.status()).isEqualTo(400);
      assertThat(r2.body()).contains("another client");
    }
  }

  @Test
  void SEC_CD_01_anAttackersNewClientMeetsMcpkitsOwnConsentPageEvenThoughUpstreamConsentIsRemembered() {
    try (FakeUpstream up = new FakeUpstream(); TestAuthServer t = server(up); HttpUser victim = new HttpUser();
        HttpUser attacker = new HttpUser()) {
      // The victim used the legitimate client once, through the upstream provider.
      HttpUser.Reply consent = federate(t, victim, victim.get(t.authorizeUrl(Pkce.create(), Map.of())), "fake");
      approve(t, victim, consent);
      // The attacker registers a client with its own redirect URI and sends the victim the link.
      String evil = json(attacker.postRaw(t.endpoint("/register"), "application/json", "{\"application_type\":"
          + "\"native\",\"client_name\":\"Totally Legit\",\"redirect_uris\":[\"http://127.0.0.1:6666/steal\"],"
          + "\"token_endpoint_auth_method\":\"none\"}", Map.of())).get("client_id").asString();
      HttpUser.Reply page = victim.get(t.authorizeUrl(Pkce.create(), Map.of("client_id", evil, "redirect_uri",
          "http://127.0.0.1:6666/steal")));
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.location()).isNull();
      assertThat(page.body()).contains("Totally Legit").contains("id=\"approve\"")
          .contains("id=\"redirect-host\"><code>127.0.0.1</code>");
    }
  }

  @Test
  void SEC_CD_02_theCallbackRefusesAMissingWrongReplayedOrStaleState() {
    try (FakeUpstream up = new FakeUpstream(); TestAuthServer t = server(up); HttpUser u = new HttpUser()) {
      HttpUser.Reply login = u.get(t.authorizeUrl(Pkce.create(), Map.of()));
      HttpUser.Reply toUpstream = u.submit(t.endpoint("/federation/start"), Map.of("request", login.hidden("request"),
          "csrf", login.hidden("csrf"), "provider", "fake"));
      String callback = u.get(toUpstream.location()).location();
      String code = HttpUser.query(callback).get("code").getFirst();
      assertThat(u.get(t.endpoint("/federation/callback?code=" + code)).status()).isEqualTo(400);
      assertThat(u.get(t.endpoint("/federation/callback?code=" + code + "&state=wrong")).status()).isEqualTo(400);
      assertThat(u.get(callback).status()).as("the real callback").isEqualTo(303);
      HttpUser.Reply replay = u.get(callback);
      assertThat(replay.status()).isEqualTo(400);
      assertThat(replay.body()).contains("already used");
      // A state older than ten minutes is gone.
      try (HttpUser late = new HttpUser()) {
        HttpUser.Reply l = late.get(t.authorizeUrl(Pkce.create(), Map.of()));
        HttpUser.Reply go = late.submit(t.endpoint("/federation/start"), Map.of("request", l.hidden("request"),
            "csrf", l.hidden("csrf"), "provider", "fake"));
        String cb = late.get(go.location()).location();
        t.clock.advance(Duration.ofMinutes(11));
        assertThat(late.get(cb).status()).isEqualTo(400);
      }
    }
  }

  @Test
  void SEC_CL_10_aFederatedLoginResponseNamingAnotherIssuerIsRefused() {
    // RFC 9207: this upstream does not announce the iss parameter, but an iss that is sent must be its own (a
    // mix-up attacker's response carries the attacker's). RealOidcFederationTest has the announcing provider.
    try (FakeUpstream up = new FakeUpstream(); TestAuthServer t = server(up); HttpUser u = new HttpUser()) {
      HttpUser.Reply login = u.get(t.authorizeUrl(Pkce.create(), Map.of()));
      HttpUser.Reply go = u.submit(t.endpoint("/federation/start"), Map.of("request", login.hidden("request"),
          "csrf", login.hidden("csrf"), "provider", "fake"));
      String cb = u.get(go.location()).location();
      HttpUser.Reply r = u.get(cb + "&iss=" + TestAuthServer.enc("https://attacker.example"));
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.location()).isNull();
      assertThat(r.body()).contains("comes from another issuer");
      assertThat(up.issuedAccessTokens).as("the code was never redeemed").isEmpty();
      // An error response from another issuer is refused for that, and its error text is not shown.
      HttpUser.Reply again = u.get(t.authorizeUrl(Pkce.create(), Map.of()));
      String state = HttpUser.query(u.submit(t.endpoint("/federation/start"), Map.of("request",
          again.hidden("request"), "csrf", again.hidden("csrf"), "provider", "fake")).location()).get("state")
          .getFirst();
      HttpUser.Reply err = u.get(t.endpoint("/federation/callback?state=" + state + "&error=attacker_text&iss="
          + TestAuthServer.enc("https://attacker.example")));
      assertThat(err.status()).isEqualTo(400);
      assertThat(err.body()).contains("comes from another issuer").doesNotContain("attacker_text");
    }
  }

  @Test
  void SEC_CD_02_aCallbackCompletedInAnotherBrowserIsRefused() {
    try (FakeUpstream up = new FakeUpstream(); TestAuthServer t = server(up); HttpUser victim = new HttpUser();
        HttpUser attacker = new HttpUser()) {
      HttpUser.Reply login = attacker.get(t.authorizeUrl(Pkce.create(), Map.of()));
      HttpUser.Reply go = attacker.submit(t.endpoint("/federation/start"), Map.of("request", login.hidden("request"),
          "csrf", login.hidden("csrf"), "provider", "fake"));
      String cb = attacker.get(go.location()).location();
      victim.get(t.authorizeUrl(Pkce.create(), Map.of()));
      HttpUser.Reply r = victim.get(cb);
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.body()).contains("another browser");
    }
  }

  @Test
  void SEC_CD_03_theUpstreamStateIsCreatedOnlyByAValidPostFromThisBrowserAndIsFreshEachTime() {
    try (FakeUpstream up = new FakeUpstream(); TestAuthServer t = server(up); HttpUser u = new HttpUser();
        HttpUser other = new HttpUser()) {
      HttpUser.Reply login = u.get(t.authorizeUrl(Pkce.create(), Map.of()));
      HttpUser.Reply forged = other.submit(t.endpoint("/federation/start"), Map.of("request",
          login.hidden("request"), "csrf", login.hidden("csrf"), "provider", "fake"));
      assertThat(forged.status()).isEqualTo(400);
      assertThat(u.get(t.endpoint("/federation/start")).status()).isEqualTo(405);
      Map<String, String> form = Map.of("request", login.hidden("request"), "csrf", login.hidden("csrf"),
          "provider", "fake");
      String s1 = HttpUser.query(u.submit(t.endpoint("/federation/start"), form).location()).get("state").getFirst();
      String s2 = HttpUser.query(u.submit(t.endpoint("/federation/start"), form).location()).get("state").getFirst();
      assertThat(s1).isNotEqualTo(s2).hasSizeGreaterThanOrEqualTo(43);
      assertThat(up.authorizeRequests.get()).isZero();
    }
  }

  @Test
  void SEC_CD_04_redirectUrisMustMatchTheRegistrationExactly() {
    try (FakeUpstream up = new FakeUpstream(); TestAuthServer t = server(up); HttpUser u = new HttpUser()) {
      for (String r : List.of("https://app.test/Cb", "https://app.test/cb/x", "https://app.test/cb?a=b")) {
        HttpUser.Reply page = u.get(t.authorizeUrl(Pkce.create(), Map.of("client_id", BASIC, "redirect_uri", r)));
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.location()).isNull();
      }
    }
  }

  @Test
  void SEC_CD_05_consentIsKeptServerSideAndTheOnlyCookieIsAHostPrefixedSession() {
    try (FakeUpstream up = new FakeUpstream(); TestAuthServer t = server(up); HttpUser u = new HttpUser()) {
      HttpUser.Reply login = u.get(t.authorizeUrl(Pkce.create(), Map.of()));
      List<String> set = login.headers().getValuesList("Set-Cookie");
      assertThat(set).hasSize(1);
      assertThat(set.getFirst()).startsWith("__Host-mcpkit-session=").contains("Secure").contains("HttpOnly")
          .contains("SameSite=Lax").contains("Path=/");
      approve(t, u, federate(t, u, login, "fake"));
      assertThat(t.store.findConsent("fake:u-123", PUBLIC, RESOURCE)).isPresent();
      assertThat(t.store.findConsent("fake:u-123", BASIC, RESOURCE)).isEmpty();
      assertThat(u.cookies()).containsOnlyKeys(Interaction.COOKIE);
    }
  }

  @Test
  void SEC_CD_06_theUpstreamTokenNeverReachesTheClient() {
    try (FakeUpstream up = new FakeUpstream(); TestAuthServer t = server(up); HttpUser u = new HttpUser();
        HttpUser c = new HttpUser()) {
      Pkce pkce = Pkce.create();
      HttpUser.Reply consent = federate(t, u, u.get(t.authorizeUrl(pkce, Map.of())), "gh");
      HttpUser.Reply back = approve(t, u, consent);
      HttpUser.Reply token = t.redeem(c, back.locationQuery().get("code").getFirst(), pkce);
      assertThat(up.issuedAccessTokens).hasSize(1);
      String upstreamToken = up.issuedAccessTokens.getFirst();
      for (String seen : List.of(consent.body(), back.location(), token.body())) {
        assertThat(seen).doesNotContain(upstreamToken);
      }
      assertThat(t.store.getState(upstreamToken)).isEmpty();
    }
  }
  private static final String DISCOVERY = "{\"issuer\":\"$ISSUER\",\"authorization_endpoint\":\"$ISSUER/authorize\","
      + "\"token_endpoint\":\"$ISSUER/token\",\"jwks_uri\":\"$ISSUER/jwks\"%s}";

  /**
   * The upstream provider's discovery document and token answer are read strictly: a key twice (a second
   * issuer, a second id_token) or a value of the wrong type is a sign-in failure page naming the problem, never
   * last-wins and never a Jackson or URI exception (a 500).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "discovery | two issuers          | ,\"issuer\":\"https://attacker.example\"    | duplicate key \"issuer\"",
      "discovery | issuer an object     | ,\"x\":1}                                   | names another issuer",
      "discovery | token_endpoint twice | ,\"token_endpoint\":{}                        | duplicate key \"token_endpoint\"",
      "discovery | userinfo not a URL   | ,\"userinfo_endpoint\":\"ht tp://bad\"       | invalid userinfo_endpoint",
      "token     | two id_tokens        | {\"access_token\":\"a\",\"id_token\":\"x\",\"id_token\":\"y\"} | duplicate key \"id_token\"",
      "token     | error an object      | {\"error\":{}}                                | refused the code.",
      "token     | id_token an object   | {\"access_token\":\"a\",\"id_token\":{}}   | no ID token",
      "token     | not an object        | [1]                                          | not a JSON object"})
  void malformedUpstreamAnswersAreASignInFailureNamingTheProblem(String where, String name, String value, String text) {
    try (FakeUpstream up = new FakeUpstream(); TestAuthServer t = server(up); HttpUser u = new HttpUser()) {
      if (where.equals("discovery")) {
        up.discoveryOverride = name.equals("issuer an object") ? "{\"issuer\":{}" + value : DISCOVERY.formatted(value);
      } else {
        up.tokenAnswerOverride = value;
      }
      HttpUser.Reply login = u.get(t.authorizeUrl(Pkce.create(), Map.of()));
      // Discovery happens when the user picks the provider; the token answer, on the way back.
      HttpUser.Reply r = u.submit(t.endpoint("/federation/start"), Map.of("request", login.hidden("request"), "csrf",
          login.hidden("csrf"), "provider", "fake"));
      if (r.status() == 303) {
        r = u.get(u.get(r.location()).location());
      }
      assertThat(r.status()).as(r.body()).isEqualTo(400);
      assertThat(r.body().replace("&quot;", "\"").replace("&#34;", "\"")).contains(text)
          .doesNotContainIgnoringCase("exception").doesNotContain("jackson");
    }
  }
}
