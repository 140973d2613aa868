package dev.mcpkit.server.testing;

import static org.assertj.core.api.Assertions.fail;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watches a blocking test handler: when it started, whether it was interrupted, and lets the test
 * release it. Waits are bounded only to turn a hang into a failure.
 */
public final class Probe {

  public final CountDownLatch entered = new CountDownLatch(1);
  public final CountDownLatch release = new CountDownLatch(1);
  public final CountDownLatch interrupted = new CountDownLatch(1);
  public final CountDownLatch finished = new CountDownLatch(1);
  public final AtomicInteger calls = new AtomicInteger();

  /** The handler body: signal entry, block until released or interrupted. */
  public String block() throws InterruptedException {
    calls.incrementAndGet();
    entered.countDown();
    try {
      if (!release.await(60, TimeUnit.SECONDS)) {
        return "never released";
      }
      return "released";
    } catch (InterruptedException e) {
      interrupted.countDown();
      throw e;
    } finally {
      finished.countDown();
    }
  }

  public static void await(CountDownLatch latch, String what) {
    try {
      if (!latch.await(SseStream.WAIT_SECONDS, TimeUnit.SECONDS)) {
        fail("timed out waiting until " + what);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public void awaitEntered() {
    await(entered, "the handler started");
  }

  public void awaitInterrupted() {
    await(interrupted, "the handler was interrupted");
  }
}
