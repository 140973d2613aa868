package dev.mcpkit.auth.client;

import static dev.mcpkit.auth.client.ClientOAuthSecurityTest.bearer;
import static dev.mcpkit.auth.client.ClientOAuthSecurityTest.challenge;
import static dev.mcpkit.auth.client.ClientOAuthSecurityTest.client;
import static dev.mcpkit.auth.client.ClientOAuthSecurityTest.withMetadata;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.auth.client.FakePeer.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OAuth client reads every document a peer sends (resource and authorization-server metadata, token and
 * registration answers) with mcpkit's strict JSON reader, and reads its credential file without trusting it:
 * a key twice is a malformed document refused with a clear error (never last-wins), and a value of the wrong
 * type or beyond 64 bits is never a Jackson exception out of the client.
 */
class HostileDocumentsTest {

  private static final String PRM = "/.well-known/oauth-protected-resource/mcp";
  private static final String AS = "/.well-known/oauth-authorization-server";

  /** The message of the error the sign-in ends with; the test fails if it ends otherwise. */
  private static String refusal(FakePeer p, OAuthClient c) {
    Throwable[] caught = new Throwable[1];
    assertThatThrownBy(() -> c.onChallenge(challenge(p, withMetadata(p)))).isInstanceOf(OAuthException.class)
        .satisfies(e -> caught[0] = e);
    return caught[0].getMessage();
  }

  @Test
  void aResourceMetadataDocumentWithADuplicateKeyIsRefused() {
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      p.route("GET", PRM, s -> Reply.json(200, "{\"resource\":\"" + p.url + "/mcp\",\"authorization_servers\":[\""
          + p.url + "\"],\"authorization_servers\":[\"https://attacker.example\"]}"));
      assertThat(refusal(p, c)).contains("is not valid JSON").contains("duplicate key \"authorization_servers\"");
      assertThat(p.to("/token")).isEmpty();
    }
  }

  @Test
  void authorizationServerMetadataWithADuplicateIssuerIsRefusedNotReplacedByDefaults() {
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      p.route("GET", AS, s -> Reply.json(200, FakePeer.asMetadata(p.url, ",\"issuer\":\"https://attacker.example\"")));
      assertThat(refusal(p, c)).contains("is not valid JSON").contains("duplicate key \"issuer\"");
      assertThat(p.to("/token")).isEmpty();
    }
  }

  @Test
  void aTokenAnswerWithADuplicateAccessTokenIsRefused() {
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      p.route("POST", "/token", s -> Reply.json(200, "{\"access_token\":\"tok-a\",\"token_type\":\"Bearer\","
          + "\"access_token\":\"tok-b\"}"));
      assertThat(refusal(p, c)).contains("not valid JSON").contains("duplicate key \"access_token\"");
      assertThat(c.headers(p.mcp())).isEmpty();
    }
  }

  @Test
  void aRegistrationAnswerWithADuplicateClientIdIsRefused() {
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      p.route("POST", "/register", s -> Reply.json(201, "{\"client_id\":\"a\",\"client_id\":\"b\"}"));
      assertThat(refusal(p, c)).contains("refused the client registration");
      assertThat(p.to("/token")).isEmpty();
    }
  }

  /**
   * An expires_in of any JSON value signs in: a number beyond a double (1e400) is the longest lifetime
   * believed, one below it is expired, and a value that is no number means "the server did not say".
   */
  @ParameterizedTest(name = "expires_in: {0}")
  @CsvSource(delimiter = '|', value = {"1e400 | long", "18446744073709551616 | long", "-1e400 | expired", "1e-400 | expired",
      "-5 | expired", "0 | expired", "{} | unsaid",
      "[] | unsaid", "'\"3600\"' | unsaid", "null | unsaid", "true | unsaid"})
  void anyExpiresInSignsInWithoutAnException(String expiresIn, String outcome) {
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      p.route("POST", "/token", s -> Reply.json(200, "{\"access_token\":\"tok-x\",\"token_type\":\"Bearer\","
          + "\"expires_in\":" + expiresIn + "}"));
      assertThat(c.onChallenge(challenge(p, withMetadata(p)))).isTrue();
      switch (outcome) {
        case "long" -> {
          assertThat(bearer(c, p.mcp())).isEqualTo("Bearer tok-x");
          assertThat(c.grant(p.mcp()).orElseThrow().expiresAt()).isAfter(Instant.now().plusSeconds(3600L * 24 * 365));
        }
        case "expired" -> assertThat(c.headers(p.mcp())).isEmpty();
        default -> {
          assertThat(bearer(c, p.mcp())).isEqualTo("Bearer tok-x");
          assertThat(c.grant(p.mcp()).orElseThrow().expiresAt()).isNull();
        }
      }
    }
  }

  /**
   * A credential file edited by hand or damaged: an expiry that is no time (1e400, beyond 64 bits, beyond any
   * clock, a string) reads as long past, so the token is not sent as if it never expired, and reading never
   * throws a Jackson or date-time exception.
   */
  @ParameterizedTest(name = "expires_at: {0}")
  @ValueSource(strings = {"1e400", "123456789012345678901234567890", "9223372036854775807", "-9223372036854775808",
      "\"soon\"", "{}"})
  void aCredentialFileWithAnExpiryThatIsNoTimeReadsAsExpired(String expiresAt, @TempDir Path dir) throws Exception {
    Path file = dir.resolve("credentials.json");
    try (FakePeer p = new FakePeer().honest()) {
      CredentialStore store = CredentialStore.file(file);
      try (OAuthClient c = client(b -> b.store(store))) {
        assertThat(c.onChallenge(challenge(p, withMetadata(p)))).isTrue();
      }
      String text = Files.readString(file);
      assertThat(text).contains("\"expires_at\"");
      Files.writeString(file, text.replaceAll("\"expires_at\" ?: ?-?\\d+", "\"expires_at\":" + expiresAt));
      StoredGrant g = store.grant(p.url, p.url + "/mcp").orElseThrow();
      assertThat(g.expiresAt()).isEqualTo(Instant.EPOCH);
      assertThat(g.accessToken()).startsWith("tok-");
    }
  }

  @Test
  void aCredentialFileThatIsNotJsonIsAClearError(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("credentials.json");
    Files.writeString(file, "{\"version\":1,\"version\":2}");
    CredentialStore store = CredentialStore.file(file);
    assertThatThrownBy(() -> store.grant("https://as.example", "https://rs.example/mcp"))
        .hasMessageContaining("credential file").rootCause().hasMessageContaining("is not valid JSON: duplicate key "
            + "\"version\"").hasMessageContaining("fix or delete it");
  }
}
