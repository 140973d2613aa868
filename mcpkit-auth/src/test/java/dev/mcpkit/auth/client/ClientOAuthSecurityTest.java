package dev.mcpkit.auth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.auth.client.FakePeer.Reply;
import dev.mcpkit.auth.server.testing.MutableClock;
import dev.mcpkit.client.auth.AuthChallenge;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The client OAuth cases of the security catalogue (section 6.9, SEC-CL-01 … 20) against scripted
 * honest and malicious peers on 127.0.0.1 ({@link FakePeer}), each named after its id. Every
 * "refused" case also asserts that the forbidden request never reached the peer.
 */
class ClientOAuthSecurityTest {

  static OAuthClient client(Consumer<OAuthClient.Builder> customize) {
    OAuthClient.Builder b = OAuthClient.builder().headless().loginTimeout(Duration.ofSeconds(5))
        .httpTimeout(Duration.ofSeconds(3));
    customize.accept(b);
    return b.build();
  }

  static OAuthClient client() {
    return client(b -> {});
  }

  static AuthChallenge challenge(FakePeer p, String header) {
    return new AuthChallenge(401, p.mcp(), List.of(header));
  }

  static String withMetadata(FakePeer p) {
    return "Bearer resource_metadata=\"" + p.url + "/.well-known/oauth-protected-resource/mcp\"";
  }

  static String bearer(OAuthClient c, URI server) {
    return c.headers(server).get("Authorization");
  }

