package dev.mcpkit.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several servers pinned in one lock file at once (a gateway's upstreams at start): no pin is lost. */
class LockedPinsTest {

  @TempDir Path tmp;

  @Test
  void serversPinnedInOneFileInParallelAreAllKept() throws Exception {
    Path file = tmp.resolve(PinLock.FILE_NAME);
    int n = 16;
    List<LockedPins> pins = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      pins.add(new LockedPins(PinStore.lockFile(file), "s" + i, false, RuleSet.builtIn()));
    }
    CountDownLatch go = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        LockedPins p = pins.get(i);
        ServerPin current = new ServerPin(ServerPin.Identity.of("s" + i, "http://127.0.0.1:" + (1000 + i), List.of()),
            Map.of());
        done.add(pool.submit(() -> {
          go.await();
          return p.check(current, Set.of());
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    }
    PinLock lock = PinLock.read(file);
    for (int i = 0; i < n; i++) {
      assertThat(lock.server("s" + i)).as("s" + i).isPresent();
    }
  }

  /**
   * A lock or rule file that never ends (a link to /dev/zero) is refused once past 16 MiB, with a message naming it:
   * it was read whole, and the JVM died with an OutOfMemoryError and a stack trace.
   */
  @Test
  void aFileThatNeverEndsIsRefusedAtItsBound() throws Exception {
    Path zero = tmp.resolve("mcpkit-lock.json");
    java.nio.file.Files.createSymbolicLink(zero, Path.of("/dev/zero"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PinLock.read(zero))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the lock file " + zero + " is larger than 16 MiB: not one mcpkit wrote (is it the right file?)");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RuleSet.builtIn().with(zero))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the rule file " + zero + " is larger than 16 MiB: not one mcpkit wrote (is it the right file?)");
  }
}
