package dev.mcpkit.cluster;

import static dev.mcpkit.cluster.ClusterFixture.A;
import static dev.mcpkit.cluster.ClusterFixture.B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.J;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * How long a shared session lives: its record's time to live is refreshed by requests and by instances that keep it
 * busy; a record that expired ends the session on every instance; an instance drops an idle copy of its own without
 * ending the session.
 */
class SessionLifetimeAcrossInstancesTest {

  @AutoClose private ClusterFixture f; // each test starts its own

  @Test
  void aRecordThatExpiredEndsTheSessionOnEveryInstance() {
    f = new ClusterFixture("a", "b");
    ClusterSession s = ClusterSession.open(f, A, null, J.obj());
    assertThat(s.call(B, 1, "echo", J.obj("message", "x")).send().status()).isEqualTo(200);
    var redis = f.jedis.getFirst();
    redis.pexpire(s.recordKey(), 1); // as if no instance had used it for its time to live
    await().atMost(Duration.ofSeconds(10)).until(() -> !redis.exists(s.recordKey()));
    for (int on : new int[] {A, B}) {
      HttpTestClient.Reply r = s.call(on, 2, "echo", J.obj("message", "x")).send();
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.body()).contains("Session not found");
      assertThat(f.servers.get(on).sessionCount()).as("the copy is dropped").isZero();
    }
  }

  @Test
  void anInstanceHoldingTheGetStreamKeepsTheSessionAlive() {
    f = new ClusterFixture("a", "b");
    ClusterSession s = ClusterSession.open(f, A, null, J.obj());
    var redis = f.jedis.getFirst();
    try (HttpTestClient.Streaming get = s.get(B).open()) {
      assertThat(get.events().next().data()).as("priming event").isEmpty();
      redis.pexpire(s.recordKey(), 5_000);
      f.servers.get(A).housekeeping(); // A holds nothing open: no refresh from A
      assertThat(redis.pttl(s.recordKey())).isLessThanOrEqualTo(5_000);
      f.servers.get(B).housekeeping();
      assertThat(redis.pttl(s.recordKey())).as("refreshed to the full ttl by B").isGreaterThan(60_000);
    }
  }

  @Test
  void anIdleCopyIsDroppedButTheSessionLivesOn() {
    f = new ClusterFixture(o -> o.sessionIdleTimeout(Duration.ofMillis(1)), "a", "b");
    ClusterSession s = ClusterSession.open(f, A, null, J.obj());
    assertThat(s.call(B, 1, "echo", J.obj("message", "x")).send().status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      f.servers.get(B).housekeeping();
      assertThat(f.servers.get(B).sessionCount()).isZero();
    });
    assertThat(f.jedis.getFirst().exists(s.recordKey())).as("the session itself lives on").isTrue();
    HttpTestClient.Reply again = s.call(B, 2, "echo", J.obj("message", "back")).send();
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().path("result").path("content").get(0).path("text").asString()).isEqualTo("back");
  }
}
