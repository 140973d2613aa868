package dev.mcpkit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mcpkit.client.internal.ClientThreads;
import dev.mcpkit.client.testing.BadHttpPeer;
import dev.mcpkit.client.testing.Servers;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * 1,000 failures of every fast kind (HTML answers, streams closed early, junk, oversize answers,
 * dropped connections, server errors, unreachable servers, stdio servers that die) leave no thread
 * behind: neither the client's own (virtual) threads nor platform threads.
 */
class ThreadLeakTest {

  @Test
  void thousandFailuresLeakNoThread() throws Exception {
    try (BadHttpPeer peer = new BadHttpPeer()) {
      // warm up: one full client life, so lazily created JDK and Jetty singletons exist before counting
      try (McpClient c = McpClient.builder().url(peer.endpoint()).connect()) {
        c.callTool("ok", Map.of());
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> ClientThreads.live() == 0);
      int platformBefore = platformThreads();

      int failures = 0;
      String[] modes = {"html", "early-close", "junk", "oversize", "reset", "error500"};
      try (McpClient client = McpClient.builder().url(peer.endpoint()).maxMessageBytes(64 * 1024)
          .requestTimeout(Duration.ofSeconds(5)).onWarning(w -> { }).connect()) {
        for (int i = 0; i < 840; i++) {
          String mode = modes[i % modes.length];
          assertThatThrownBy(() -> client.callTool(mode, Map.of())).isInstanceOf(McpClientException.class);
          failures++;
        }
        assertThat(client.callTool("ok", Map.of()).isError()).isNull();
      }
      for (int i = 0; i < 100; i++) { // clients that never connect
        assertThatThrownBy(() -> McpClient.connect("http://127.0.0.1:1/mcp")).isInstanceOf(McpConnectionException.class);
        failures++;
      }
      for (int i = 0; i < 60; i++) { // stdio servers that die at once
        assertThatThrownBy(() -> McpClient.connect(Servers.bash("echo 'no mcp here' >&2; exit 7")))
            .isInstanceOf(McpConnectionException.class).hasMessageContaining("exited with code 7");
        failures++;
      }
      assertThat(failures).isEqualTo(1000);

      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        assertThat(ClientThreads.live()).as("client threads still running").isZero();
        assertThat(platformThreads()).as("platform threads: " + platformNames()).isLessThanOrEqualTo(platformBefore + 2);
      });
    }
  }

  private static String platformNames() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> !t.isVirtual()).map(Thread::getName).sorted().toList().toString();
  }

  /**
   * Live platform threads, without the pools the JDK and the test tools size by themselves
   * (virtual-thread carriers, the process reaper, awaitility's poller) and the test server's pool.
   * A leaked Jetty client (its scheduler thread), reader or process would be counted.
   */
  private static int platformThreads() {
    return (int) Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !t.isVirtual() && t.isAlive())
        .map(Thread::getName)
        .filter(n -> !n.startsWith("qtp") && !n.startsWith("ForkJoinPool") && !n.equals("process reaper")
            && !n.startsWith("awaitility"))
        .count();
  }
}
