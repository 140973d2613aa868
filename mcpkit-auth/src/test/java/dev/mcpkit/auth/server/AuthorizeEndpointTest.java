package dev.mcpkit.auth.server;

import static dev.mcpkit.auth.server.testing.TestAuthServer.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.auth.server.testing.Pkce;
import dev.mcpkit.auth.server.testing.TestAuthServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The authorization endpoint's checks, in the order RFC 9700 asks for, and the security catalogue's AS cases. */
class AuthorizeEndpointTest {

  static TestAuthServer t;

  @BeforeAll
  static void start() {
    t = new TestAuthServer();
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  private static Map<String, String> with(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  /** Asserts an error redirect to the client with {@code error}, the state and iss. */
  private static void assertErrorRedirect(HttpUser.Reply r, String error) {
    assertThat(r.status()).as(r.body()).isEqualTo(303);
    Map<String, List<String>> q = r.locationQuery();
    assertThat(r.location()).startsWith("http://127.0.0.1:45678/callback?");
    assertThat(q.get("error")).containsExactly(error);
    assertThat(q.get("iss")).containsExactly(t.issuer);
    assertThat(q).doesNotContainKey("code");
  }

  private static void assertErrorPage(HttpUser.Reply r) {
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.location()).isNull();
    assertThat(r.header("Content-Type")).startsWith("text/html");
    assertThat(r.body()).contains("id=\"error\"").doesNotContain("Exception").doesNotContain("dev.mcpkit");
  }

  @Test
  void SEC_AS_02_aRequestWithoutPkceIsRedirectedBackWithInvalidRequestStateAndIss() {
    try (HttpUser u = new HttpUser()) {
      HttpUser.Reply r = u.get(t.authorizeUrl(Pkce.create(), with("code_challenge", null)));
      assertErrorRedirect(r, "invalid_request");
      assertThat(r.locationQuery().get("state")).containsExactly("state-123");
      assertThat(r.locationQuery().get("error_description").getFirst()).contains("code_challenge");
    }
  }

  @Test
  void SEC_AS_03_plainAndMissingChallengeMethodsAreRejected() {
    try (HttpUser u = new HttpUser()) {
      assertErrorRedirect(u.get(t.authorizeUrl(Pkce.create(), with("code_challenge_method", "plain"))),
          "invalid_request");
      assertErrorRedirect(u.get(t.authorizeUrl(Pkce.create(), with("code_challenge_method", null))),
          "invalid_request");
      assertErrorRedirect(u.get(t.authorizeUrl(Pkce.create(), with("code_challenge", "short"))), "invalid_request");
    }
  }

  @Test
  void SEC_AS_10_resourceWithoutSchemeWithFragmentOrUnknownIsInvalidTarget() {
    try (HttpUser u = new HttpUser()) {
      for (String bad : List.of("mcp.example.com", RESOURCE + "#frag", "https://unknown.test/mcp", RESOURCE + "/")) {
        assertErrorRedirect(u.get(t.authorizeUrl(Pkce.create(), with("resource", bad))), "invalid_target");
      }
      assertErrorRedirect(u.get(t.authorizeUrl(Pkce.create(), with("resource", null))), "invalid_target");
      // Upper-case scheme and host are accepted (the MCP spec asks for it) and name the same resource.
      HttpUser.Reply ok = u.get(t.authorizeUrl(Pkce.create(), with("resource", "HTTP://127.0.0.1:18080/mcp")));
      assertThat(ok.status()).isEqualTo(200);
      assertThat(ok.body()).contains("id=\"username\"");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://app.test/cb/../evil", "https://app.test/cb?x=1", "https://app.test/cb#x",
      "https://app.test/CB", "https://app.test.evil.com/cb", "https://app.test/cb/", "http://app.test/cb",
      "https://app.test:8443/cb", "https://app.test/%63b", "https://APP.test/cb", "javascript:alert(1)"})
  void SEC_AS_12_anUnregisteredRedirectUriGetsAnErrorPageAndNoRedirect(String redirect) {
    try (HttpUser u = new HttpUser()) {
      assertErrorPage(u.get(t.authorizeUrl(Pkce.create(), with("redirect_uri", redirect))));
    }
  }

  @Test
  void SEC_AS_13_loopbackRedirectsMatchAnyPortButNothingElse() {
    try (HttpUser u = new HttpUser()) {
      // registered http://127.0.0.1/callback and http://localhost/cb
      assertThat(u.get(t.authorizeUrl(Pkce.create(), with("redirect_uri", "http://127.0.0.1:54321/callback")))
          .status()).isEqualTo(200);
      assertThat(u.get(t.authorizeUrl(Pkce.create(), with("redirect_uri", "http://localhost:3000/cb"))).status())
          .isEqualTo(200);
      for (String bad : List.of("http://127.0.0.1:54321/other", "http://127.0.0.1.evil.com/callback",
          "http://127.0.0.2:54321/callback", "http://localhost:3000/callback", "http://[::1]:54321/callback",
          "http://127.0.0.1:54321/callback?x=1", "http://user@127.0.0.1:54321/callback")) {
        assertErrorPage(u.get(t.authorizeUrl(Pkce.create(), with("redirect_uri", bad))));
      }
    }
  }

  @Test
  void SEC_AS_14_anUnknownClientGetsAnErrorPageAndNoRedirect() {
    try (HttpUser u = new HttpUser()) {
      HttpUser.Reply r = u.get(t.authorizeUrl(Pkce.create(), with("client_id", "nobody")));
      assertErrorPage(r);
      assertThat(r.body()).contains("Unknown application");
      assertErrorPage(u.get(t.authorizeUrl(Pkce.create(), with("client_id", null))));
    }
  }

  @Test
  void SEC_AS_16_successAndErrorResponsesCarryIssAndStateAndOneCodeAndNoToken() {
    try (HttpUser u = new HttpUser()) {
      HttpUser.Reply ok = t.authorize(u, t.authorizeUrl(Pkce.create(), Map.of()));
      Map<String, List<String>> q = ok.locationQuery();
      assertThat(q.get("code")).hasSize(1);
      assertThat(q.get("state")).containsExactly("state-123");
      assertThat(q.get("iss")).containsExactly(t.issuer);
      assertThat(q.keySet()).containsExactlyInAnyOrder("code", "state", "iss");
      assertThat(ok.location()).doesNotContain("access_token").doesNotContain("#");
      HttpUser.Reply err = u.get(t.authorizeUrl(Pkce.create(), with("scope", "admin")));
      assertErrorRedirect(err, "invalid_scope");
      assertThat(err.locationQuery().get("state")).containsExactly("state-123");
    }
  }

  @Test
  void SEC_AS_17_implicitAndHybridResponseTypesAreUnsupported() {
    try (HttpUser u = new HttpUser()) {
      assertErrorRedirect(u.get(t.authorizeUrl(Pkce.create(), with("response_type", "token"))),
          "unsupported_response_type");
      assertErrorRedirect(u.get(t.authorizeUrl(Pkce.create(), with("response_type", "id_token token"))),
          "unsupported_response_type");
    }
  }

  @Test
  void SEC_AS_22_unknownOrUnallowedScopesAreRefusedAndNothingMoreIsGranted() {
    try (HttpUser u = new HttpUser()) {
      assertErrorRedirect(u.get(t.authorizeUrl(Pkce.create(), with("scope", "mcp:read admin"))), "invalid_scope");
      assertErrorRedirect(u.get(t.authorizeUrl(Pkce.create(), with("scope", "files:write"))), "invalid_scope");
      // No scope asked: the resource's default scopes only, not all of them.
      HttpUser.Reply ok = t.authorize(u, t.authorizeUrl(Pkce.create(), Map.of()));
      assertThat(ok.status()).isEqualTo(303);
    }
  }

  @Test
  void SEC_AS_26_theAuthorizationEndpointSendsNoCorsHeaders() {
    try (HttpUser u = new HttpUser()) {
      HttpUser.Reply r = u.get(t.authorizeUrl(Pkce.create(), Map.of()), Map.of("Origin", "https://evil.test"));
      assertThat(r.headers().getFieldNamesCollection()).noneMatch(n -> n.toLowerCase().startsWith("access-control"));
    }
  }

  @Test
  void SEC_AS_35_repeatedParametersAreInvalidRequests() {
    try (HttpUser u = new HttpUser()) {
      String url = t.authorizeUrl(Pkce.create(), Map.of());
      assertErrorPage(u.get(url + "&redirect_uri=" + enc("http://127.0.0.1:45678/callback")));
      assertErrorPage(u.get(url + "&client_id=" + PUBLIC));
      assertErrorRedirect(u.get(url + "&resource=" + enc(RESOURCE)), "invalid_request");
      assertErrorRedirect(u.get(url + "&code_challenge=" + Pkce.create().challenge()), "invalid_request");
    }
  }

  @Test
  void SEC_AS_36_anOversizedStateOrScopeListIsRefusedAndNotEchoed() {
    try (HttpUser u = new HttpUser()) {
      HttpUser.Reply r = u.get(t.authorizeUrl(Pkce.create(), with("state", "s".repeat(5000))));
      assertErrorRedirect(r, "invalid_request");
      assertThat(r.locationQuery()).doesNotContainKey("state");
      assertThat(r.location().length()).isLessThan(1000);
      String many = String.join(" ", java.util.Collections.nCopies(60, "mcp:read"));
      assertErrorRedirect(u.get(t.authorizeUrl(Pkce.create(), with("scope", many))), "invalid_scope");
    }
  }

  @Test
  void SEC_AS_23_theConsentPageShowsWhoAndWhereAndIsProtected() {
    try (HttpUser u = new HttpUser()) {
      HttpUser.Reply login = u.get(t.authorizeUrl(Pkce.create(), with("scope", "mcp:read mcp:write")));
      HttpUser.Reply consent = u.get(t.logIn(u, login, ALICE, ALICE_PASSWORD).location());
      assertThat(consent.body())
          .contains("Public &lt;b&gt;Client&lt;/b&gt;").doesNotContain("<b>Client</b>")
          .contains("id=\"redirect-host\"><code>127.0.0.1</code>")
          .contains("mcp:read").contains("mcp:write").contains(RESOURCE)
          .contains("name=\"csrf\"");
      assertThat(consent.header("X-Frame-Options")).isEqualTo("DENY");
      assertThat(consent.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
      assertThat(consent.header("Cache-Control")).isEqualTo("no-store");
      String cookie = login.headers().getValuesList("Set-Cookie").getFirst();
      assertThat(cookie).startsWith("__Host-mcpkit-session=").contains("Secure").contains("HttpOnly")
          .contains("SameSite=Lax").contains("Path=/").doesNotContain("Domain");
      // Without the CSRF token (or with another one) the approval is refused and nothing is issued.
      HttpUser.Reply forged = u.submit(t.endpoint("/consent"), Map.of("request", consent.hidden("request"),
          "csrf", "forged", "decision", "approve"));
      assertThat(forged.status()).isEqualTo(400);
      assertThat(forged.location()).isNull();
      // From another browser (no session cookie), even with the right token.
      try (HttpUser other = new HttpUser()) {
        HttpUser.Reply cross = other.submit(t.endpoint("/consent"), Map.of("request", consent.hidden("request"),
            "csrf", consent.hidden("csrf"), "decision", "approve"));
        assertThat(cross.status()).isEqualTo(400);
        assertThat(cross.location()).isNull();
      }
    }
  }

  @Test
  void SEC_AS_24_rememberedConsentCoversOnlyThatClientResourceAndScopes() {
    try (HttpUser u = new HttpUser()) {
      HttpUser.Reply first = t.authorize(u, t.authorizeUrl(Pkce.create(), Map.of()));
      assertThat(first.locationQuery()).containsKey("code");
      // Same client, same scopes: straight back, no page.
      HttpUser.Reply again = u.get(t.authorizeUrl(Pkce.create(), Map.of()));
      assertThat(again.status()).isEqualTo(303);
      assertThat(again.locationQuery()).containsKey("code");
      // More scopes: asked again.
      assertThat(u.get(t.authorizeUrl(Pkce.create(), with("scope", "mcp:read mcp:write"))).body())
          .contains("id=\"approve\"");
      // Another client for the same user: asked again.
      HttpUser.Reply other = u.get(t.authorizeUrl(Pkce.create(), with("client_id", BASIC, "redirect_uri",
          APP_REDIRECT)));
      assertThat(other.status()).isEqualTo(200);
      assertThat(other.body()).contains("id=\"approve\"").contains("Basic client");
    }
  }

  @Test
  void SEC_AS_25_theConsentApprovalAnswers303() {
    try (HttpUser u = new HttpUser()) {
      HttpUser.Reply r = t.authorize(u, t.authorizeUrl(Pkce.create(), with("scope", "mcp:write")));
      assertThat(r.status()).isEqualTo(303);
    }
  }

  @Test
  void denyingConsentRedirectsAccessDenied() {
    try (HttpUser u = new HttpUser()) {
      HttpUser.Reply login = u.get(t.authorizeUrl(Pkce.create(), with("scope", "mcp:write")));
      HttpUser.Reply consent = u.get(t.logIn(u, login, ALICE, ALICE_PASSWORD).location());
      HttpUser.Reply r = u.submit(t.endpoint("/consent"), Map.of("request", consent.hidden("request"),
          "csrf", consent.hidden("csrf"), "decision", "deny"));
      assertErrorRedirect(r, "access_denied");
      assertThat(r.locationQuery().get("state")).containsExactly("state-123");
    }
  }
}
