package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/**
 * An SSE response writes the events that are ready together in one write (one
 * flush), and an answer's final event and the end of the stream in one write, with the bytes and
 * their order unchanged. Counted on a wrapped Jetty response, served by a real server.
 */
class SseWritesTest {

  /** A response that counts writes and can keep the first one's completion back until the test says. */
  private static final class Counting extends Response.Wrapper {
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger lastWrites = new AtomicInteger();
    final CompletableFuture<Callback> firstDone = new CompletableFuture<>();
    final boolean holdFirst;

    Counting(Request request, Response wrapped, boolean holdFirst) {
      super(request, wrapped);
      this.holdFirst = holdFirst;
    }

    @Override
    public void write(boolean last, ByteBuffer content, Callback callback) {
      int n = writes.incrementAndGet();
      if (last) {
        lastWrites.incrementAndGet();
      }
      if (n == 1 && holdFirst) {
        super.write(last, content, Callback.from(() -> firstDone.complete(callback), callback::failed));
      } else {
        super.write(last, content, callback);
      }
    }
  }

  private static byte[] json(int i) {
    return ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
  }

  private static final String FOUR_EVENTS = "event: message\ndata: {\"n\":1}\n\n" + "event: message\ndata: {\"n\":2}\n\n"
      + "event: message\ndata: {\"n\":3}\n\n" + "event: message\ndata: {\"n\":4}\n\n";

  /** Serves one SSE response made by {@code script} on a real server and returns its body. */
  private static String serve(boolean holdFirst, Consumer<SseConnection> script, Counting[] seen) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        Counting counting = new Counting(request, response, holdFirst);
        seen[0] = counting;
        SseConnection c = SseConnection.open(request, counting, HttpOptions.defaults(), null);
        script.accept(c);
        c.awaitSent();
        callback.succeeded();
        return true;
      }
    });
    server.start();
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/"))
          .timeout(java.time.Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      return r.body();
    } finally {
      server.stop();
    }
  }

  @Test
  void eventsQueuedBehindAWriteGoOutInOneWriteWithTheEnd() throws Exception {
    Counting[] seen = new Counting[1];
    String body = serve(true, c -> {
      c.event(null, "message", json(1), null); // written, its completion held back
      c.event(null, "message", json(2), null); // these three queue behind it
      c.event(null, "message", json(3), null);
      c.event(null, "message", json(4), null);
      c.end();
      try {
        seen[0].firstDone.get(10, TimeUnit.SECONDS).succeeded();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }, seen);
    assertThat(body).isEqualTo(FOUR_EVENTS);
    assertThat(seen[0].writes).hasValue(2); // was 5: one per event and one for the end
    assertThat(seen[0].lastWrites).hasValue(1);
  }

  @Test
  void theFinalEventAndTheEndAreOneWrite() throws Exception {
    Counting[] seen = new Counting[1];
    String body = serve(false, c -> {
      c.event(null, "message", json(1), null);
      c.event(null, "message", json(2), null);
      c.event(null, "message", json(3), null);
      c.batch(() -> { // as PostResponder.finish sends an answer's result
        c.event(null, "message", json(4), null);
        c.end();
      });
    }, seen);
    assertThat(body).isEqualTo(FOUR_EVENTS);
    // the progress events went out as they came (nothing queued behind them), the result with the end
    assertThat(seen[0].writes).hasValue(4);
    assertThat(seen[0].lastWrites).hasValue(1);
  }
}
