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
   * A lock or rule file that never ends (a link to /dev/zero) is refused without reading it, and one past 16 MiB once
   * past the bound, each with a message naming it: they were read whole, and the JVM died with an OutOfMemoryError and
   * a stack trace.
   */
  @Test
  void aFileThatNeverEndsOrIsTooLargeIsRefused() throws Exception {
    Path zero = tmp.resolve("mcpkit-lock.json");
    java.nio.file.Files.createSymbolicLink(zero, Path.of("/dev/zero"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PinLock.read(zero))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the lock file " + zero + " is not a regular file");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RuleSet.builtIn().with(zero))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the rule file " + zero + " is not a regular file");
    Path huge = tmp.resolve("huge-lock.json");
    try (var raf = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
      raf.setLength(16 * 1024 * 1024 + 1); // sparse: nothing written to disk
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PinLock.read(huge))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the lock file " + huge + " is larger than 16 MiB: not one mcpkit reads (is it the right file?)");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RuleSet.builtIn().with(huge))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the rule file " + huge + " is larger than 16 MiB: not one mcpkit reads (is it the right file?)");
  }
}
