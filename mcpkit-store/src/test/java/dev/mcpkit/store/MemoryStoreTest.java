package dev.mcpkit.store;

import dev.mcpkit.store.memory.MemoryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** The store contract against {@link MemoryStore}, with a clock the test moves instead of sleeping. */
class MemoryStoreTest extends StoreContract {

  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  @Override
  protected Store newStore() {
    Clock moving = new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return Instant.now().plus(offset.get());
      }
    };
    return new MemoryStore(moving);
  }

  @Override
  protected void elapse(Duration d) {
    offset.updateAndGet(o -> o.plus(d));
  }
}
