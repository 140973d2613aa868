package dev.mcpkit.auth.server;

import static dev.mcpkit.auth.server.testing.TestAuthServer.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import dev.mcpkit.auth.fetch.AddressPolicy;
import dev.mcpkit.auth.fetch.HostResolver;
import dev.mcpkit.auth.fetch.SafeFetcher;
import dev.mcpkit.auth.server.testing.DocServer;
import dev.mcpkit.auth.server.testing.FakeUpstream;
import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.auth.server.testing.Pkce;
import dev.mcpkit.auth.server.testing.TestAuthServer;
import dev.mcpkit.core.testing.LoopbackPorts;
import dev.mcpkit.store.Hashes;
import dev.mcpkit.store.StoredClient;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What a client can get. The general rule, for every grant and every way a client comes to exist
 * (configured, dynamic registration, metadata document, with a user signed in here or through an upstream
 * provider): issued scope ⊆ requested ∩ client-allowed ∩ (consented by the user, or configured by the operator for
 * grants without a user). And the attack that broke it: anonymous registration with {@code client_credentials}.
 */
class GrantScopeRuleTest {

  private static final String APP_NARROW = "app-narrow";
  private static final String SVC_NARROW = "svc-narrow";
  private static final String SVC_EMPTY = "svc-empty";
  private static final Set<String> ALL = Set.of("mcp:read", "mcp:write", "files:read");
  private static final String REDIRECT = "http://127.0.0.1:45678/callback";
  private static final Pattern CONSENTED = Pattern.compile("<li><code>([^<]+)</code></li>");

  private static HttpUser.Reply register(HttpUser c, TestAuthServer t, String json) {
    return c.postRaw(t.endpoint("/register"), "application/json", json, Map.of());
  }

