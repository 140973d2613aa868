package dev.mcpkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mcpkit.server.http.ClientCounts;
import dev.mcpkit.server.http.HttpOptions;
import dev.mcpkit.store.RedisServer;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** The connection façade: a clear error when Redis is not there, bad settings refused, a clean close. */
class RedisClusterTest {

  @Test
  void aRedisThatDoesNotAnswerIsAClearErrorWithoutThePassword() {
    int closed = RedisServer.throwawayPortThatIsClosed();
    assertThatThrownBy(() -> RedisCluster.builder(URI.create("redis://ops:s3cret@127.0.0.1:" + closed + "/2"))
        .timeout(Duration.ofMillis(300)).connect())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cannot connect to Redis at redis://127.0.0.1:" + closed + "/2: ")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void badSettingsAreRefusedWhenBuilding() {
    assertThatThrownBy(() -> RedisCluster.builder(URI.create("http://127.0.0.1:6379")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redis:// or rediss://");
    RedisCluster.Builder b = RedisCluster.builder(URI.create("redis://127.0.0.1:6379"));
    assertThatThrownBy(() -> b.requestStateKey(new byte[16])).hasMessageContaining("at least 32 bytes");
    assertThatThrownBy(() -> b.leaseTtl(Duration.ofMillis(10))).hasMessageContaining("at least 300 ms");
    assertThatThrownBy(() -> b.instanceId(" ")).hasMessageContaining("must not be blank");
  }

  @Test
  void anInstanceWritesItsCountsAndTheSharedKeyBackWhenRedisLostThem() {
    try (RedisServer redis = RedisServer.throwaway();
         RedisCluster a = RedisCluster.builder(redis.uri()).instanceId("a").leaseTtl(Duration.ofSeconds(1)).connect();
         RedisClient raw = RedisClient.create(redis.uri())) {
      ClientCounts counts = a.applyTo(HttpOptions.builder()).build().clientCounts();
      assertThat(counts.tryAcquire("sessions", "address:10.0.0.2", 5)).isTrue();
      assertThat(counts.tryAcquire("sessions", "address:10.0.0.2", 5)).isTrue();
      String key = raw.get("mcpkit:cluster:request-state-key");
      assertThat(key).isNotNull();

      raw.flushAll(); // what a restart without persistence leaves
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
          .until(() -> "2".equals(raw.hget("mcpkit:cluster:limit:sessions:address:10.0.0.2", "a")));
      assertThat(raw.get("mcpkit:cluster:request-state-key")).isEqualTo(key);
      assertThat(raw.zscore("mcpkit:cluster:leases", "a")).isNotNull();
    }
  }

  @Test
  void closingGivesUpTheLeaseAndTheCountsAtOnce() {
    try (RedisServer redis = RedisServer.throwaway()) {
      RedisCluster a = RedisCluster.builder(redis.uri()).instanceId("a").connect(); // 15 s lease: only close frees
      try (RedisCluster b = RedisCluster.builder(redis.uri()).instanceId("b").connect();
           RedisClient raw = RedisClient.create(redis.uri())) {
        ClientCounts onA = a.applyTo(HttpOptions.builder()).build().clientCounts();
        ClientCounts onB = b.applyTo(HttpOptions.builder()).build().clientCounts();
        assertThat(onA.tryAcquire("streams", "address:10.0.0.1", 1)).isTrue();
        assertThat(onB.tryAcquire("streams", "address:10.0.0.1", 1)).as("A holds the one slot").isFalse();
        assertThat(raw.zscore("mcpkit:cluster:leases", "a")).isNotNull();

        a.close();
        assertThat(raw.zscore("mcpkit:cluster:leases", "a")).as("A's lease").isNull();
        assertThat(onB.tryAcquire("streams", "address:10.0.0.1", 1)).as("freed by A's close").isTrue();
      } finally {
        a.close(); // closing twice is harmless
      }
    }
  }
}
