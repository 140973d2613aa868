package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.server.testing.CrossTalk;
import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.TestTools;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.Test;

/**
 * One connection's bytes in another connection's response after the HTTP parser
 * rejected a request (see {@link JettyServers} for the Jetty race). The first test makes the race
 * happen on most tries by widening its two windows with pauses a busy machine makes by chance: the
 * parsing thread is held up right after it dispatched the error response, and the thread resumed
 * after that response is held up between taking the request buffer and reading into it. On
 * mcpkit's Jetty set-up the bytes stay where they belong; on Jetty's default (pooled buffers) about
 * one B response in thirty begins with A's body. This is also the Jetty-only reproducer for an
 * upstream report (swap {@code JettyServers.newServer(threads)} for {@code new Server(threads)}).
 * The second test runs the real MCP endpoint under load created by the test.
 */
class BufferIsolationTest {

  private static final StackWalker STACK = StackWalker.getInstance();

  @Test
  void aRejectedRequestsUnreadBytesNeverReachAnotherConnection() throws Exception {
    AtomicInteger held = new AtomicInteger();
    QueuedThreadPool threads = new QueuedThreadPool() {
      @Override
      public boolean tryExecute(Runnable task) {
        boolean fromParserError = STACK.walk(frames -> frames.anyMatch(f -> f.getMethodName().equals("badMessage")));
        if (!fromParserError) {
          return super.tryExecute(task);
        }
        // The error response runs elsewhere while the parsing thread, which still holds the
        // connection's request buffer, is descheduled for a moment.
        execute(task);
        held.incrementAndGet();
        pause(10);
        return true;
      }
    };
    Server jetty = JettyServers.newServer(threads);
    ServerConnector connector = new ServerConnector(jetty, JettyServers.http(new HttpConfiguration())) {
      @Override
      protected SocketChannelEndPoint newEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key) {
        return new SocketChannelEndPoint(channel, selector, key, getScheduler()) {
          @Override
          public int fill(ByteBuffer buffer) throws IOException {
            // The thread resumed after the error response took the buffer and is descheduled
            // before it reads into it.
            if (getConnection() instanceof HttpConnection c && c.getParser().isClose()) {
              pause(5);
            }
            return super.fill(buffer);
          }
        };
      }
    };
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    jetty.setHandler(new Echo());
    jetty.start();
    try {
      int port = connector.getLocalPort();
      CrossTalk.Result r = CrossTalk.run(port, "/", 9000, CrossTalk.post(port, "/", "text/plain", "b"), 150,
          Duration.ofSeconds(30), 0);
      assertThat(held).as("the parser rejected A's requests").hasPositiveValue();
      assertThat(r.bResponses()).isPositive();
      assertThat(r.foreign()).as("B responses holding A's bytes").isEmpty();
    } finally {
      jetty.stop();
    }
  }

  @Test
  void theMcpEndpointUnderLoadAnswersEachConnectionWithItsOwnBytes() throws Exception {
    try (HttpFixture f = HttpFixture.start(TestTools.server().build())) {
      String ping = CrossTalk.post(f.port(), "/mcp", "application/json",
          "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}");
      CrossTalk.Result r = CrossTalk.run(f.port(), "/mcp", 9000, ping, 2000, Duration.ofSeconds(40),
          Runtime.getRuntime().availableProcessors());
      assertThat(r.pairs()).isGreaterThan(100);
      assertThat(r.foreign()).as("B responses holding A's bytes").isEmpty();
      assertThat(f.client.modern(8, "tools/list", null).send().status()).as("still serving").isEqualTo(200);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Answers with the request body (so a body that was not B's would show). */
  private static final class Echo extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      String body = Content.Source.asString(request, StandardCharsets.ISO_8859_1);
      response.write(true, ByteBuffer.wrap(("echo:" + body).getBytes(StandardCharsets.ISO_8859_1)), callback);
      return true;
    }
  }
}