  @Test
  void SEC_CL_01_theResourceMetadataUrlOfTheChallengeIsFetchedFirst() {
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      p.route("GET", "/custom/prm.json", s -> Reply.json(200, "{\"resource\":\"" + p.url + "/mcp\",\"authorization_servers\":[\""
          + p.url + "\"]}"));
      assertThat(c.onChallenge(challenge(p, "Bearer resource_metadata=\"" + p.url + "/custom/prm.json\""))).isTrue();
      assertThat(p.seen.getFirst().path()).isEqualTo("/custom/prm.json");
      assertThat(p.to("/.well-known/oauth-protected-resource/mcp")).isEmpty();
      assertThat(bearer(c, p.mcp())).startsWith("Bearer tok-");
    }
  }

  @Test
  void SEC_CL_02_withoutTheHeaderThePathAwareThenTheRootWellKnownUrlIsTried() {
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      p.remove("GET", "/.well-known/oauth-protected-resource/mcp");
      p.route("GET", "/.well-known/oauth-protected-resource", s -> Reply.json(200, "{\"resource\":\"" + p.url
          + "\",\"authorization_servers\":[\"" + p.url + "\"]}"));
      assertThat(c.onChallenge(challenge(p, "Bearer"))).isTrue();
      assertThat(p.seen.get(0).path()).isEqualTo("/.well-known/oauth-protected-resource/mcp");
      assertThat(p.seen.get(1).path()).isEqualTo("/.well-known/oauth-protected-resource");
      // The resource is sent exactly as published: the bare origin, no slash added.
      assertThat(p.to("/authorize").getFirst().query().get("resource")).isEqualTo(p.url);
      assertThat(p.to("/token").getFirst().form().get("resource")).isEqualTo(p.url);
    }
  }

  @Test
  void SEC_CL_03_anIssuerWithAPathIsLookedUpInTheThreeUrlsInOrder() {
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      String issuer = p.url + "/tenant1";
      p.route("GET", "/.well-known/oauth-protected-resource/mcp", s -> Reply.json(200, "{\"resource\":\"" + p.url
          + "/mcp\",\"authorization_servers\":[\"" + issuer + "\"]}"));
      p.remove("GET", "/.well-known/oauth-authorization-server");
      p.route("GET", "/tenant1/.well-known/openid-configuration", s -> Reply.json(200, FakePeer.asMetadata(issuer, "")
          .replace(issuer + "/authorize", p.url + "/authorize").replace(issuer + "/token", p.url + "/token")
          .replace(issuer + "/register", p.url + "/register")));
      p.route("GET", "/authorize", s -> Reply.redirect(s.query().get("redirect_uri") + "?code=c1&state="
          + FakePeer.enc(s.query().get("state")) + "&iss=" + FakePeer.enc(issuer)));
      assertThat(c.onChallenge(challenge(p, withMetadata(p)))).isTrue();
      List<String> paths = p.seen.stream().map(FakePeer.Seen::path).filter(x -> x.contains("well-known")).toList();
      assertThat(paths).containsExactly("/.well-known/oauth-protected-resource/mcp",
          "/.well-known/oauth-authorization-server/tenant1", "/.well-known/openid-configuration/tenant1",
          "/tenant1/.well-known/openid-configuration");
      assertThat(p.to("/.well-known/oauth-authorization-server")).isEmpty(); // never the root one
      assertThat(bearer(c, p.mcp())).isNotNull();
    }
  }

  @Test
  void SEC_CL_04_metadataWithoutCodeChallengeMethodsIsRefusedBeforeRegistering() {
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      p.route("GET", "/.well-known/oauth-authorization-server", s -> Reply.json(200, FakePeer.asMetadata(p.url, "")
          .replace("\"code_challenge_methods_supported\":[\"S256\"],", "")));
      assertThatThrownBy(() -> c.onChallenge(challenge(p, withMetadata(p))))
          .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.reason()).isEqualTo(OAuthException.Reason.PKCE_UNSUPPORTED))
          .hasMessageContaining("code_challenge_methods_supported");
      assertThat(p.to("/register")).isEmpty();
      assertThat(p.to("/authorize")).isEmpty();
    }
  }

  @Test
  void SEC_CL_05_onlyPlainPkceIsRefused() {
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      p.route("GET", "/.well-known/oauth-authorization-server", s -> Reply.json(200, FakePeer.asMetadata(p.url, "")
          .replace("[\"S256\"]", "[\"plain\"]")));
      assertThatThrownBy(() -> c.onChallenge(challenge(p, withMetadata(p)))).hasMessageContaining("S256");
      assertThat(p.to("/authorize")).isEmpty();
      assertThat(p.to("/register")).isEmpty();
    }
  }

  @Test
  void SEC_CL_06_theAuthorizationRequestCarriesPkceS256AFreshStateTheResourceAndTheRegisteredRedirect() {
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      c.onChallenge(challenge(p, withMetadata(p) + ", scope=\"read write\""));
      c.login(p.mcp(), Set.of());
      List<FakePeer.Seen> auth = p.to("/authorize");
      assertThat(auth).hasSize(2);
      Map<String, String> q = auth.getFirst().query();
      assertThat(q.get("response_type")).isEqualTo("code");
      assertThat(q.get("code_challenge_method")).isEqualTo("S256");
      assertThat(q.get("resource")).isEqualTo(p.url + "/mcp");
      assertThat(q.get("scope")).isEqualTo("read write");
      assertThat(q.get("state")).hasSizeGreaterThanOrEqualTo(43); // 256 random bits
      assertThat(auth.get(1).query().get("state")).isNotEqualTo(q.get("state"));
      assertThat(q.get("redirect_uri")).matches("http://127\\.0\\.0\\.1:\\d+/callback");
      String registered = p.to("/register").getFirst().body();
      assertThat(registered).contains(q.get("redirect_uri"));
      // The verifier sent to the token endpoint is 43-128 characters and hashes to the challenge.
      String verifier = p.to("/token").getFirst().form().get("code_verifier");
      assertThat(verifier.length()).isBetween(43, 128);
      assertThat(Pkce.challenge(verifier)).isEqualTo(q.get("code_challenge"));
      assertThat(auth.get(1).query().get("code_challenge")).isNotEqualTo(q.get("code_challenge"));
    }
  }

  @Test
  void SEC_CL_07_tokenAndRefreshRequestsCarryVerifierResourceRedirectAndClient() {
    MutableClock clock = new MutableClock();
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client(b -> b.clock(clock))) {
      c.onChallenge(challenge(p, withMetadata(p)));
      Map<String, String> code = p.to("/token").getFirst().form();
      assertThat(code).containsEntry("grant_type", "authorization_code").containsEntry("resource", p.url + "/mcp")
          .containsEntry("client_id", "dcr-client").containsKeys("code", "code_verifier", "redirect_uri");
      assertThat(code.get("redirect_uri")).isEqualTo(p.to("/authorize").getFirst().query().get("redirect_uri"));
      clock.advance(Duration.ofSeconds(590)); // within 30 s of expiry: refreshed before use
      assertThat(bearer(c, p.mcp())).isNotNull();
      Map<String, String> refresh = p.to("/token").get(1).form();
      assertThat(refresh).containsEntry("grant_type", "refresh_token").containsEntry("resource", p.url + "/mcp")
          .containsEntry("client_id", "dcr-client").containsKey("refresh_token");
    }
  }

  @Test
  void SEC_CL_08_aCallbackWithAWrongOrMissingStateIsDiscarded() {
    for (String state : new String[] {"&state=forged", ""}) {
      try (FakePeer p = new FakePeer().honest(); OAuthClient c = client(b -> b.loginTimeout(Duration.ofSeconds(2)))) {
        p.route("GET", "/authorize", s -> Reply.redirect(s.query().get("redirect_uri") + "?code=stolen" + state + "&iss="
            + FakePeer.enc(p.url)));
        assertThatThrownBy(() -> c.onChallenge(challenge(p, withMetadata(p))))
            .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.reason()).isEqualTo(OAuthException.Reason.TIMED_OUT));
        assertThat(p.to("/token")).isEmpty();
      }
    }
  }

  /** One row of the RFC 9207 table: the metadata flag, the iss in the response, whether a code may be redeemed. */
  private static void issCase(boolean advertised, String iss, boolean proceeds) {
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      String meta = FakePeer.asMetadata(p.url, "");
      if (!advertised) {
        meta = meta.replace("\"authorization_response_iss_parameter_supported\":true,", "");
      }
      String body = meta;
      p.route("GET", "/.well-known/oauth-authorization-server", s -> Reply.json(200, body));
      p.route("GET", "/authorize", s -> Reply.redirect(s.query().get("redirect_uri") + "?code=c1&state="
          + FakePeer.enc(s.query().get("state")) + (iss == null ? "" : "&iss=" + FakePeer.enc(iss.replace("{url}", p.url)))));
      if (proceeds) {
        assertThat(c.onChallenge(challenge(p, withMetadata(p)))).isTrue();
        assertThat(p.to("/token")).hasSize(1);
      } else {
        assertThatThrownBy(() -> c.onChallenge(challenge(p, withMetadata(p))))
            .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.reason()).isEqualTo(OAuthException.Reason.INVALID_RESPONSE));
        assertThat(p.to("/token")).as("advertised=%s iss=%s", advertised, iss).isEmpty();
      }
    }
  }

  @Test
  void SEC_CL_09_theIssMatrixIsAppliedWithoutNormalization() {
    issCase(true, "{url}", true);
    issCase(true, null, false);
    issCase(false, "https://evil.example.com", false);
    issCase(false, null, true);
    issCase(false, "{url}", true);
    issCase(true, "{url}/", false); // trailing slash
    try (FakePeer p = new FakePeer().honest()) {
      String upper = p.url.replace("http://", "HTTP://");
      issCase(true, upper, false); // case
    }
  }

  @Test
  void SEC_CL_09_aForgedErrorResponseIsNeitherActedOnNorShown() {
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      p.route("GET", "/authorize", s -> Reply.redirect(s.query().get("redirect_uri") + "?error=access_denied"
          + "&error_description=CALL-0800-FAKE-SUPPORT&state=" + FakePeer.enc(s.query().get("state")) + "&iss="
          + FakePeer.enc("https://attacker.example")));
      assertThatThrownBy(() -> c.onChallenge(challenge(p, withMetadata(p))))
          .hasMessageNotContaining("CALL-0800-FAKE-SUPPORT").hasMessageNotContaining("access_denied")
          .hasMessageContaining("RFC 9207");
    }
  }

  @Test
  void SEC_CL_10_aCodeIsRedeemedOnlyAtTheRecordedIssuersTokenEndpoint() {
    try (FakePeer honest = new FakePeer().honest(); FakePeer attacker = new FakePeer().honest(); OAuthClient c = client()) {
      // The attacker's authorization server answers for the honest one: its response names the honest issuer.
      attacker.route("GET", "/.well-known/oauth-protected-resource/mcp", s -> Reply.json(200, "{\"resource\":\""
          + attacker.url + "/mcp\",\"authorization_servers\":[\"" + attacker.url + "\"]}"));
      attacker.route("GET", "/authorize", s -> Reply.redirect(s.query().get("redirect_uri") + "?code=attacker-code&state="
          + FakePeer.enc(s.query().get("state")) + "&iss=" + FakePeer.enc(honest.url)));
      assertThatThrownBy(() -> c.onChallenge(challenge(attacker, withMetadata(attacker)))).isInstanceOf(OAuthException.class);
      // The honest flow redeems its code at the honest token endpoint only.
      assertThat(c.onChallenge(challenge(honest, withMetadata(honest)))).isTrue();
      assertThat(honest.to("/token")).extracting(s -> s.form().get("code")).allMatch(x -> x.startsWith("code-"));
      assertThat(attacker.to("/token")).isEmpty();
    }
  }

  @Test
  void SEC_CL_11_scopeSelectionChallengeThenScopesSupportedThenNone() {
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      c.onChallenge(challenge(p, withMetadata(p) + ", scope=\"a b\""));
      assertThat(p.to("/authorize").getLast().query().get("scope")).isEqualTo("a b");
    }
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      c.onChallenge(challenge(p, withMetadata(p)));
      assertThat(p.to("/authorize").getLast().query().get("scope")).isEqualTo("read"); // PRM scopes_supported
    }
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      p.route("GET", "/.well-known/oauth-protected-resource/mcp", s -> Reply.json(200, "{\"resource\":\"" + p.url
          + "/mcp\",\"authorization_servers\":[\"" + p.url + "\"]}"));
      c.onChallenge(challenge(p, withMetadata(p)));
      assertThat(p.to("/authorize").getLast().query()).doesNotContainKey("scope");
    }
  }

  @Test
  void SEC_CL_12_stepUpAsksForTheUnionAndGivesUpAfterThreeAttempts() {
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      c.onChallenge(challenge(p, withMetadata(p) + ", scope=\"a b\""));
      String sent = bearer(c, p.mcp());
      AuthChallenge forbidden = new AuthChallenge(403, p.mcp(), List.of("Bearer error=\"insufficient_scope\", scope=\"c\", "
          + "resource_metadata=\"" + p.url + "/.well-known/oauth-protected-resource/mcp\"")).withAttempt(1, sent);
      assertThat(c.onChallenge(forbidden)).isTrue();
      assertThat(p.to("/authorize").getLast().query().get("scope")).isEqualTo("a b c");
      assertThat(p.to("/register")).hasSize(1); // the same client
      // The same challenge again, for the new token: asking again could not help.
      AuthChallenge again = new AuthChallenge(403, p.mcp(), forbidden.wwwAuthenticate()).withAttempt(2, bearer(c, p.mcp()));
      assertThatThrownBy(() -> c.onChallenge(again))
          .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.reason()).isEqualTo(OAuthException.Reason.GAVE_UP));
      assertThat(p.to("/authorize")).hasSize(2);
    }
    // A server that wants one more scope on every retry: three authorizations for the request, then no more.
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      List<Boolean> answers = new ArrayList<>();
      String sent = null;
      for (int attempt = 1; attempt <= 4; attempt++) {
        AuthChallenge ch = new AuthChallenge(403, p.mcp(), List.of("Bearer error=\"insufficient_scope\", scope=\"s" + attempt
            + "\", resource_metadata=\"" + p.url + "/.well-known/oauth-protected-resource/mcp\"")).withAttempt(attempt, sent);
        answers.add(c.onChallenge(ch));
        sent = bearer(c, p.mcp());
      }
      assertThat(answers).containsExactly(true, true, true, false);
      assertThat(p.to("/authorize")).hasSize(3);
    }
  }

  @Test
  void SEC_CL_13_twoServersOfOneAuthorizationServerGetOnlyTheirOwnTokens() {
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      for (String s : List.of("a", "b")) {
        p.route("GET", "/.well-known/oauth-protected-resource/" + s + "/mcp", r -> Reply.json(200, "{\"resource\":\"" + p.url
            + "/" + s + "/mcp\",\"authorization_servers\":[\"" + p.url + "\"]}"));
      }
      URI a = URI.create(p.url + "/a/mcp");
      URI b = URI.create(p.url + "/b/mcp");
      c.onChallenge(new AuthChallenge(401, a, List.of("Bearer")));
      c.onChallenge(new AuthChallenge(401, b, List.of("Bearer")));
      assertThat(bearer(c, a)).isNotNull().isNotEqualTo(bearer(c, b));
      // (Without the probe that checks the stored registration is still known before b's sign-in: it asks for no token.)
      assertThat(p.to("/token")).filteredOn(s -> !String.valueOf(s.form().get("code")).startsWith("mcpkit-client-check-"))
          .extracting(s -> s.form().get("resource")).containsExactly(a.toString(), b.toString());
      // A third URL on the same origin is neither server: no token is guessed for it.
      assertThat(c.headers(URI.create(p.url + "/other"))).isEmpty();
    }
  }

  @Test
  void SEC_CL_14_registrationOrderPreRegisteredThenCimdThenDcrThenAskTheUser() {
    String cimd = ",\"client_id_metadata_document_supported\":true";
    URI docUrl = URI.create("https://client.example/mcpkit.json");
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client(b -> b.clientMetadataUrl(docUrl)
        .preRegistered(new PreRegisteredClient("pre-id", null, null)))) {
      p.route("GET", "/.well-known/oauth-authorization-server", s -> Reply.json(200, FakePeer.asMetadata(p.url, cimd)));
      c.onChallenge(challenge(p, withMetadata(p)));
      assertThat(p.to("/authorize").getFirst().query().get("client_id")).isEqualTo("pre-id");
      assertThat(p.to("/register")).isEmpty();
    }
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client(b -> b.clientMetadataUrl(docUrl))) {
      p.route("GET", "/.well-known/oauth-authorization-server", s -> Reply.json(200, FakePeer.asMetadata(p.url, cimd)));
      c.onChallenge(challenge(p, withMetadata(p)));
      assertThat(p.to("/authorize").getFirst().query().get("client_id")).isEqualTo(docUrl.toString());
      assertThat(p.to("/register")).isEmpty();
    }
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client(b -> b.clientMetadataUrl(docUrl))) {
      c.onChallenge(challenge(p, withMetadata(p))); // no CIMD support advertised
      assertThat(p.to("/register")).hasSize(1);
      assertThat(p.to("/authorize").getFirst().query().get("client_id")).isEqualTo("dcr-client");
    }
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      p.route("GET", "/.well-known/oauth-authorization-server", s -> Reply.json(200, FakePeer.asMetadata(p.url, "")
          .replace("\"registration_endpoint\":\"" + p.url + "/register\",", "")));
      assertThatThrownBy(() -> c.onChallenge(challenge(p, withMetadata(p))))
          .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.reason()).isEqualTo(OAuthException.Reason.REGISTRATION_FAILED))
          .hasMessageContaining("pass its client id");
      assertThat(p.to("/authorize")).isEmpty();
    }
  }

  @Test
  void SEC_CL_15_theClientMetadataDocumentIsWellFormed() {
    URI url = URI.create("https://client.example/oauth/mcpkit.json");
    var d = ClientMetadataDocument.create(url, "mcpkit");
    assertThat(d.path("client_id").asString()).isEqualTo(url.toString());
    assertThat(d.path("client_name").asString()).isEqualTo("mcpkit");
    assertThat(d.path("redirect_uris").get(0).asString()).isEqualTo("http://127.0.0.1/callback");
    assertThat(d.path("token_endpoint_auth_method").asString()).isIn("none", "private_key_jwt");
    assertThat(d.has("client_secret")).isFalse();
    for (String bad : List.of("http://client.example/c.json", "https://client.example", "https://client.example/",
        "https://client.example/c.json#x")) {
      assertThatThrownBy(() -> ClientMetadataDocument.create(URI.create(bad), "x")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> OAuthClient.builder().clientMetadataUrl(URI.create(bad))).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void SEC_CL_16_dynamicRegistrationSaysNativeAndSurfacesARefusal() {
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      c.onChallenge(challenge(p, withMetadata(p)));
      var body = OAuthHttp.JSON.readTree(p.to("/register").getFirst().body());
      assertThat(body.path("application_type").asString()).isEqualTo("native");
      assertThat(body.path("grant_types").toString()).contains("refresh_token");
      assertThat(body.path("redirect_uris").get(0).asString()).startsWith("http://127.0.0.1:");
    }
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      p.route("POST", "/register", s -> Reply.json(400, "{\"error\":\"invalid_redirect_uri\",\"error_description\":"
          + "\"loopback redirects need application_type native\"}"));
      assertThatThrownBy(() -> c.onChallenge(challenge(p, withMetadata(p))))
          .hasMessageContaining("invalid_redirect_uri").hasMessageContaining("application_type native");
      assertThat(p.to("/authorize")).isEmpty();
    }
  }

  @Test
  void SEC_CL_17_refreshTokensRotateAndADeadOneLeadsToANewAuthorization() {
    MutableClock clock = new MutableClock();
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client(b -> b.clock(clock))) {
      c.onChallenge(challenge(p, withMetadata(p)));
      String firstRefresh = c.grant(p.mcp()).orElseThrow().refreshToken();
      clock.advance(Duration.ofSeconds(595));
      c.headers(p.mcp());
      String secondRefresh = c.grant(p.mcp()).orElseThrow().refreshToken();
      assertThat(secondRefresh).isNotEqualTo(firstRefresh);
      assertThat(p.to("/token").get(1).form().get("refresh_token")).isEqualTo(firstRefresh);
      // The authorization server now refuses the refresh token: a 401 leads to a new authorization.
      p.route("POST", "/token", s -> s.form().get("grant_type").equals("refresh_token")
          ? Reply.json(400, "{\"error\":\"invalid_grant\"}")
          : Reply.json(200, "{\"access_token\":\"tok-new\",\"token_type\":\"Bearer\",\"expires_in\":600}"));
      String sent = bearer(c, p.mcp());
      assertThat(c.onChallenge(new AuthChallenge(401, p.mcp(), List.of(withMetadata(p))).withAttempt(1, sent))).isTrue();
      assertThat(bearer(c, p.mcp())).isEqualTo("Bearer tok-new");
      assertThat(p.to("/authorize")).hasSize(2);
    }
    // offline_access only when the authorization server lists it.
    for (boolean listed : new boolean[] {true, false}) {
      try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
        String extra = listed ? ",\"scopes_supported\":[\"read\",\"offline_access\"]" : ",\"scopes_supported\":[\"read\"]";
        p.route("GET", "/.well-known/oauth-authorization-server", s -> Reply.json(200, FakePeer.asMetadata(p.url, extra)));
        c.onChallenge(challenge(p, withMetadata(p)));
        assertThat(p.to("/authorize").getFirst().query().get("scope")).isEqualTo(listed ? "read offline_access" : "read");
      }
    }
  }

  @Test
  void aRefusedTokenIsRefreshedFirstThenAuthorizedAnewThenGivenUp() {
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      c.onChallenge(challenge(p, withMetadata(p)));
      String authorized = bearer(c, p.mcp());
      // First refusal of a request: a refresh is enough (no browser).
      assertThat(c.onChallenge(new AuthChallenge(401, p.mcp(), List.of(withMetadata(p))).withAttempt(1, authorized))).isTrue();
      assertThat(p.to("/token").getLast().form()).containsEntry("grant_type", "refresh_token");
      assertThat(p.to("/authorize")).hasSize(1);
      // The refreshed token refused again for the same request: a new authorization.
      String refreshed = bearer(c, p.mcp());
      assertThat(c.onChallenge(new AuthChallenge(401, p.mcp(), List.of(withMetadata(p))).withAttempt(2, refreshed))).isTrue();
      assertThat(p.to("/authorize")).hasSize(2);
      // That brand-new token refused as well: giving up rather than looping.
      String fresh = bearer(c, p.mcp());
      assertThatThrownBy(() -> c.onChallenge(new AuthChallenge(401, p.mcp(), List.of(withMetadata(p))).withAttempt(3, fresh)))
          .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.reason()).isEqualTo(OAuthException.Reason.GAVE_UP));
      assertThat(p.to("/authorize")).hasSize(2);
    }
  }

  @Test
  void SEC_CL_20_aPlainHttpTokenEndpointOnARemoteHostIsRefused() {
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      p.route("GET", "/.well-known/oauth-authorization-server", s -> Reply.json(200, FakePeer.asMetadata(p.url, "")
          .replace("\"token_endpoint\":\"" + p.url + "/token\"", "\"token_endpoint\":\"http://as.example.com/token\"")));
      assertThatThrownBy(() -> c.onChallenge(challenge(p, withMetadata(p))))
          .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.reason()).isEqualTo(OAuthException.Reason.UNSAFE_URL))
          .hasMessageContaining("plain http");
      assertThat(p.to("/authorize")).isEmpty();
      assertThat(p.to("/register")).isEmpty();
    }
  }

  @Test
  void SEC_PE_14_aClientCredentialsClientDoesNotStepUp() {
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client(b -> b.clientCredentials(ClientCredentials.secret("svc", "s3cret")))) {
      assertThat(c.onChallenge(challenge(p, withMetadata(p) + ", scope=\"read\""))).isTrue();
      assertThat(p.to("/token").getFirst().form()).containsEntry("grant_type", "client_credentials");
      AuthChallenge more = new AuthChallenge(403, p.mcp(), List.of("Bearer error=\"insufficient_scope\", scope=\"admin\"")).withAttempt(1, bearer(c, p.mcp()));
      assertThatThrownBy(() -> c.onChallenge(more))
          .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.reason()).isEqualTo(OAuthException.Reason.GAVE_UP));
      assertThat(p.to("/token")).hasSize(1);
      assertThat(p.to("/authorize")).isEmpty();
    }
  }
}
