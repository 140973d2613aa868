package dev.mcpkit.store;

import dev.mcpkit.store.memory.MemoryStore;
import dev.mcpkit.store.redis.RedisStore;
import java.net.URI;

/** Opens a store from its command-line spelling: {@code memory} or {@code redis://[user:password@]host:port[/db]}. */
public final class Stores {

  private Stores() {}

  /**
   * Opens the store named by {@code spec}.
   *
   * @throws IllegalArgumentException for an unknown spelling
   */
  public static Store open(String spec) {
    if (spec == null || spec.isBlank() || spec.equals("memory")) {
      return new MemoryStore();
    }
    if (spec.startsWith("redis://") || spec.startsWith("rediss://")) {
      return RedisStore.connect(URI.create(spec));
    }
    throw new IllegalArgumentException("unknown store '" + spec + "': use memory or redis://host:port");
  }
}
