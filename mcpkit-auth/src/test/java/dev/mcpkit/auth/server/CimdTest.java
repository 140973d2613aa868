package dev.mcpkit.auth.server;

import static dev.mcpkit.auth.server.testing.TestAuthServer.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.fetch.AddressPolicy;
import dev.mcpkit.auth.fetch.HostResolver;
import dev.mcpkit.auth.fetch.SafeFetcher;
import dev.mcpkit.auth.server.testing.DocServer;
import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.auth.server.testing.Pkce;
import dev.mcpkit.auth.server.testing.TestAuthServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Client ID Metadata Documents: an https URL as {@code client_id}, fetched, validated and cached. The documents
 * are served by a local {@link DocServer}; the development switch lets the server fetch them from loopback.
 */
class CimdTest {

  private static String doc(String clientId, String redirects, String extra) {
    return "{\"client_id\":\"" + clientId + "\",\"client_name\":\"Doc <i>Client</i>\",\"redirect_uris\":[" + redirects
        + "]" + extra + "}";
  }

  private static TestAuthServer devServer() {
    return new TestAuthServer(b -> b.cimd(new CimdPolicy(true, List.of(), true))
        .fetcher(new SafeFetcher(new AddressPolicy(true), HostResolver.system(), Duration.ofSeconds(1))));
  }

  private static Map<String, String> as(String clientId, String redirect) {
    return new java.util.HashMap<>(Map.of("client_id", clientId, "redirect_uri", redirect));
  }

