package dev.mcpkit.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.core.jsonrpc.McpException;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The held requests' binding: to the instance, the caller and the downstream request; and the cap per caller. */
class HeldCallsTest {

  private static void invalid(Runnable r, String message) {
    assertThatThrownBy(r::run).isInstanceOfSatisfying(McpException.class, e -> {
      assertThat(e.code()).isEqualTo(-32602);
      assertThat(e.getMessage()).contains(message);
    });
  }

  @Test
  void aRetryContinuesOnlyItsOwnCallersHeldRequest() {
    HeldCalls held = new HeldCalls(Duration.ofMinutes(5), 8);
    try {
      Pending p = held.open("alice", () -> "tools/call\nask\n{}");
      String key = p.nextKey();
      held.hold(p, "up");
      // not the gateway's key
      assertThat(held.resume(Set.of("elicit-1"), "alice", () -> "tools/call\nask\n{}")).isNull();
      invalid(() -> held.resume(Set.of(key), "mallory", () -> "tools/call\nask\n{}"), "different caller");
      invalid(() -> held.resume(Set.of(key), "alice", () -> "tools/call\nother\n{}"), "different caller or request");
      assertThat(held.resume(Set.of(key), "alice", () -> "tools/call\nask\n{}")).isSameAs(p);
      invalid(() -> held.resume(Set.of(key), "alice", () -> "tools/call\nask\n{}"), "no longer held");
      String elsewhere = key.replaceFirst("^gw\\.[0-9a-f]{12}", "gw.000000000000");
      invalid(() -> held.resume(Set.of(elsewhere), "alice", () -> "tools/call\nask\n{}"), "another gateway instance");
    } finally {
      held.close();
    }
  }

  @Test
  void aCallerHoldsAtMostTheCap() {
    HeldCalls held = new HeldCalls(Duration.ofMinutes(5), 2);
    try {
      held.hold(held.open("alice", () -> "a"), "up");
      held.hold(held.open("alice", () -> "b"), "up");
      held.hold(held.open("bob", () -> "a"), "up"); // another caller has a cap of its own
      Pending third = held.open("alice", () -> "c");
      assertThatThrownBy(() -> held.hold(third, "up")).isInstanceOf(McpException.class)
          .hasMessageContaining("2 requests waiting for input");
      assertThat(third.finished()).isTrue(); // cancelled
      assertThat(held.size()).isEqualTo(3);
    } finally {
      held.close();
    }
  }

  @Test
  void aCallNeverHeldMakesNeitherItsBindingNorItsId() {
    HeldCalls held = new HeldCalls(Duration.ofMinutes(5), 8);
    java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();
    java.util.function.Supplier<String> binding = () -> {
      made.incrementAndGet();
      return "tools/call\necho\n{}";
    };
    Pending p = held.open("alice", binding);
    assertThat(held.resume(Set.of(), "alice", binding)).isNull(); // a first attempt: no key of the gateway's
    assertThat(made).hasValue(0);
    String key = p.nextKey(); // a question: the id is made, once
    assertThat(p.nextKey()).isNotEqualTo(key).startsWith(key.substring(0, key.lastIndexOf('.') + 1));
    held.hold(p, "up"); // held: the binding is fixed now
    assertThat(made).hasValue(1);
    assertThat(held.resume(Set.of(key), "alice", binding)).isSameAs(p);
    assertThat(made).hasValue(2); // the retry's own
  }

  @Test
  void aHeldRequestIsReleasedWhenNoRetryComes() {
    HeldCalls held = new HeldCalls(Duration.ofMillis(100), 8);
    Pending p = held.open("alice", () -> "a");
    held.hold(p, "up");
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(p::finished);
    assertThat(held.size()).isZero();
  }
}
