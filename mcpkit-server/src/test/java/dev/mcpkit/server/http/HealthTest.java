package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.HttpTestClient.Reply;
import dev.mcpkit.server.testing.TestTools;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code /healthz} and {@code /readyz} on every {@link McpHttpServer}, with no auth and no internals. */
class HealthTest {

  /** A guard that refuses everyone: the probes must not need it. */
  private static final RequestGuard NOBODY = request -> RequestGuard.Decision.deny(401, java.util.Map.of(), "unauthorized");

  @Test
  @DisplayName("every server answers /healthz and /readyz, GET and HEAD, without auth; other methods 405")
  void probesOnEveryServer() {
    try (HttpFixture f = HttpFixture.start(TestTools.server().build(), b -> b.guard(NOBODY))) {
      Reply live = f.client.request("GET", "/healthz").send();
      assertThat(live.status()).isEqualTo(200);
      assertThat(live.json().path("status").asString()).isEqualTo("up");
      Reply ready = f.client.request("GET", "/readyz").send();
      assertThat(ready.status()).isEqualTo(200);
      assertThat(ready.json().path("status").asString()).isEqualTo("ready");
      for (String path : List.of("/healthz", "/readyz")) {
        Reply head = f.client.request("HEAD", path).send();
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        Reply post = f.client.request("POST", path).body("{}").send();
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
        assertThat(post.json().path("error").asString()).isEqualTo("method_not_allowed");
        assertThat(post.json().path("message").asString()).isEqualTo(path + " answers GET and HEAD only");
        assertThat(f.client.request("DELETE", path).send().status()).isEqualTo(405);
      }
      assertThat(f.client.request("GET", "/healthzz").send().status()).isEqualTo(404);
    }
  }

  @Test
  @DisplayName("/readyz is 503 naming what is down while a check fails, 200 again when it recovers")
  void readinessFollowsTheChecks() {
    AtomicBoolean storeUp = new AtomicBoolean(true);
    try (HttpFixture f = HttpFixture.start(TestTools.server().build(),
        b -> b.readiness(() -> storeUp.get() ? List.of() : List.of("store")))) {
      assertThat(f.client.request("GET", "/readyz").send().status()).isEqualTo(200);
      storeUp.set(false);
      Reply down = f.client.request("GET", "/readyz").send();
      assertThat(down.status()).isEqualTo(503);
      assertThat(down.body()).isEqualTo("{\"status\":\"unavailable\",\"unavailable\":[\"store\"]}");
      assertThat(f.client.request("HEAD", "/readyz").send().status()).isEqualTo(503);
      assertThat(f.client.request("GET", "/healthz").send().status()).isEqualTo(200); // alive, just not ready
      storeUp.set(true);
      assertThat(f.client.request("GET", "/readyz").send().status()).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("a check that throws makes /readyz 503 without its message or class on the wire")
  void throwingCheckLeaksNothing() {
    try (HttpFixture f = HttpFixture.start(TestTools.server().build(), b -> b.readiness(() -> {
      throw new IllegalStateException("redis at 10.9.8.7:6379 said NOAUTH");
    }))) {
      Reply down = f.client.request("GET", "/readyz").send();
      assertThat(down.status()).isEqualTo(503);
      assertThat(down.body()).doesNotContain("10.9.8.7").doesNotContain("IllegalState").doesNotContain("NOAUTH");
    }
  }
}
