package dev.mcpkit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.client.internal.ClientThreads;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Streamable HTTP request whose answer is JSON runs on the caller's thread (McpTransport#call): no client thread
 * per request, while the timeout and the caller's interrupt still end the exchange as before.
 */
class CallerThreadTest {

  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final CompletableFuture<Boolean> handlerInterrupted = new CompletableFuture<>();
  private McpHttpServer http;

  @BeforeEach
  void start() throws Exception {
    McpServer server = McpServer.builder().name("slow").version("1")
        .tool(ServerTool.builder("wait").handler(c -> {
          entered.countDown();
          try {
            boolean released = release.await(30, TimeUnit.SECONDS);
            handlerInterrupted.complete(false);
            return ToolResults.text(released ? "released" : "gave up");
          } catch (InterruptedException e) {
            handlerInterrupted.complete(true); // the client closed the request: the server cancelled the handler
            throw new IllegalStateException("cancelled");
          }
        }).build()).build();
    http = McpHttpServer.builder(server).port(0).build().start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    http.close();
  }

  private McpClient client(Duration timeout) {
    return McpClient.builder().url("http://127.0.0.1:" + http.port() + "/mcp").requestTimeout(timeout).connect();
  }

  @Test
  void aJsonAnswerIsAwaitedOnTheCallersThread() throws Exception {
    try (McpClient c = client(Duration.ofSeconds(20))) {
      CompletableFuture<String> answer = new CompletableFuture<>();
      Thread caller = Thread.ofVirtual().start(() -> {
        try {
          answer.complete(c.callTool("wait", Map.of()).content().toString());
        } catch (RuntimeException e) {
          answer.completeExceptionally(e);
        }
      });
      assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();
      assertThat(ClientThreads.liveNames()).as("client threads while the request is answered")
          .noneMatch(n -> n.contains("http-post"));
      release.countDown();
      assertThat(answer.get(20, TimeUnit.SECONDS)).contains("released");
      caller.join();
    }
  }

  @Test
  void theTimeoutStillEndsTheRequest() throws Exception {
    try (McpClient c = client(Duration.ofSeconds(20))) {
      assertThatThrownBy(() -> c.callTool("wait", dev.mcpkit.core.json.Json.object(), RequestOptions.defaults().withTimeout(Duration.ofMillis(300))))
          .isInstanceOf(McpTimeoutException.class);
      assertThat(handlerInterrupted.get(20, TimeUnit.SECONDS)).as("the server saw the request cancelled").isTrue();
    }
  }

  @Test
  void anInterruptCancelsTheRequestAndStaysSet() throws Exception {
    try (McpClient c = client(Duration.ofSeconds(20))) {
      CompletableFuture<RuntimeException> failure = new CompletableFuture<>();
      AtomicBoolean stillInterrupted = new AtomicBoolean();
      Thread caller = Thread.ofVirtual().start(() -> {
        try {
          c.callTool("wait", Map.of());
          failure.complete(null);
        } catch (RuntimeException e) {
          stillInterrupted.set(Thread.currentThread().isInterrupted());
          failure.complete(e);
        }
      });
      assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();
      caller.interrupt();
      assertThat(failure.get(20, TimeUnit.SECONDS)).isInstanceOf(McpClientException.class)
          .hasMessageContaining("cancelled");
      assertThat(stillInterrupted).isTrue();
      assertThat(handlerInterrupted.get(20, TimeUnit.SECONDS)).as("the server saw the request cancelled").isTrue();
    }
  }
}
