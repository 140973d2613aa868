package dev.mcpkit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.client.testing.KeepAliveProxy;
import dev.mcpkit.client.transport.HttpTransportOptions;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The keep-alive race: a server closes an idle kept-alive connection just as the client gives it a request. Such
 * a request is resent once on a fresh connection when none of it was written; a request that was written is never
 * resent, since the server may have processed it.
 */
class KeepAliveRaceTest {

  private static McpServer counting(AtomicInteger calls) {
    return McpServer.builder().name("counting").version("1")
        .tool(ServerTool.builder("count").inputSchema("{\"type\":\"object\"}")
            .handler(c -> ToolResults.text(String.valueOf(calls.incrementAndGet()))).build())
        .build();
  }

  /**
   * The server closes the connection the next request was just given to (the test closes it while the request
   * begins, and waits until the client has seen the close): the request is sent again once, and processed once.
   */
  @ParameterizedTest
  @EnumSource(value = ProtocolVersion.class, names = {"V2026_07_28", "V2025_11_25"})
  void aRequestGivenToAConnectionTheServerClosedIsSentAgainOnce(ProtocolVersion era) throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AtomicBoolean closeOnNextBegin = new AtomicBoolean();
    HttpClient http = HttpTransportOptions.newHttpClient(Duration.ofSeconds(5));
    try (McpHttpServer server = McpHttpServer.builder(counting(calls)).port(0).build().start();
        KeepAliveProxy proxy = new KeepAliveProxy(server.endpoint())) {
      http.getRequestListeners().addBeginListener(r -> {
        if (r.getMethod().equals("POST") && closeOnNextBegin.getAndSet(false) && closeIdle(proxy) > 0) {
          pause(300); // the close reaches the client while the request is being given to the connection
        }
      });
      try (McpClient client = McpClient.builder().url(proxy.url().toString()).httpClient(http)
          .protocolVersion(era).connect()) {
        assertThat(client.callTool("count", Map.of()).isError()).isNotEqualTo(Boolean.TRUE);
        assertThat(calls).hasValue(1);
        for (int i = 2; i <= 4; i++) {
          closeOnNextBegin.set(true);
          assertThat(client.callTool("count", Map.of()).isError()).isNotEqualTo(Boolean.TRUE);
          assertThat(calls).hasValue(i); // processed once
        }
        assertThat(proxy.idleClosed()).isGreaterThanOrEqualTo(3);
        assertThat(calls).hasValue(4); // each call processed once
      }
    } finally {
      http.stop();
    }
  }

  /** A request the server read (and processed) before it closed the connection is never sent again. */
  @ParameterizedTest
  @EnumSource(value = ProtocolVersion.class, names = {"V2026_07_28", "V2025_11_25"})
  void aRequestTheServerMayHaveProcessedIsNotResent(ProtocolVersion era) throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (McpHttpServer server = McpHttpServer.builder(counting(calls)).port(0).build().start();
        KeepAliveProxy proxy = new KeepAliveProxy(server.endpoint());
        McpClient client = McpClient.builder().url(proxy.url().toString()).protocolVersion(era).connect()) {
      assertThat(client.callTool("count", Map.of()).isError()).isNotEqualTo(Boolean.TRUE);
        assertThat(calls).hasValue(1);
      proxy.dropAnswers(body -> body.contains("\"tools/call\""));
      assertThatThrownBy(() -> client.callTool("count", Map.of()))
          .isInstanceOf(McpConnectionException.class).hasMessageContaining("closed the connection without an answer");
      assertThat(calls).hasValue(2);
    }
  }

  // The connection the request is being given to: the proxy may not have marked it idle yet (it has just written
  // the previous answer), so wait for it rather than skip this round's close.
  private static int closeIdle(KeepAliveProxy proxy) {
    try {
      return proxy.closeIdle(Duration.ofSeconds(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
