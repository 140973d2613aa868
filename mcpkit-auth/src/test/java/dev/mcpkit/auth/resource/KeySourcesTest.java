package dev.mcpkit.auth.resource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.fetch.AddressPolicy;
import dev.mcpkit.auth.fetch.HostResolver;
import dev.mcpkit.auth.fetch.SafeFetcher;
import dev.mcpkit.auth.server.testing.DocServer;
import dev.mcpkit.core.testing.LoopbackPorts;
import dev.mcpkit.server.testing.HttpTestClient.Reply;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where the keys come from, with the real authorization server: its JWKS at a configured URL or discovered from its
 * RFC 8414 metadata, its key rotation, and what happens when the keys cannot be had (fail closed, 503). A discovered
 * {@code jwks_uri} is fetched with the SSRF-safe fetcher.
 */
class KeySourcesTest {

  private static String text(Reply r) {
    return r.result().path("content").get(0).path("text").asString();
  }

  @Test
  void tokensOfTheRealAuthorizationServerAreAccepted() {
    try (ProtectedMcp p = new ProtectedMcp()) {
      String alice = p.aliceTokens("mcp:read")[0];
      assertThat(text(p.client(alice).call(1, "whoami", null).send())).isEqualTo("alice|public-client|mcp:read");
      assertThat(text(p.client(p.token("mcp:read mcp:write")).call(2, "whoami", null).send()))
          .isEqualTo("basic-client|basic-client|mcp:read mcp:write");
    }
  }

  @Test
  void aRotatedSigningKeyIsFetchedAndTheRetiredOneStillWorks() {
    try (ProtectedMcp p = new ProtectedMcp()) {
      String before = p.token("mcp:read");
      assertThat(p.client(before).call(1, "whoami", null).send().status()).isEqualTo(200);
      p.as.as.rotateSigningKey();
      String after = p.token("mcp:read");
      // the new key was published (as the next key) before it signed anything: the JWKS fetched before the
      // rotation already has it, so the token works at once, without a refetch
      assertThat(p.client(after).call(2, "whoami", null).send().status()).isEqualTo(200);
      p.as.clock.advance(Duration.ofSeconds(11));
      assertThat(p.client(after).call(3, "whoami", null).send().status()).isEqualTo(200);
      assertThat(p.client(before).call(4, "whoami", null).send().status()).isEqualTo(200);
    }
  }

  @Test
  void keysCanBeDiscoveredFromTheAuthorizationServersMetadata() {
    // The real AS is on loopback over http, which only the development policy of the safe fetcher allows.
    SafeFetcher dev = new SafeFetcher(new AddressPolicy(true), HostResolver.system(), Duration.ofSeconds(5));
    try (ProtectedMcp p = new ProtectedMcp(b -> b, x -> JwtValidator.builder().fetcher(dev).build())) {
      assertThat(text(p.client(p.token("mcp:read")).call(1, "whoami", null).send())).startsWith("basic-client|");
    } finally {
      dev.close();
    }
  }

  @Test
  void aDiscoveredJwksUriIsFetchedSafely() throws Exception {
    // A metadata document (at an operator-configured issuer) whose jwks_uri points at an internal address: the
    // default fetcher refuses it (http, loopback) before connecting; the canary sees nothing; the guard fails closed.
    try (DocServer as = new DocServer(); DocServer canary = new DocServer()) {
      String issuer = "http://127.0.0.1:" + as.port;
      as.put("/.well-known/oauth-authorization-server", DocServer.Doc.json("{\"issuer\":\"" + issuer
          + "\",\"jwks_uri\":\"" + canary.url("/jwks") + "\"}"));
      SafeFetcher strict = new SafeFetcher(AddressPolicy.publicOnly(), host -> List.of(InetAddress.getByName(
          "127.0.0.1")), Duration.ofSeconds(2));
      canary.put("/jwks", DocServer.Doc.json("{\"keys\":[]}"));
      try (MintedTokens m = new MintedTokens()) {
        String token = m.es256(c -> c.issuer(issuer));
        for (String jwksUri : List.of(canary.url("/jwks"), "https://jwks.attacker.test:" + canary.port + "/jwks")) {
          as.put("/.well-known/oauth-authorization-server", DocServer.Doc.json("{\"issuer\":\"" + issuer
              + "\",\"jwks_uri\":\"" + jwksUri + "\"}"));
          try (ResourceServerGuard g = guard(m, issuer, JwtValidator.builder().fetcher(strict).build())) {
            assertThat(FakeRequests.authenticate(g, token)).isEqualTo(503);
          }
        }
        assertThat(as.hits("/.well-known/oauth-authorization-server")).isEqualTo(2);
        assertThat(canary.totalHits()).isZero();
      } finally {
        strict.close();
      }
    }
  }

  @Test
  void metadataThatNamesAnotherIssuerIsNotUsed() throws Exception {
    try (DocServer as = new DocServer(); MintedTokens m = new MintedTokens()) {
      String issuer = "http://127.0.0.1:" + as.port;
      as.put("/.well-known/oauth-authorization-server", DocServer.Doc.json("{\"issuer\":\"https://honest.test\","
          + "\"jwks_uri\":\"" + m.jwks.url("/jwks") + "\"}"));
      SafeFetcher dev = new SafeFetcher(new AddressPolicy(true), HostResolver.system(), Duration.ofSeconds(2));
      try (ResourceServerGuard g = guard(m, issuer, JwtValidator.builder().fetcher(dev).build())) {
        assertThat(FakeRequests.authenticate(g, m.es256(c -> c.issuer(issuer)))).isEqualTo(503);
        assertThat(m.jwks.hits("/jwks")).isZero();
      } finally {
        dev.close();
      }
    }
  }

  @Test
  void whenTheKeysCannotBeFetchedTheGuardFailsClosed() {
    int closed = LoopbackPorts.free();
    try (MintedTokens m = new MintedTokens();
        ResourceServerGuard g = guard(m, MintedTokens.ISSUER, JwtValidator.builder()
            .jwks(MintedTokens.ISSUER, URI.create("http://127.0.0.1:" + closed + "/jwks")).build())) {
      assertThat(FakeRequests.authenticate(g, m.es256(c -> {}))).isEqualTo(503);
    }
  }

  private static ResourceServerGuard guard(MintedTokens m, String issuer, TokenValidator v) {
    return ResourceServerGuard.builder(m.resource).authorizationServers(issuer).clock(m.clock).validator(v).build();
  }
}
