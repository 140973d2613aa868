package dev.mcpkit.client.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Every thread the client starts comes from here: virtual threads with a readable name, kept in a
 * set while they run. The count is what the leak tests check (virtual threads are invisible to
 * {@code ThreadMXBean}).
 */
public final class ClientThreads {

  private static final Set<Thread> LIVE = ConcurrentHashMap.newKeySet();
  private static final AtomicLong SEQ = new AtomicLong();

  private ClientThreads() {}

  /** Starts a virtual thread named {@code mcpkit-client-<name>-<n>}. */
  public static Thread start(String name, Runnable task) {
    Thread t = Thread.ofVirtual().name("mcpkit-client-" + name + "-" + SEQ.incrementAndGet()).unstarted(() -> {
      try {
        task.run();
      } finally {
        LIVE.remove(Thread.currentThread());
      }
    });
    LIVE.add(t);
    try {
      t.start();
    } catch (RuntimeException | Error e) {
      LIVE.remove(t);
      throw e;
    }
    return t;
  }

  /** Threads started here that have not finished yet. */
  public static int live() {
    return LIVE.size();
  }

  /** The names of the threads started here that have not finished yet (leak tests compare them by thread). */
  public static List<String> liveNames() {
    return LIVE.stream().map(Thread::getName).sorted().toList();
  }

  /** Runs {@code call} on a client thread; cancelling the future interrupts it, which cancels the call on the wire. */
  public static <T> CompletableFuture<T> async(Supplier<T> call) {
    CompletableFuture<Thread> runner = new CompletableFuture<>();
    CompletableFuture<T> f = new CompletableFuture<>() {
      @Override
      public boolean cancel(boolean mayInterrupt) {
        boolean done = super.cancel(mayInterrupt);
        runner.thenAccept(Thread::interrupt); // interrupting the call cancels it on the wire
        return done;
      }
    };
    runner.complete(start("async-call", () -> {
      try {
        f.complete(call.get());
      } catch (RuntimeException e) {
        f.completeExceptionally(e);
      }
    }));
    return f;
  }
}
