package dev.mcpkit.auth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.fetch.AddressPolicy;
import dev.mcpkit.auth.fetch.HostResolver;
import dev.mcpkit.auth.fetch.SafeFetcher;
import dev.mcpkit.auth.server.testing.DocServer;
import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.auth.server.testing.MutableClock;
import dev.mcpkit.auth.server.testing.Pkce;
import dev.mcpkit.auth.server.testing.TestAuthServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Outbound fetches for Client ID Metadata Documents: a failed fetch is remembered for a minute, and fetches per host
 * are limited, so a loop of {@code /authorize} requests cannot make the server fetch without end.
 */
class FetchLimitsTest {

  private static TestAuthServer devServer(MutableClock fetchClock) {
    return new TestAuthServer(b -> b.cimd(new CimdPolicy(true, List.of(), true))
        .fetcher(new SafeFetcher(new AddressPolicy(true), HostResolver.system(), Duration.ofSeconds(2), fetchClock)));
  }

  private static String authorize(TestAuthServer t, String clientId) {
    return t.authorizeUrl(Pkce.create(), Map.of("client_id", clientId, "redirect_uri",
        "http://127.0.0.1:45678/callback"));
  }

  @Test
  void aFailedMetadataDocumentFetchIsRememberedForAMinute() {
    MutableClock fetchClock = new MutableClock();
    try (DocServer docs = new DocServer(); TestAuthServer t = devServer(fetchClock); HttpUser u = new HttpUser()) {
      String id = docs.url("/broken.json");
      docs.put("/broken.json", new DocServer.Doc(500, "application/json", null, "{}", null, 0));
      for (int i = 0; i < 5; i++) {
        HttpUser.Reply r = u.get(authorize(t, id));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("HTTP 500");
      }
      assertThat(docs.hits("/broken.json")).isEqualTo(1);
      fetchClock.advance(Duration.ofSeconds(61));
      u.get(authorize(t, id));
      assertThat(docs.hits("/broken.json")).isEqualTo(2);
    }
  }

  @Test
  void fetchesPerHostAreLimited() {
    MutableClock fetchClock = new MutableClock();
    try (DocServer docs = new DocServer(); TestAuthServer t = devServer(fetchClock); HttpUser u = new HttpUser()) {
      HttpUser.Reply last = null;
      for (int i = 0; i < 40; i++) { // made-up paths: each one is new, so no cache helps
        last = u.get(authorize(t, docs.url("/made-up-" + i + ".json")));
        assertThat(last.status()).isEqualTo(400);
      }
      assertThat(docs.totalHits()).isEqualTo(30);
      assertThat(last.body()).contains("too many fetches from 127.0.0.1");
      fetchClock.advance(Duration.ofSeconds(61));
      u.get(authorize(t, docs.url("/made-up-next.json")));
      assertThat(docs.totalHits()).isEqualTo(31);
    }
  }
}
