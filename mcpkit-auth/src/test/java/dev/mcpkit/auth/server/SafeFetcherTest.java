package dev.mcpkit.auth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.auth.fetch.AddressPolicy;
import dev.mcpkit.auth.fetch.FetchException;
import dev.mcpkit.auth.fetch.HostResolver;
import dev.mcpkit.auth.fetch.SafeFetcher;
import dev.mcpkit.auth.server.testing.DocServer;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SSRF-safe fetcher behind Client ID Metadata Documents and client {@code jwks_uri}s. "Canary" servers on
 * loopback count connections: a refused fetch must leave them at zero.
 */
class SafeFetcherTest {

  private static SafeFetcher fetcher(boolean allowLoopback, HostResolver resolver) {
    return new SafeFetcher(new AddressPolicy(allowLoopback), resolver, Duration.ofSeconds(2));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.5", "192.168.1.1", "172.16.0.1", "fd00::1", "fe80::1", "::ffff:127.0.0.1",
      "0.0.0.0", "100.64.0.1", "::", "169.254.169.254", "127.0.0.1", "::1", "64:ff9b::a00:1", "2002:a00:1::1",
      "198.18.0.1", "192.0.2.1", "224.0.0.1", "255.255.255.255", "::a00:1", "2001:db8::1", "ff02::1"})
  void SEC_SSRF_02_specialPurposeAddressesAreRefusedByTheirBytes(String literal) throws Exception {
    assertThat(AddressPolicy.publicOnly().refusal(InetAddress.getByName(literal))).as(literal).isNotNull();
  }

  @Test
  void SEC_SSRF_02_publicAddressesAreAllowed() throws Exception {
    for (String a : List.of("93.184.216.34", "8.8.8.8", "2606:4700:4700::1111")) {
      assertThat(AddressPolicy.publicOnly().refusal(InetAddress.getByName(a))).as(a).isNull();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"0x7f000001", "2130706433", "0177.0.0.1", "127.1", "127.0.0.1.", "010.0.0.1"})
  void SEC_SSRF_02_oddSpellingsOfAddressesAreRefusedWithoutConnecting(String host) {
    try (DocServer canary = new DocServer(); SafeFetcher f = fetcher(false, HostResolver.system())) {
      assertThatThrownBy(() -> f.get(URI.create("https://" + host + ":" + canary.port + "/c.json"), 5120))
          .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.blocked()).isTrue());
      assertThat(canary.totalHits()).isZero();
    }
  }

  @Test
  void SEC_SSRF_03_theConnectionGoesToTheAddressThatWasVettedAndDnsIsAskedOnce() throws Exception {
    try (DocServer vetted = new DocServer("127.0.0.1"); DocServer rebound = new DocServer("127.0.0.2")) {
      vetted.put("/c.json", DocServer.Doc.json("{}"));
      rebound.put("/c.json", DocServer.Doc.json("{}"));
      AtomicInteger lookups = new AtomicInteger();
      // First answer 127.0.0.1, every later answer 127.0.0.2 (the "rebinding").
      HostResolver dns = host -> List.of(InetAddress.getByName(lookups.getAndIncrement() == 0 ? "127.0.0.1"
          : "127.0.0.2"));
      try (SafeFetcher f = fetcher(true, dns)) {
        SafeFetcher.Result r = f.get(URI.create("http://meta.attacker.test:" + vetted.port + "/c.json"), 5120);
        assertThat(r.status()).isEqualTo(200);
      }
      assertThat(lookups.get()).isEqualTo(1);
      assertThat(vetted.hits("/c.json")).isEqualTo(1);
      assertThat(rebound.totalHits()).isZero();
    }
  }

  @Test
  void SEC_SSRF_03_aNameThatResolvesToAnInternalAddressIsRefusedBeforeConnecting() {
    try (DocServer canary = new DocServer()) {
      HostResolver dns = host -> List.of(InetAddress.getByName("127.0.0.1"));
      try (SafeFetcher f = fetcher(false, dns)) {
        assertThatThrownBy(() -> f.get(URI.create("https://meta.attacker.test:" + canary.port + "/c.json"), 5120))
            .isInstanceOfSatisfying(FetchException.class, e -> {
              assertThat(e.blocked()).isTrue();
              assertThat(e.getMessage()).contains("loopback");
            });
      }
      assertThat(canary.totalHits()).isZero();
    }
  }

  @Test
  void SEC_SSRF_04_redirectsAreNotFollowed() throws Exception {
    try (DocServer server = new DocServer(); DocServer canary = new DocServer("127.0.0.3")) {
      server.put("/c.json", new DocServer.Doc(302, null, null, null, "http://127.0.0.3:" + canary.port + "/", 0));
      try (SafeFetcher f = fetcher(true, HostResolver.system())) {
        assertThatThrownBy(() -> f.get(URI.create(server.url("/c.json")), 5120))
            .isInstanceOf(FetchException.class).hasMessageContaining("redirect");
      }
      assertThat(canary.totalHits()).isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"file:///etc/passwd", "jar:file:///x.jar!/a", "ftp://example.com/c.json",
      "gopher://example.com/", "ldap://example.com/", "http://example.com/c.json"})
  void SEC_SSRF_06_onlyHttpsIsFetched(String url) {
    try (SafeFetcher f = fetcher(false, HostResolver.system())) {
      assertThatThrownBy(() -> f.get(URI.create(url), 5120))
          .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.blocked()).isTrue());
    }
  }

  @Test
  void SEC_SSRF_07_theDevelopmentSwitchAllowsLoopbackAndNothingElse() throws Exception {
    try (DocServer local = new DocServer()) {
      local.put("/c.json", DocServer.Doc.json("{}"));
      try (SafeFetcher off = fetcher(false, HostResolver.system())) {
        assertThatThrownBy(() -> off.get(URI.create("http://localhost:" + local.port + "/c.json"), 5120))
            .isInstanceOf(FetchException.class);
      }
      assertThat(local.totalHits()).isZero();
      try (SafeFetcher on = fetcher(true, HostResolver.system())) {
        assertThat(on.get(URI.create("http://localhost:" + local.port + "/c.json"), 5120).status()).isEqualTo(200);
        HostResolver priv = host -> List.of(InetAddress.getByName("10.0.0.5"));
        try (SafeFetcher onPrivate = fetcher(true, priv)) {
          assertThatThrownBy(() -> onPrivate.get(URI.create("https://internal.corp/c.json"), 5120))
              .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.getMessage()).contains("private"));
        }
      }
    }
  }

  @Test
  void SEC_SSRF_08_sizeAndTimeAreCapped() {
    try (DocServer server = new DocServer(); SafeFetcher f = fetcher(true, HostResolver.system())) {
      server.put("/big.json", DocServer.Doc.json("[" + "1,".repeat(5_000_000) + "1]"));
      server.put("/slow.json", new DocServer.Doc(200, "application/json", null, "{\"a\":\"" + "x".repeat(50) + "\"}",
          null, 200));
      assertThatThrownBy(() -> f.get(URI.create(server.url("/big.json")), 5120))
          .isInstanceOf(FetchException.class).hasMessageContaining("larger");
      assertThatThrownBy(() -> f.get(URI.create(server.url("/slow.json")), 5120))
          .isInstanceOf(FetchException.class).hasMessageContaining("timed out");
    }
  }
}
