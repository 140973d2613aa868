package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link StreamRegistry} keeps its per-client limit under concurrency: however acquisitions and
 * releases interleave, a client never holds more streams than the limit.
 */
class StreamRegistryTest {

  @Test
  void limitsAndReleases() {
    StreamRegistry r = new StreamRegistry(2);
    StreamRegistry.Entry a = r.acquire("c", () -> { }, () -> { });
    StreamRegistry.Entry b = r.acquire("c", () -> { }, () -> { });
    assertThat(r.acquire("c", () -> { }, () -> { })).isNull();
    assertThat(r.acquire("other", () -> { }, () -> { })).isNotNull();
    r.release(a);
    r.release(a); // twice is harmless
    assertThat(r.acquire("c", () -> { }, () -> { })).isNotNull();
    assertThat(r.acquire("c", () -> { }, () -> { })).isNull();
    r.release(b);
    assertThat(r.openCount()).isEqualTo(2);
  }

  @Test
  @DisplayName("SEC-RES-03 the per-client limit holds under concurrent acquire and release")
  void theLimitHoldsUnderConcurrency() throws InterruptedException {
    StreamRegistry r = new StreamRegistry(1);
    AtomicInteger held = new AtomicInteger();
    AtomicInteger maxHeld = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      threads.add(Thread.ofPlatform().start(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < 200_000; i++) {
          StreamRegistry.Entry e = r.acquire("client", () -> { }, () -> { });
          if (e != null) {
            maxHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
            for (int k = 0; k < 20; k++) {
              Thread.onSpinWait(); // hold the stream a moment, as a real one does
            }
            maxHeld.accumulateAndGet(held.get(), Math::max);
            held.decrementAndGet();
            r.release(e);
          }
        }
      }));
    }
    start.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(maxHeld.get()).isEqualTo(1);
    assertThat(r.openCount()).isZero();
  }
}
