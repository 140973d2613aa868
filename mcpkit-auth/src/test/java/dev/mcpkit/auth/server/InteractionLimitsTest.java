package dev.mcpkit.auth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.auth.server.testing.Pkce;
import dev.mcpkit.auth.server.testing.TestAuthServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /authorize} without a cookie stores a session and a pending request for ten minutes: how many may
 * start per address and in total is bounded, so an anonymous loop cannot fill the store.
 */
class InteractionLimitsTest {

  private static HttpUser.Reply authorizeFresh(TestAuthServer t, String from) {
    try (HttpUser u = new HttpUser(from)) { // a new browser each time: no cookie, so a new session too
      return u.get(t.authorizeUrl(Pkce.create(), Map.of()));
    }
  }

  @Test
  void pendingRequestsAreBoundedPerAddressAndInTotal() {
    try (TestAuthServer t = new TestAuthServer(b -> b.interactionLimits(3, 5))) {
      for (int i = 0; i < 3; i++) {
        assertThat(authorizeFresh(t, "127.0.0.1").status()).isEqualTo(200);
      }
      HttpUser.Reply perAddress = authorizeFresh(t, "127.0.0.1");
      assertThat(perAddress.status()).isEqualTo(429);
      assertThat(perAddress.body()).contains("Too many sign-in requests from this address");
      assertThat(perAddress.header("Retry-After")).isNotNull();
      assertThat(perAddress.header("Set-Cookie")).isNull(); // nothing stored for a refused request
      // other addresses still get in, up to the total
      assertThat(authorizeFresh(t, "127.0.0.2").status()).isEqualTo(200);
      assertThat(authorizeFresh(t, "127.0.0.3").status()).isEqualTo(200);
      HttpUser.Reply full = authorizeFresh(t, "127.0.0.4");
      assertThat(full.status()).isEqualTo(503);
      assertThat(full.body()).contains("too many sign-in requests");
      // the window ends with the pending requests it counted
      t.clock.advance(Duration.ofMinutes(11));
      assertThat(authorizeFresh(t, "127.0.0.1").status()).isEqualTo(200);
    }
  }
}
