package dev.mcpkit.client.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Runs the answers to server-to-client requests of one connection (2025-era roots, sampling, elicitation, ping)
 * with bounded resources, whatever the server sends. At most {@link #MAX_IN_FLIGHT} are handled at once, each on
 * its own virtual thread (a handler may wait for a person); a request that finds them all busy is refused with a
 * JSON-RPC error at once. The refusals are sent, in order, by one thread, from a queue of at most {@link
 * #MAX_REFUSALS_QUEUED}; beyond that a request is dropped without an answer (with a warning): a server that sends
 * that many requests without letting the client answer is flooding it. So a stream of 20,000 requests costs at
 * most {@code MAX_IN_FLIGHT + 1} threads and a bounded queue, and the thread that reads the stream never waits
 * for an answer to be sent.
 */
final class ServerRequests {

  /** Handlers running at once; an honest server has a few requests open at a time, not dozens. */
  static final int MAX_IN_FLIGHT = 16;

  /** Refusals waiting to be sent. */
  static final int MAX_REFUSALS_QUEUED = 1024;

  private final Semaphore handlers = new Semaphore(MAX_IN_FLIGHT);
  private final BlockingQueue<Runnable> refusals = new ArrayBlockingQueue<>(MAX_REFUSALS_QUEUED);
  private final AtomicBoolean refusing = new AtomicBoolean();
  private final AtomicLong dropped = new AtomicLong();
  private final Consumer<String> warnings;

  ServerRequests(Consumer<String> warnings) {
    this.warnings = warnings;
  }

  /**
   * Handles one request.
   *
   * @param handle computes and sends the answer (on a handler thread)
   * @param refuse sends the error for a request the client will not handle
   * @param allowed whether the handler may run at all; {@code false} refuses at once (a 2026-07-28 server must
   *     not send requests)
   */
  void submit(Runnable handle, Runnable refuse, boolean allowed) {
    if (allowed && handlers.tryAcquire()) {
      try {
        ClientThreads.start("server-request", () -> {
          try {
            handle.run();
          } finally {
            handlers.release();
          }
        });
        return;
      } catch (RuntimeException | Error e) {
        handlers.release();
        throw e;
      }
    }
    if (!refusals.offer(refuse)) {
      long n = dropped.incrementAndGet();
      if (n == 1 || n % 10_000 == 0) {
        warnings.accept("the server sent more requests than the client can answer (" + MAX_IN_FLIGHT + " handled at"
            + " once, " + MAX_REFUSALS_QUEUED + " refusals queued); " + n + " dropped without an answer so far");
      }
      return;
    }
    drain();
  }

  /** Starts the refusal sender unless it runs; it stops when the queue is empty. */
  private void drain() {
    if (!refusing.compareAndSet(false, true)) {
      return;
    }
    ClientThreads.start("server-request-refusals", () -> {
      try {
        for (Runnable r = refusals.poll(); r != null; r = refusals.poll()) {
          r.run();
        }
      } finally {
        refusing.set(false);
      }
      if (!refusals.isEmpty()) {
        drain(); // a refusal queued between the last poll and the reset
      }
    });
  }

  /** Handlers running now (for tests). */
  int inFlight() {
    return MAX_IN_FLIGHT - handlers.availablePermits();
  }
}
