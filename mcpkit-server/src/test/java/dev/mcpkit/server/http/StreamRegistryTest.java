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

  private static final StreamRegistry.Live NOOP = new StreamRegistry.Live() {
    @Override
    public void beat() {}

    @Override
    public long idleNanos() {
      return 0;
    }
  };

  private static StreamRegistry registry(int perClient, int total) {
    return new StreamRegistry(HttpOptions.builder().maxStreamsPerClient(perClient).maxStreams(total).build());
  }

  private static StreamRegistry.Entry acquire(StreamRegistry r, String client) {
    return r.acquire(client, NOOP, () -> { }, false).entry();
  }

  @Test
  void limitsAndReleases() {
    StreamRegistry r = registry(2, 100);
    StreamRegistry.Entry a = acquire(r, "c");
    StreamRegistry.Entry b = acquire(r, "c");
    assertThat(acquire(r, "c")).isNull();
    assertThat(acquire(r, "other")).isNotNull();
    r.release(a);
    r.release(a); // twice is harmless
    assertThat(acquire(r, "c")).isNotNull();
    assertThat(acquire(r, "c")).isNull();
    r.release(b);
    assertThat(r.openCount()).isEqualTo(2);
  }

  @Test
  @DisplayName("SEC-RES-03 the server-wide limit refuses with SERVER_FULL, the client's with CLIENT_FULL")
  void totalLimitIsSeparateFromTheClientLimit() {
    StreamRegistry r = registry(2, 3);
    acquire(r, "a");
    acquire(r, "a");
    assertThat(r.acquire("a", NOOP, () -> { }, false).grant()).isEqualTo(Quota.Grant.CLIENT_FULL);
    StreamRegistry.Entry b = acquire(r, "b");
    assertThat(b).isNotNull();
    assertThat(r.acquire("c", NOOP, () -> { }, false).grant()).isEqualTo(Quota.Grant.SERVER_FULL);
    r.release(b);
    assertThat(acquire(r, "c")).as("a refused grant took nothing").isNotNull();
    assertThat(r.openCount()).isEqualTo(3);
  }

  @Test
  @DisplayName("SEC-RES-03 the per-client limit holds under concurrent acquire and release")
  void theLimitHoldsUnderConcurrency() throws InterruptedException {
    StreamRegistry r = registry(1, 100);
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
          StreamRegistry.Entry e = acquire(r, "client");
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
