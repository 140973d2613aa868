package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.RawHttp;
import dev.mcpkit.server.testing.Rpc;
import dev.mcpkit.server.testing.Session;
import dev.mcpkit.server.testing.TestTools;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One client that never reads its stream must not stall anyone else: the shared housekeeping
 * thread never waits on its socket, so other streams keep their heartbeats and idle sessions are
 * still evicted, while the slow stream is cut off once its queue or write time is exceeded.
 */
class SlowReaderTest {

  private static final String BIG = "x".repeat(1024 * 1024);

  private static McpServer server() {
    return TestTools.server().tool(ServerTool.builder("big").description("A large answer")
        .handler(c -> ToolResults.text(BIG)).build()).build();
  }

  /** Opens {@code /sse} with a tiny receive window, reads up to the endpoint event, then never reads again. */
  private static String openAndStopReading(Socket socket, int port) throws Exception {
    socket.setReceiveBufferSize(1024);
    socket.connect(new InetSocketAddress("127.0.0.1", port));
    socket.setSoTimeout(20_000);
    OutputStream out = socket.getOutputStream();
    out.write(("GET /sse HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: text/event-stream\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = socket.getInputStream();
    StringBuilder seen = new StringBuilder();
    while (!seen.toString().matches("(?s).*sessionId=[0-9a-f]+\\r?\\n.*")) {
      int b = in.read();
      assertThat(b).as("the stream ended before its endpoint event: %s", seen).isNotNegative();
      seen.append((char) b);
    }
    String s = seen.toString();
    int at = s.indexOf("sessionId=") + "sessionId=".length();
    int end = at;
    while (end < s.length() && Character.isLetterOrDigit(s.charAt(end))) {
      end++;
    }
    return s.substring(at, end);
  }

  private static int post(HttpFixture f, String path, tools.jackson.databind.JsonNode body) {
    return f.client.request("POST", path).header("Content-Type", "application/json").body(body).send().status();
  }

  @Test
  @DisplayName("SEC-RES-19 a never-reading legacy SSE client is cut off; other streams keep heartbeats, eviction goes on")
  void aNeverReadingClientStallsNobody() throws Exception {
    try (HttpFixture f = HttpFixture.start(server(), b -> b.options(HttpFixture.options(o -> o
        .heartbeat(Duration.ofMillis(100)).sessionIdleTimeout(Duration.ofSeconds(1))
        .maxQueuedBytesPerStream(64 * 1024).writeTimeout(Duration.ofSeconds(2)))));
         Socket slow = new Socket();
         RawHttp other = RawHttp.connect(f.port())) {
      // A second client with a 2025 GET stream, counting its keep-alive comments.
      Session session = f.client.initialize("2025-11-25");
      other.send("GET", "/mcp", Map.of("Accept", "text/event-stream", "Mcp-Session-Id", session.id()), null);
      var head = other.readHead();
      assertThat(head.status()).isEqualTo(200);
      AtomicInteger beats = new AtomicInteger();
      BufferedReader lines = new BufferedReader(new InputStreamReader(other.body(head), StandardCharsets.UTF_8));
      Thread reader = Thread.ofVirtual().start(() -> {
        try {
          String line;
          while ((line = lines.readLine()) != null) {
            if (line.equals(":")) {
              beats.incrementAndGet();
            }
          }
        } catch (Exception e) {
          // closed at the end of the test
        }
      });

      String sessionId = openAndStopReading(slow, f.port());
      await().atMost(Duration.ofSeconds(20)).until(() -> f.http.streamCount() == 2);
      String messages = "/messages?sessionId=" + sessionId;
      assertThat(post(f, messages, Rpc.request(0, "initialize", J.obj("protocolVersion", "2024-11-05",
          "capabilities", J.obj(), "clientInfo", J.obj("name", "slow", "version", "1"))))).isEqualTo(202);
      assertThat(post(f, messages, Rpc.notification("notifications/initialized", null))).isEqualTo(202);
      // Large answers on the stream the client does not read.
      for (int i = 0; i < 12 && f.http.streamCount() == 2; i++) {
        assertThat(post(f, messages, Rpc.request(i + 1, "tools/call", J.obj("name", "big", "arguments", J.obj()))))
            .isIn(202, 404); // 404 once the stream (and with it the legacy session) was cut off
      }
      // A session opened now, left idle, is evicted: housekeeping still runs.
      f.client.initialize("2025-11-25");
      int before = beats.get();
      await().atMost(Duration.ofSeconds(20)).until(() -> beats.get() >= before + 10);
      await().atMost(Duration.ofSeconds(20)).until(() -> f.http.sessionCount() == 1); // only the streaming one
      await("the slow stream is cut off").atMost(Duration.ofSeconds(20)).until(() -> f.http.streamCount() == 1);
      assertThat(session.post(99, "tools/list", null).send().status()).as("still served").isEqualTo(200);
      reader.interrupt();
    }
  }

  @Test
  @DisplayName("SEC-RES-19 a client that reads gets answers far larger than the queue limit, several in a row")
  void aReadingClientIsNotCutOff() {
    try (HttpFixture f = HttpFixture.start(server(), b -> b.options(HttpFixture.options(o -> o
        .heartbeat(Duration.ofMillis(20)).maxQueuedBytesPerStream(1024))))) {
      var stream = f.client.request("GET", "/sse").header("Accept", "text/event-stream").open();
      String messages = stream.events().next().data();
      post(f, messages, Rpc.request(0, "initialize", J.obj("protocolVersion", "2024-11-05",
          "capabilities", J.obj(), "clientInfo", J.obj("name", "reader", "version", "1"))));
      assertThat(stream.events().nextMessage().path("id").asInt()).isZero();
      post(f, messages, Rpc.notification("notifications/initialized", null));
      for (int i = 1; i <= 3; i++) {
        assertThat(post(f, messages, Rpc.request(i, "tools/call", J.obj("name", "big", "arguments", J.obj()))))
            .isEqualTo(202);
        var answer = stream.events().nextMessage();
        assertThat(answer.path("id").asInt()).isEqualTo(i);
        assertThat(answer.path("result").path("content").get(0).path("text").asString()).hasSize(BIG.length());
      }
      stream.close();
    }
  }

  @Test
  @DisplayName("SEC-RES-19 a 2025 POST stream whose write stalls past the write timeout is cut; the session resumes it")
  void aStalledStreamIsCutAndTheSessionSurvives() throws Exception {
    java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
    McpServer server = TestTools.server().tool(ServerTool.builder("big-logs").description("Logs a lot")
        .handler(c -> {
          for (int i = 0; i < 8; i++) { // more than the kernel's socket buffers take
            c.log(dev.mcpkit.core.schema.LoggingLevel.ERROR, "test", BIG);
          }
          finished.countDown();
          return ToolResults.text("done");
        }).build()).build();
    try (HttpFixture f = HttpFixture.start(server, b -> b.options(HttpFixture.options(o -> o
        .heartbeat(Duration.ofMillis(100)).writeTimeout(Duration.ofSeconds(1))
        .maxQueuedBytesPerStream(256L * 1024 * 1024)))); // only the write timeout can cut it
         Socket slow = new Socket()) {
      Session session = f.client.initialize("2025-11-25");
      slow.setReceiveBufferSize(1024);
      slow.connect(new InetSocketAddress("127.0.0.1", f.port()));
      slow.setSoTimeout(20_000);
      byte[] body = dev.mcpkit.core.json.Json.writeBytes(Rpc.request(5, "tools/call", J.obj("name", "big-logs",
          "arguments", J.obj())));
      slow.getOutputStream().write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + f.port()
          + "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nMcp-Session-Id: "
          + session.id() + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      slow.getOutputStream().write(body);
      slow.getOutputStream().flush();
      assertThat(finished.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      await().atMost(Duration.ofSeconds(20)).until(() -> f.http.streamCount() == 0);
      // Now read: the connection was closed before the result could be delivered on it.
      byte[] got = slow.getInputStream().readAllBytes();
      assertThat(new String(got, StandardCharsets.UTF_8)).doesNotContain("\"text\":\"done\"");
      // The session is alive, and the stream resumes from the buffer, result included.
      assertThat(session.post(6, "tools/list", null).send().status()).isEqualTo(200);
      var resumed = session.get().header("Last-Event-ID", "1-0").open();
      assertThat(resumed.status()).isEqualTo(200);
      tools.jackson.databind.JsonNode m;
      do {
        m = resumed.events().nextMessage();
      } while (!m.has("result"));
      assertThat(m.path("id").asInt()).isEqualTo(5);
      assertThat(m.path("result").path("content").get(0).path("text").asString()).isEqualTo("done");
      resumed.close();
    }
  }
}