  private static void assertErrorPage(HttpUser.Reply r, String text) {
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.location()).isNull();
    assertThat(r.body()).contains(text).doesNotContain("id=\"approve\"").doesNotContain("id=\"username\"");
  }

  @Test
  void aMetadataDocumentClientCompletesTheFlowWithAWarningForLocalhostOnlyRedirects() {
    try (DocServer docs = new DocServer(); TestAuthServer t = devServer(); HttpUser u = new HttpUser();
        HttpUser c = new HttpUser()) {
      String id = docs.url("/client.json");
      docs.put("/client.json", DocServer.Doc.json(doc(id, "\"http://127.0.0.1/callback\"",
          ",\"token_endpoint_auth_method\":\"none\"")));
      Pkce pkce = Pkce.create();
      HttpUser.Reply login = u.get(t.authorizeUrl(pkce, as(id, "http://127.0.0.1:45678/callback")));
      assertThat(login.body()).contains("Doc &lt;i&gt;Client&lt;/i&gt;");
      HttpUser.Reply consent = u.get(t.logIn(u, login, ALICE, ALICE_PASSWORD).location());
      assertThat(consent.body()).contains("id=\"client-host\"><code>127.0.0.1</code>")
          .contains("id=\"localhost-warning\"");
      HttpUser.Reply back = u.submit(t.endpoint("/consent"), Map.of("request", consent.hidden("request"), "csrf",
          consent.hidden("csrf"), "decision", "approve", "remember", "yes"));
      String code = back.locationQuery().get("code").getFirst();
      HttpUser.Reply token = c.post(t.endpoint("/token"), Map.of("grant_type", "authorization_code", "code", code,
          "code_verifier", pkce.verifier(), "redirect_uri", "http://127.0.0.1:45678/callback", "client_id", id));
      assertThat(token.status()).as(token.body()).isEqualTo(200);
    }
  }

  @Test
  void SEC_AS_28_malformedUrlClientIdsAreRejectedWithoutFetching() {
    AtomicInteger lookups = new AtomicInteger();
    HostResolver dns = h -> {
      lookups.incrementAndGet();
      return List.of(InetAddress.getByName("93.184.216.34"));
    };
    try (TestAuthServer t = new TestAuthServer(b -> b.fetcher(new SafeFetcher(AddressPolicy.publicOnly(), dns,
        Duration.ofSeconds(1)))); HttpUser u = new HttpUser()) {
      for (String id : List.of("http://c.test/c.json", "https://c.test", "https://c.test/", "https://c.test/./c.json",
          "https://c.test/../c.json", "https://u:p@c.test/c.json", "https://c.test/c.json#f",
          "https://c.test/c.json?x=1", "https://c.test/a/%2e%2e/c.json")) {
        assertErrorPage(u.get(t.authorizeUrl(Pkce.create(), as(id, "https://app.test/cb"))), "client_id URL refused");
      }
      assertThat(lookups.get()).isZero();
    }
  }

  @Test
  void SEC_AS_29_invalidDocumentsAreInvalidClientAndShowNoConsent() {
    try (DocServer docs = new DocServer(); TestAuthServer t = devServer(); HttpUser u = new HttpUser()) {
      String id = docs.url("/c.json");
      String r = "\"http://127.0.0.1/callback\"";
      Map<String, DocServer.Doc> bad = Map.of(
          "is not exactly the URL", DocServer.Doc.json(doc(id + "/", r, "")),
          "redirect_uris must be", DocServer.Doc.json("{\"client_id\":\"" + id + "\",\"client_name\":\"x\"}"),
          "not valid JSON", DocServer.Doc.json("{nope"),
          "no shared secrets", DocServer.Doc.json(doc(id, r, ",\"token_endpoint_auth_method\":\"client_secret_basic\"")),
          "must not contain a client secret", DocServer.Doc.json(doc(id, r, ",\"client_secret\":\"x\"")),
          "not served as JSON", new DocServer.Doc(200, "text/html", null, doc(id, r, ""), null, 0),
          "client_name is missing", DocServer.Doc.json("{\"client_id\":\"" + id + "\",\"redirect_uris\":[" + r + "]}"));
      for (Map.Entry<String, DocServer.Doc> e : bad.entrySet()) {
        docs.put("/c.json", e.getValue());
        assertErrorPage(u.get(t.authorizeUrl(Pkce.create(), as(id, "http://127.0.0.1:45678/callback"))), e.getKey());
      }
      // Case differences in the document's client_id are differences too.
      String upper = "http://127.0.0.1:" + docs.port + "/C.json";
      docs.put("/C.json", DocServer.Doc.json(doc(id, r, "")));
      assertErrorPage(u.get(t.authorizeUrl(Pkce.create(), as(upper, "http://127.0.0.1:45678/callback"))),
          "is not exactly the URL");
    }
  }

  @Test
  void SEC_AS_30_aRedirectUriNotInTheDocumentGetsAnErrorPage() {
    try (DocServer docs = new DocServer(); TestAuthServer t = devServer(); HttpUser u = new HttpUser()) {
      String id = docs.url("/c.json");
      docs.put("/c.json", DocServer.Doc.json(doc(id, "\"https://app.example/cb\"", "")));
      assertErrorPage(u.get(t.authorizeUrl(Pkce.create(), as(id, "https://evil.example/cb"))), "not registered");
    }
  }

  @Test
  void SEC_AS_31_theCacheFollowsCacheControlErrorsAreNotCachedAndChangedRedirectsAskAgain() {
    dev.mcpkit.auth.server.testing.MutableClock fetchClock = new dev.mcpkit.auth.server.testing.MutableClock();
    try (DocServer docs = new DocServer(); TestAuthServer t = new TestAuthServer(b -> b.cimd(new CimdPolicy(true,
        List.of(), true)).fetcher(new SafeFetcher(new AddressPolicy(true), HostResolver.system(), Duration.ofSeconds(1),
        fetchClock))); HttpUser u = new HttpUser()) {
      String id = docs.url("/cached.json");
      docs.put("/cached.json", DocServer.Doc.json(doc(id, "\"http://127.0.0.1/callback\"", ""))
          .cache("max-age=300"));
      String url = t.authorizeUrl(Pkce.create(), as(id, "http://127.0.0.1:45678/callback"));
      u.get(url);
      u.get(url);
      assertThat(docs.hits("/cached.json")).isEqualTo(1);

      String fresh = docs.url("/fresh.json");
      docs.put("/fresh.json", new DocServer.Doc(500, "application/json", null, "{}", null, 0));
      String freshUrl = t.authorizeUrl(Pkce.create(), as(fresh, "http://127.0.0.1:45678/callback"));
      assertErrorPage(u.get(freshUrl), "HTTP 500");
      docs.put("/fresh.json", DocServer.Doc.json(doc(fresh, "\"http://127.0.0.1/callback\"", ""))
          .cache("no-store"));
      // A failure is remembered for a minute (FetchLimitsTest), never longer: once it ends, the fixed document counts.
      fetchClock.advance(Duration.ofSeconds(61));
      HttpUser.Reply ok = t.authorize(u, freshUrl); // consent given and remembered
      assertThat(ok.locationQuery()).containsKey("code");
      assertThat(u.get(t.authorizeUrl(Pkce.create(), as(fresh, "http://127.0.0.1:45678/callback"))).status())
          .as("remembered consent").isEqualTo(303);
      // The document now lists other redirect URIs: the remembered consent no longer applies.
      docs.put("/fresh.json", DocServer.Doc.json(doc(fresh, "\"http://127.0.0.1/callback\",\"https://new.example/cb\"",
          "")).cache("no-store"));
      HttpUser.Reply again = u.get(t.authorizeUrl(Pkce.create(), as(fresh, "http://127.0.0.1:45678/callback")));
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.body()).contains("id=\"approve\"");
      assertThat(docs.hits("/fresh.json")).isGreaterThanOrEqualTo(4);
    }
  }

  @Test
  void SEC_AS_32_anAllowlistPolicyRejectsOtherHostsWithoutFetching() {
    try (DocServer docs = new DocServer(); TestAuthServer t = new TestAuthServer(b -> b.cimd(new CimdPolicy(true,
        List.of("*.clients.example"), true))); HttpUser u = new HttpUser()) {
      String id = docs.url("/c.json");
      docs.put("/c.json", DocServer.Doc.json(doc(id, "\"http://127.0.0.1/callback\"", "")));
      assertErrorPage(u.get(t.authorizeUrl(Pkce.create(), as(id, "http://127.0.0.1:45678/callback"))), "policy");
      assertThat(docs.totalHits()).isZero();
    }
  }

  @Test
  void SEC_SSRF_09_urlClientIdsOnInternalAddressesAreNeverFetched() {
    HostResolver dns = h -> h.equals("internal.corp") ? List.of(InetAddress.getByName("10.0.0.5"))
        : List.of(InetAddress.getAllByName(h));
    try (DocServer canary = new DocServer(); TestAuthServer t = new TestAuthServer(b -> b.fetcher(
        new SafeFetcher(AddressPolicy.publicOnly(), dns, Duration.ofSeconds(1)))); HttpUser u = new HttpUser()) {
      for (String id : List.of("https://127.0.0.1:" + canary.port + "/c.json", "https://[::1]:" + canary.port
          + "/c.json", "https://169.254.169.254/latest/c.json", "https://internal.corp/c.json",
          "https://localhost:" + canary.port + "/c.json")) {
        HttpUser.Reply r = u.get(t.authorizeUrl(Pkce.create(), as(id, "https://app.test/cb")));
        assertErrorPage(r, "could not be fetched");
        assertThat(r.body()).doesNotContain("10.0.0.5 ").contains("refused");
      }
      assertThat(canary.totalHits()).isZero();
    }
  }

  @Test
  void SEC_SSRF_10_redirectsAndErrorsAreNotFollowedOrCached() {
    try (DocServer docs = new DocServer(); DocServer canary = new DocServer("127.0.0.3"); TestAuthServer t =
        devServer(); HttpUser u = new HttpUser()) {
      String id = docs.url("/c.json");
      String url = t.authorizeUrl(Pkce.create(), as(id, "http://127.0.0.1:45678/callback"));
      docs.put("/c.json", new DocServer.Doc(302, null, null, null, "http://127.0.0.3:" + canary.port + "/c.json", 0));
      assertErrorPage(u.get(url), "redirect");
      docs.put("/c.json", new DocServer.Doc(404, "application/json", "max-age=3600", "{}", null, 0));
      assertErrorPage(u.get(url), "HTTP 404");
      docs.put("/c.json", DocServer.Doc.json(doc(id, "\"http://127.0.0.1/callback\"", "")));
      assertThat(u.get(url).status()).isEqualTo(200);
      assertThat(canary.totalHits()).isZero();
    }
  }

  @Test
  void SEC_SSRF_11_largeAndSlowDocumentsAreRejected() {
    try (DocServer docs = new DocServer(); TestAuthServer t = devServer(); HttpUser u = new HttpUser()) {
      String big = docs.url("/big.json");
      docs.put("/big.json", DocServer.Doc.json(doc(big, "\"http://127.0.0.1/callback\"",
          ",\"padding\":\"" + "x".repeat(50_000) + "\"")));
      assertErrorPage(u.get(t.authorizeUrl(Pkce.create(), as(big, "http://127.0.0.1:45678/callback"))), "larger");
      String slow = docs.url("/slow.json");
      docs.put("/slow.json", new DocServer.Doc(200, "application/json", null, doc(slow, "\"http://127.0.0.1/cb\"", ""),
          null, 100));
      assertErrorPage(u.get(t.authorizeUrl(Pkce.create(), as(slow, "http://127.0.0.1:45678/cb"))), "timed out");
    }
  }

  @Test
  void SEC_SSRF_12_urlsInsideTheDocumentAreNotFetchedFromInternalAddresses() {
    try (DocServer docs = new DocServer(); DocServer canary = new DocServer("127.0.0.3"); TestAuthServer t =
        devServer(); HttpUser u = new HttpUser(); HttpUser c = new HttpUser()) {
      String id = docs.url("/c.json");
      docs.put("/c.json", DocServer.Doc.json(doc(id, "\"http://127.0.0.1/callback\"",
          ",\"token_endpoint_auth_method\":\"private_key_jwt\",\"jwks_uri\":\"https://169.254.169.254/jwks\","
              + "\"logo_uri\":\"http://127.0.0.3:" + canary.port + "/logo.png\"")));
      Pkce pkce = Pkce.create();
      HttpUser.Reply r = t.authorize(u, t.authorizeUrl(pkce, as(id, "http://127.0.0.1:45678/callback")));
      String code = r.locationQuery().get("code").getFirst();
      HttpUser.Reply token = c.post(t.endpoint("/token"), Map.of("grant_type", "authorization_code", "code", code,
          "code_verifier", pkce.verifier(), "redirect_uri", "http://127.0.0.1:45678/callback", "client_id", id,
          "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
          "client_assertion", "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln"));
      assertThat(token.status()).isEqualTo(401);
      assertThat(json(token).get("error").asString()).isEqualTo("invalid_client");
      assertThat(canary.totalHits()).as("the logo is never fetched").isZero();
    }
  }
  /**
   * A document with a key twice (two redirect_uris: which one did the client mean?) or a value of the wrong JSON
   * type is an invalid document named as such: never last-wins, never a Jackson or URI exception (a 500).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "two redirect_uris           | ,\"redirect_uris\":[\"https://attacker.example/cb\"] | duplicate key \"redirect_uris\"",
      "two client_names            | ,\"client_name\":\"Other\"                            | duplicate key \"client_name\"",
      "jwks_uri an object          | ,\"jwks_uri\":{}                                       | jwks_uri must be an https URL",
      "jwks_uri a number           | ,\"jwks_uri\":1e400                                    | jwks_uri must be an https URL",
      "jwks_uri not a URI          | ,\"jwks_uri\":\"ht tp://x\"                           | jwks_uri must be an https URL",
      "auth method an object       | ,\"token_endpoint_auth_method\":{}                     | no shared secrets",
      "auth method a number        | ,\"token_endpoint_auth_method\":5                      | no shared secrets",
      "scope an object             | ,\"scope\":{}                                          | scope must be a string"})
  void malformedDocumentsAreInvalidClientNamingTheProblem(String name, String extra, String text) {
    try (DocServer docs = new DocServer(); TestAuthServer t = devServer(); HttpUser u = new HttpUser()) {
      String id = docs.url("/c.json");
      docs.put("/c.json", DocServer.Doc.json(doc(id, "\"http://127.0.0.1/callback\"", extra)));
      HttpUser.Reply r = u.get(t.authorizeUrl(Pkce.create(), as(id, "http://127.0.0.1:45678/callback")));
      assertErrorPage(r, "invalid client metadata document");
      assertThat(r.body().replace("&quot;", "\"")).contains(text);
    }
  }
}
