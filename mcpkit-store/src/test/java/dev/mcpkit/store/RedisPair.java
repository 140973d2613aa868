package dev.mcpkit.store;

import dev.mcpkit.store.redis.RedisStore;

/**
 * A throwaway {@link RedisServer} and two connections to it, as two instances sharing one Redis have them (each its
 * own pool): for tests of state that several gateway or server instances share. Closes both and stops Redis.
 */
public final class RedisPair implements AutoCloseable {

  private final RedisServer redis;
  private final Store a;
  private final Store b;

  private RedisPair(RedisServer redis) {
    this.redis = redis;
    this.a = RedisStore.connect(redis.uri());
    this.b = RedisStore.connect(redis.uri());
  }

  /** Starts Redis and connects twice. */
  public static RedisPair start() {
    return new RedisPair(RedisServer.throwaway());
  }

  /** The Redis server (to stop and start it again, or to name its port). */
  public RedisServer redis() {
    return redis;
  }

  /** Instance A's store. */
  public Store a() {
    return a;
  }

  /** Instance B's store. */
  public Store b() {
    return b;
  }

  @Override
  public void close() {
    a.close();
    b.close();
    redis.close();
  }
}