  private static void assertError(HttpUser.Reply r, int status, String error) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(json(r).get("error").asString()).as(r.body()).isEqualTo(error);
  }

  private static Set<String> words(String s) {
    return s == null || s.isBlank() ? Set.of() : new LinkedHashSet<>(Arrays.asList(s.trim().split(" +")));
  }

  private static Set<String> tokenScope(String jwt) throws Exception {
    return words(SignedJWT.parse(jwt).getJWTClaimsSet().getStringClaim("scope"));
  }

  private static Set<String> cap(Set<String> a, Set<String> b) {
    Set<String> out = new LinkedHashSet<>(a);
    out.retainAll(b);
    return out;
  }

  /** A client as the test knows it: how to reach the token endpoint as it, and what it may be granted. */
  private record Client(String way, String id, Map<String, String> auth, Set<String> allowed, String redirect) {

    Client(String way, String id, Map<String, String> auth, Set<String> allowed) {
      this(way, id, auth, allowed, REDIRECT);
    }

    /** The form with {@code client_id} when the client is public (a confidential one authenticates). */
    Map<String, String> form(Map<String, String> form) {
      Map<String, String> out = new HashMap<>(form);
      if (auth.isEmpty()) {
        out.put("client_id", id);
      }
      return out;
    }
  }

  /** One code flow's outcome: the consented scopes (from the consent page) and the token answer. */
  private record Flow(Set<String> consented, HttpUser.Reply token) {}

  private static Flow codeFlow(TestAuthServer t, HttpUser user, HttpUser c, Client client, String scope) {
    Pkce pkce = Pkce.create();
    Map<String, String> q = new HashMap<>(Map.of("client_id", client.id(), "redirect_uri", client.redirect()));
    q.put("scope", scope);
    HttpUser.Reply page = user.get(t.authorizeUrl(pkce, q));
    if (page.status() == 302 || page.status() == 303) {
      return new Flow(Set.of(), null); // refused with an error redirect: nothing issued
    }
    assertThat(page.body()).as("signed in already, so the consent page").contains("id=\"approve\"");
    Set<String> consented = new LinkedHashSet<>();
    Matcher m = CONSENTED.matcher(page.body());
    while (m.find()) {
      consented.add(m.group(1));
    }
    HttpUser.Reply back = user.submit(t.endpoint("/consent"), Map.of("request", page.hidden("request"), "csrf",
        page.hidden("csrf"), "decision", "approve"));
    String code = back.locationQuery().get("code").getFirst();
    Map<String, String> form = client.form(Map.of("grant_type", "authorization_code", "code", code,
        "code_verifier", pkce.verifier(), "redirect_uri", client.redirect()));
    return new Flow(consented, c.post(t.endpoint("/token"), form, client.auth()));
  }

  private static TestAuthServer server(FakeUpstream up, OpenRegistrationPolicy policy) {
    String sha = "sha256:" + Hashes.sha256(SECRET);
    return new TestAuthServer(b -> b.cimd(new CimdPolicy(true, List.of(), true))
        .fetcher(new SafeFetcher(new AddressPolicy(true), HostResolver.system(), java.time.Duration.ofSeconds(2)))
        .upstreamProviders(up == null ? List.of() : List.of(UpstreamProvider.builder()
            .id("fake")
            .displayName("Fake")
            .kind("oidc")
            .issuer(URI.create(up.issuer))
            .clientId(FakeUpstream.CLIENT_ID)
            .clientSecret(FakeUpstream.CLIENT_SECRET).build()))
        .openRegistration(policy)
        .dynamicRegistration(true, 100)
        .clients(List.of(
            ClientRegistration.builder(APP_NARROW).name("Narrow app").redirectUris(List.of(LOOPBACK_REDIRECT))
                .scopes(Set.of("mcp:read")).build(),
            ClientRegistration.serviceClient(SVC_NARROW, "Narrow service", sha, "mcp:read"),
            ClientRegistration.builder(SVC_EMPTY).name("Service with an empty list")
                .redirectUris(List.of(LOOPBACK_REDIRECT)).authMethod("client_secret_basic").secretHash(sha)
                .grantTypes(Set.of("client_credentials", "authorization_code")).scopes(Set.of()).build())));
  }

  @Test
  void SEC_AS_27_anonymousRegistrationCannotObtainClientCredentialsTokens() {
    try (TestAuthServer t = server(null, OpenRegistrationPolicy.defaults()); HttpUser c = new HttpUser()) {
      // The exact attack: register for client_credentials, then ask for every scope of the resource.
      HttpUser.Reply r = register(c, t, "{\"application_type\":\"web\",\"redirect_uris\":[\"https://app.test/cb\"],"
          + "\"grant_types\":[\"client_credentials\"],\"token_endpoint_auth_method\":\"client_secret_basic\"}");
      assertError(r, 400, "invalid_client_metadata");
      assertThat(json(r).get("error_description").asString()).contains("client_credentials");
      assertError(register(c, t, "{\"application_type\":\"web\",\"redirect_uris\":[\"https://app.test/cb\"],"
          + "\"grant_types\":[\"authorization_code\",\"client_credentials\"]}"), 400, "invalid_client_metadata");
      assertError(register(c, t, "{\"application_type\":\"native\",\"redirect_uris\":[\"http://127.0.0.1/cb\"],"
          + "\"grant_types\":[\"urn:ietf:params:oauth:grant-type:token-exchange\"]}"), 400,
          "invalid_client_metadata");
      // A confidential client registered for the code grant has a secret, but no grant without a user.
      JsonNode web = json(register(c, t, "{\"application_type\":\"web\",\"redirect_uris\":[\"https://app.test/cb\"]}"));
      Map<String, String> auth = Map.of("Authorization", basic(web.get("client_id").asString(),
          web.get("client_secret").asString()));
      assertError(c.post(t.endpoint("/token"), Map.of("grant_type", "client_credentials", "scope",
          "mcp:read mcp:write", "resource", RESOURCE), auth), 400, "unauthorized_client");
      // A registration stored before this rule (an older version accepted client_credentials) gains nothing.
      t.store.saveClient(new StoredClient("mcpkit-old", "{\"client_id\":\"mcpkit-old\",\"redirect_uris\":"
          + "[\"https://app.test/cb\"],\"token_endpoint_auth_method\":\"client_secret_basic\",\"grant_types\":"
          + "[\"client_credentials\"]}", "sha256:" + Hashes.sha256(SECRET), Instant.now()));
      assertError(c.post(t.endpoint("/token"), Map.of("grant_type", "client_credentials", "scope",
          "mcp:read mcp:write", "resource", RESOURCE), Map.of("Authorization", basic("mcpkit-old", SECRET))), 400,
          "unauthorized_client");
    }
  }

  @Test
  void anEmptyScopeListGrantsNothingAndClientCredentialsNeedsAList() {
    try (TestAuthServer t = server(null, OpenRegistrationPolicy.defaults()); HttpUser c = new HttpUser();
        HttpUser u = new HttpUser()) {
      Map<String, String> auth = Map.of("Authorization", basic(SVC_EMPTY, SECRET));
      assertError(c.post(t.endpoint("/token"), Map.of("grant_type", "client_credentials", "resource", RESOURCE),
          auth), 400, "invalid_scope");
      assertError(c.post(t.endpoint("/token"), Map.of("grant_type", "client_credentials", "resource", RESOURCE,
          "scope", "mcp:read"), auth), 400, "invalid_scope");
      // In the code flow too: the user is never even asked.
      HttpUser.Reply refused = u.get(t.authorizeUrl(Pkce.create(), Map.of("client_id", SVC_EMPTY, "redirect_uri",
          REDIRECT)));
      assertThat(refused.status()).isEqualTo(303);
      assertThat(refused.locationQuery().get("error")).containsExactly("invalid_scope");
      // A configured client_credentials client without a list is a configuration error, not "any scope".
      assertThatThrownBy(() -> ClientRegistration.builder("svc").authMethod("client_secret_basic")
          .secretHash("sha256:00").grantTypes(Set.of("client_credentials")).build()).hasMessageContaining("explicit scope list");
    }
  }

  @Test
  void anOperatorMayOfferClientCredentialsToSelfRegisteredClientsWithItsOwnScopeList() throws Exception {
    assertThatThrownBy(() -> new OpenRegistrationPolicy(Set.of("authorization_code", "client_credentials"), Set.of()))
        .hasMessageContaining("scope");
    OpenRegistrationPolicy policy = new OpenRegistrationPolicy(Set.of("authorization_code", "refresh_token",
        "client_credentials"), Set.of("mcp:read"));
    try (TestAuthServer t = server(null, policy); HttpUser c = new HttpUser()) {
      JsonNode j = json(register(c, t, "{\"application_type\":\"web\",\"redirect_uris\":[\"https://app.test/cb\"],"
          + "\"grant_types\":[\"client_credentials\"]}"));
      Map<String, String> auth = Map.of("Authorization", basic(j.get("client_id").asString(),
          j.get("client_secret").asString()));
      assertError(c.post(t.endpoint("/token"), Map.of("grant_type", "client_credentials", "resource", RESOURCE,
          "scope", "mcp:read mcp:write"), auth), 400, "invalid_scope");
      HttpUser.Reply ok = c.post(t.endpoint("/token"), Map.of("grant_type", "client_credentials", "resource",
          RESOURCE), auth);
      assertThat(ok.status()).as(ok.body()).isEqualTo(200);
      assertThat(tokenScope(json(ok).get("access_token").asString())).containsExactly("mcp:read");
    }
  }

  @Test
  void aRefreshNeverOutlivesTheClientsAllowance() throws Exception {
    dev.mcpkit.store.memory.MemoryStore store = new dev.mcpkit.store.memory.MemoryStore();
    java.util.function.Function<Set<String>, java.util.function.Consumer<AuthorizationServer.Builder>> app =
        scopes -> b -> b.clients(List.of(ClientRegistration.builder(APP_NARROW).name("App")
            .redirectUris(List.of(LOOPBACK_REDIRECT)).scopes(scopes).build()));
    int port = LoopbackPorts.free();
    String refresh;
    TestAuthServer before = new TestAuthServer(store, port, "", app.apply(null));
    try (HttpUser u = new HttpUser(); HttpUser c = new HttpUser()) {
      Pkce pkce = Pkce.create();
      String code = before.authorize(u, before.authorizeUrl(pkce, Map.of("client_id", APP_NARROW, "scope",
          "mcp:read mcp:write"))).locationQuery().get("code").getFirst();
      JsonNode tok = json(c.post(before.endpoint("/token"), Map.of("grant_type", "authorization_code", "code", code,
          "code_verifier", pkce.verifier(), "redirect_uri", REDIRECT, "client_id", APP_NARROW)));
      assertThat(tokenScope(tok.get("access_token").asString())).containsExactlyInAnyOrder("mcp:read", "mcp:write");
      refresh = tok.get("refresh_token").asString();
    } finally {
      before.as.close(); // the store lives on, as a Redis store would across a restart with a new configuration
    }
    // The operator narrows the client to mcp:read: the next refresh carries only that.
    TestAuthServer narrowed = new TestAuthServer(store, port, "", app.apply(Set.of("mcp:read")));
    try (HttpUser c = new HttpUser()) {
      JsonNode tok = json(c.post(narrowed.endpoint("/token"), Map.of("grant_type", "refresh_token", "refresh_token",
          refresh, "client_id", APP_NARROW)));
      assertThat(tokenScope(tok.get("access_token").asString())).containsExactly("mcp:read");
      refresh = tok.get("refresh_token").asString();
    } finally {
      narrowed.as.close();
    }
    // And to nothing: no token at all, not a token without scope.
    try (TestAuthServer none = new TestAuthServer(store, port, "", app.apply(Set.of())); HttpUser c = new HttpUser()) {
      assertError(c.post(none.endpoint("/token"), Map.of("grant_type", "refresh_token", "refresh_token", refresh,
          "client_id", APP_NARROW)), 400, "invalid_scope");
    }
  }

  /**
   * The rule, for every way of registration × every grant × several requests, with a user who signs in with a
   * password and one who signs in through an upstream provider. Each case that the rule allows must also succeed,
   * so the test cannot pass by refusing everything.
   */
  @Test
  void SEC_AS_22_issuedScopeIsWithinRequestedAllowedAndConsentedForEveryGrantAndEveryWayOfRegistration()
      throws Exception {
    try (FakeUpstream up = new FakeUpstream(); DocServer docs = new DocServer();
        TestAuthServer t = server(up, OpenRegistrationPolicy.defaults()); HttpUser c = new HttpUser()) {
      List<Client> clients = new ArrayList<>();
      clients.add(new Client("configured, no list", PUBLIC, Map.of(), ALL));
      clients.add(new Client("configured, list", APP_NARROW, Map.of(), Set.of("mcp:read")));
      clients.add(new Client("configured, confidential", BASIC, Map.of("Authorization", basic(BASIC, SECRET)),
          cap(OPERATOR_SCOPES, ALL), APP_REDIRECT));
      for (String scope : new String[] {null, "mcp:read"}) {
        JsonNode reg = json(register(c, t, "{\"application_type\":\"native\",\"redirect_uris\":"
            + "[\"http://127.0.0.1/callback\"],\"token_endpoint_auth_method\":\"none\",\"grant_types\":"
            + "[\"authorization_code\",\"refresh_token\"]" + (scope == null ? "" : ",\"scope\":\"" + scope + "\"")
            + "}"));
        clients.add(new Client("DCR, scope " + scope, reg.get("client_id").asString(), Map.of(),
            scope == null ? ALL : words(scope)));
        String id = docs.url("/client-" + (scope == null ? "all" : "read") + ".json");
        docs.put(id.substring(id.indexOf("/client-")), DocServer.Doc.json("{\"client_id\":\"" + id
            + "\",\"client_name\":\"Doc\",\"redirect_uris\":[\"http://127.0.0.1/callback\"],"
            + "\"token_endpoint_auth_method\":\"none\",\"grant_types\":[\"authorization_code\",\"refresh_token\"]"
            + (scope == null ? "" : ",\"scope\":\"" + scope + "\"") + "}"));
        clients.add(new Client("CIMD, scope " + scope, id, Map.of(), scope == null ? ALL : words(scope)));
      }
      // A confidential DCR client that asks for client_credentials as well: refused, so it registers without.
      String web = "{\"application_type\":\"web\",\"redirect_uris\":[\"" + APP_REDIRECT + "\"],\"grant_types\":"
          + "[\"authorization_code\",\"refresh_token\"%s]}";
      HttpUser.Reply withCc = register(c, t, web.formatted(",\"client_credentials\""));
      JsonNode conf = json(withCc.status() == 201 ? withCc : register(c, t, web.formatted("")));
      clients.add(new Client("DCR, confidential, asked for client_credentials", conf.get("client_id").asString(),
          Map.of("Authorization", basic(conf.get("client_id").asString(), conf.get("client_secret").asString())), ALL,
          APP_REDIRECT));
      int issued = 0;
      for (String login : List.of("password", "upstream")) {
        try (HttpUser user = new HttpUser()) {
          signIn(t, user, login);
          for (Client client : clients) {
            for (String requested : new String[] {null, "mcp:read", "mcp:read mcp:write", "mcp:write files:read"}) {
              Set<String> asked = requested == null ? Set.of("mcp:read") : words(requested);
              String what = login + " user, " + client.way() + ", requested " + requested;
              Flow f = codeFlow(t, user, c, client, requested);
              boolean allowed = client.allowed().containsAll(asked);
              if (f.token() == null || f.token().status() != 200) {
                assertThat(allowed).as(what + " was refused though the rule allows it").isFalse();
                continue;
              }
              issued++;
              JsonNode tok = json(f.token());
              Set<String> got = tokenScope(tok.get("access_token").asString());
              assertThat(got).as(what + ": authorization_code")
                  .isSubsetOf(cap(cap(asked, client.allowed()), f.consented())).isEqualTo(asked);
              // refresh_token: never more than the grant, whatever is asked.
              if (tok.has("refresh_token")) {
                Map<String, String> rf = client.form(Map.of("grant_type", "refresh_token", "refresh_token",
                    tok.get("refresh_token").asString(), "scope", "mcp:read mcp:write"));
                HttpUser.Reply wider = c.post(t.endpoint("/token"), rf, client.auth());
                if (wider.status() == 200) {
                  assertThat(tokenScope(json(wider).get("access_token").asString())).as(what + ": refresh")
                      .isSubsetOf(cap(cap(Set.of("mcp:read", "mcp:write"), client.allowed()), got));
                } else {
                  assertThat(json(wider).get("error").asString()).isEqualTo("invalid_scope");
                }
              }
              // Token exchange by the MCP server: within the subject token's scopes and its own list (files:read).
              HttpUser.Reply ex = c.post(t.endpoint("/token"), Map.of("grant_type", TokenEndpoint.TOKEN_EXCHANGE,
                  "subject_token", tok.get("access_token").asString(), "subject_token_type",
                  TokenEndpoint.ACCESS_TOKEN_TYPE, "resource", DOWNSTREAM), Map.of("Authorization",
                  basic(MCP_SERVER, SECRET)));
              if (got.contains("files:read")) {
                assertThat(ex.status()).as(what + ": exchange " + ex.body()).isEqualTo(200);
                assertThat(tokenScope(json(ex).get("access_token").asString())).as(what + ": exchange")
                    .isSubsetOf(cap(got, Set.of("files:read"))).isNotEmpty();
              } else {
                assertError(ex, 400, "invalid_scope");
              }
            }
            // client_credentials: only the operator's list, never through self-registration.
            for (String requested : new String[] {null, "mcp:read", "mcp:read mcp:write"}) {
              Map<String, String> cc = client.form(Map.of("grant_type", "client_credentials", "resource",
                  RESOURCE));
              if (requested != null) {
                cc.put("scope", requested);
              }
              HttpUser.Reply r = c.post(t.endpoint("/token"), cc, client.auth());
              if (client.id().equals(BASIC)) {
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                assertThat(tokenScope(json(r).get("access_token").asString()))
                    .isSubsetOf(cap(requested == null ? Set.of("mcp:read") : words(requested), OPERATOR_SCOPES));
              } else {
                assertThat(r.status()).as(client.way() + " client_credentials " + r.body()).isEqualTo(400);
              }
            }
          }
        }
      }
      // Operator-configured service clients: exactly their list.
      Map<String, String> narrow = Map.of("Authorization", basic(SVC_NARROW, SECRET));
      assertError(c.post(t.endpoint("/token"), Map.of("grant_type", "client_credentials", "resource", RESOURCE,
          "scope", "mcp:read mcp:write"), narrow), 400, "invalid_scope");
      assertThat(tokenScope(json(c.post(t.endpoint("/token"), Map.of("grant_type", "client_credentials", "resource",
          RESOURCE), narrow)).get("access_token").asString())).containsExactly("mcp:read");
      assertThat(issued).as("flows that issued a token").isGreaterThan(20);
    }
  }

  private static void signIn(TestAuthServer t, HttpUser user, String how) {
    HttpUser.Reply login = user.get(t.authorizeUrl(Pkce.create(), Map.of()));
    if (how.equals("password")) {
      assertThat(t.logIn(user, login, ALICE, ALICE_PASSWORD).status()).isEqualTo(303);
      return;
    }
    HttpUser.Reply toUpstream = user.submit(t.endpoint("/federation/start"), Map.of("request",
        login.hidden("request"), "csrf", login.hidden("csrf"), "provider", "fake"));
    HttpUser.Reply upstream = user.get(toUpstream.location());
    HttpUser.Reply callback = user.get(upstream.location());
    assertThat(callback.status()).as(callback.body()).isEqualTo(303);
  }
}
