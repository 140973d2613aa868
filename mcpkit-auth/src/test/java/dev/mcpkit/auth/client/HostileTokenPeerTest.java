package dev.mcpkit.auth.client;

import static dev.mcpkit.auth.client.ClientOAuthSecurityTest.bearer;
import static dev.mcpkit.auth.client.ClientOAuthSecurityTest.challenge;
import static dev.mcpkit.auth.client.ClientOAuthSecurityTest.client;
import static dev.mcpkit.auth.client.ClientOAuthSecurityTest.withMetadata;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.auth.client.FakePeer.Reply;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The OAuth client against hostile scripted peers on 127.0.0.1: where a stored token may go, absurd expiry times, error text to escape. */
class HostileTokenPeerTest {

  @Test
  void aStoredTokenGoesOnlyWhereItsResourceReachesNotToOtherPathsOfTheOrigin() {
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      c.onChallenge(challenge(p, withMetadata(p)));
      assertThat(bearer(c, p.mcp())).startsWith("Bearer tok-");
      // The resource is <origin>/mcp: a path below it is covered (RFC 9728 path prefix) ...
      assertThat(bearer(c, URI.create(p.url + "/mcp/messages?sessionId=1"))).startsWith("Bearer tok-");
      // ... another tenant on the same origin is not, even though it is the only server stored there.
      assertThat(c.headers(URI.create(p.url + "/tenant-b/mcp"))).isEmpty();
      assertThat(c.headers(URI.create(p.url + "/mcpx"))).isEmpty();
      assertThat(c.headers(URI.create(p.url + "/"))).isEmpty();
    }
  }

  @Test
  void aHugeOrNegativeExpiresInIsClampedInsteadOfOverflowing() {
    for (String expiresIn : new String[] {"9223372036854775807", "1e300", "99999999999999999999999"}) {
      try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
        p.route("POST", "/token", s -> Reply.json(200, "{\"access_token\":\"tok-long\",\"token_type\":\"Bearer\","
            + "\"expires_in\":" + expiresIn + "}"));
        assertThat(c.onChallenge(challenge(p, withMetadata(p)))).isTrue();
        assertThat(bearer(c, p.mcp())).isEqualTo("Bearer tok-long");
        assertThat(c.grant(p.mcp()).orElseThrow().expiresAt()).isNotNull();
      }
    }
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      p.route("POST", "/token", s -> Reply.json(200, "{\"access_token\":\"tok-neg\",\"token_type\":\"Bearer\","
          + "\"expires_in\":-9223372036854775808}"));
      assertThat(c.onChallenge(challenge(p, withMetadata(p)))).isTrue();
      assertThat(c.headers(p.mcp())).isEmpty(); // already expired: never sent
    }
  }

  @Test
  void theAuthorizationServersErrorTextIsEscapedByCodePoint() {
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      p.route("POST", "/token", s -> Reply.json(400, "{\"error\":\"invalid_grant\",\"error_description\":"
          + "\"clip\\u001b]52;c;aGk=\\u0007 clear\\u001b[2J csi\\u009b2J tag\\udb40\\udc41 sep\\u2028 fill\\u3164\"}"));
      assertThatThrownBy(() -> c.onChallenge(challenge(p, withMetadata(p))))
          .isInstanceOf(OAuthException.class)
          .satisfies(e -> {
            String m = e.getMessage();
            assertThat(m).doesNotContain("\u001b", "\u0007", "\u009b", "\udb40\udc41", "\u2028", "\u3164")
                .contains("clip\\u{1b}]52;c;aGk=\\u{7}", "csi\\u{9b}2J", "tag\\u{e0041}", "sep\\u{2028}", "fill\\u{3164}");
          });
    }
  }
}
