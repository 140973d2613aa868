package dev.mcpkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.store.redis.RedisStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store contract against {@link RedisStore} and a real {@code redis-server}. Expiry is Redis's own TTL, so
 * {@link #elapse} waits for the key to disappear rather than moving a clock.
 */
class RedisStoreTest extends StoreContract {

  private static RedisServer redis;

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.throwaway();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @Override
  protected Store newStore() {
    return RedisStore.connect(redis.uri());
  }

  @Override
  protected void elapse(Duration d) {
    // Redis expires keys on its own clock; waiting for the stated time is the thing under test here.
    long until = System.nanoTime() + d.toNanos();
    Awaitility.await().atMost(d.plusSeconds(5)).pollInterval(Duration.ofMillis(20))
        .until(() -> System.nanoTime() >= until);
  }

  @Test
  void clientsAndSigningKeysSurviveARedisRestart(@TempDir Path dir) throws Exception {
    try (RedisServer durable = RedisServer.persistent(Files.createDirectories(dir.resolve("data")))) {
      StoredClient c = new StoredClient("dcr-1", "{}", null, now());
      StoredSigningKey k = StoredSigningKey.active("k1", "{\"kty\":\"EC\"}", now());
      try (Store s = RedisStore.connect(durable.uri())) {
        s.saveClient(c);
        s.saveSigningKey(k);
      }
      durable.stop();
      durable.start();
      try (Store s = RedisStore.connect(durable.uri())) {
        assertThat(s.findClient("dcr-1")).contains(c);
        assertThat(s.signingKeys()).containsExactly(k);
      }
    }
  }

  @Test
  void anUnreachableRedisIsAClearError() {
    URI nowhere = URI.create("redis://127.0.0.1:" + RedisServer.throwawayPortThatIsClosed() + "/0");
    assertThatThrownBy(() -> RedisStore.connect(nowhere))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot connect to Redis at 127.0.0.1");
  }

  @Test
  void storesOpenFromTheirCommandLineSpelling() {
    try (Store s = Stores.open(redis.uri().toString())) {
      assertThat(s).isInstanceOf(RedisStore.class);
      assertThat(s.describe()).isEqualTo("redis://127.0.0.1:" + redis.port() + "/0");
    }
    try (Store s = Stores.open("memory")) {
      assertThat(s.describe()).isEqualTo("memory");
    }
    assertThatThrownBy(() -> Stores.open("mongodb://x")).isInstanceOf(IllegalArgumentException.class);
  }
}
