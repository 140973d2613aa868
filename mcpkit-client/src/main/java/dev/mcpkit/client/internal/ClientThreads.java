package dev.mcpkit.client.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every thread the client starts comes from here: virtual threads with a readable name, counted
 * while they run. The count is what the leak tests check (virtual threads are invisible to
 * {@code ThreadMXBean}).
 */
public final class ClientThreads {

  private static final AtomicInteger LIVE = new AtomicInteger();
  private static final AtomicLong SEQ = new AtomicLong();

  private ClientThreads() {}

  /** Starts a virtual thread named {@code mcpkit-client-<name>-<n>}. */
  public static Thread start(String name, Runnable task) {
    LIVE.incrementAndGet();
    try {
      return Thread.ofVirtual().name("mcpkit-client-" + name + "-" + SEQ.incrementAndGet()).start(() -> {
        try {
          task.run();
        } finally {
          LIVE.decrementAndGet();
        }
      });
    } catch (RuntimeException | Error e) {
      LIVE.decrementAndGet();
      throw e;
    }
  }

  /** Threads started here that have not finished yet. */
  public static int live() {
    return LIVE.get();
  }
}
