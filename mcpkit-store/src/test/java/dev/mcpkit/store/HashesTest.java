package dev.mcpkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * {@link Hashes#sha256} gives the standard digest on every call and on many threads at once: each call works on its
 * own copy of one shared, never-updated digest, so no call sees another's input.
 */
class HashesTest {

  @Test
  void knownVectors() {
    assertThat(Hashes.sha256("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(Hashes.sha256("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(Hashes.sha256("abc")).as("a second call starts afresh").isEqualTo(Hashes.sha256("abc"));
    assertThat(Hashes.sha256("\u00e9")).as("of the UTF-8 bytes").isEqualTo("4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c");
  }

  @Test
  void concurrentCallsDoNotMix() throws Exception {
    List<String> inputs = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      String s = "token-" + i + "-" + "x".repeat(i * 17);
      inputs.add(s);
      expected.add(Hashes.sha256(s));
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<Future<Boolean>> all = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        all.add(pool.submit(() -> {
          for (int round = 0; round < 2_000; round++) {
            int i = round % inputs.size();
            if (!Hashes.sha256(inputs.get(i)).equals(expected.get(i))) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> f : all) {
        assertThat(f.get()).isTrue();
      }
    }
  }
}
