package dev.mcpkit.cluster.internal;

import java.security.SecureRandom;
import java.util.Base64;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/**
 * The {@code requestState} key every instance of a cluster uses when the operator gave none: the first instance to
 * start makes 32 random bytes and stores them with SET NX; every instance, that one included, then uses what Redis
 * holds. The key has no expiry: states sealed with it must open on any instance for as long as they are valid.
 */
public final class SharedKey {

  private static final SecureRandom RANDOM = new SecureRandom();

  private SharedKey() {}

  /** The key stored at {@code redisKey}, made now if no instance made it before. */
  public static byte[] get(RedisClient redis, String redisKey) {
    byte[] fresh = new byte[32];
    RANDOM.nextBytes(fresh);
    redis.set(redisKey, Base64.getEncoder().encodeToString(fresh), SetParams.setParams().nx());
    String stored = redis.get(redisKey);
    if (stored == null) {
      throw new IllegalStateException("the cluster's requestState key vanished from Redis right after it was set");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(stored);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the cluster's requestState key in Redis (" + redisKey + ") is not base64");
    }
    if (key.length < 32) {
      throw new IllegalStateException(
          "the cluster's requestState key in Redis (" + redisKey + ") is shorter than 32 bytes");
    }
    return key;
  }

  /** Stores {@code key} at {@code redisKey} unless something is there already (Redis lost it: a restart). */
  public static void restore(RedisClient redis, String redisKey, byte[] key) {
    redis.set(redisKey, Base64.getEncoder().encodeToString(key), SetParams.setParams().nx());
  }
}
