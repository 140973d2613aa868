package dev.mcpkit.server.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.MetaKeys;
import dev.mcpkit.server.ResourceWatcher;
import dev.mcpkit.server.ServerResource;
import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.Probe;
import dev.mcpkit.server.testing.Rpc;
import dev.mcpkit.server.testing.StdioHarness;
import dev.mcpkit.server.testing.TestTools;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stdio transport on in-memory pipes: newline-delimited messages, stdout carrying protocol
 * only, both eras in one process, cancellation by {@code notifications/cancelled}, bounded lines
 * and malformed JSON answered with -32700 without losing the stream, and a clean end of input
 * that lets requests in flight finish and answers them.
 */
class StdioServerTest {

  private final Probe probe = new Probe();
  private StdioHarness io;

  @BeforeEach
  void start() {
    io = new StdioHarness(TestTools.server().tool(TestTools.blocking("block", probe)).tool(TestTools.progress())
        .tool(TestTools.logs()).tool(TestTools.failing()).tool(TestTools.greet()).build());
  }

  @AfterEach
  void stop() throws InterruptedException {
    probe.release.countDown();
    io.close();
  }

  private static ObjectNode modern(Object id, String method, ObjectNode params) {
    ObjectNode p = params == null ? Json.object() : params;
    if (!p.has("_meta")) {
      p.set("_meta", HttpTestClient.meta(J.obj()));
    }
    return Rpc.request(id, method, p);
  }

  private void initialize() {
    io.send(Rpc.request(0, "initialize", J.obj("protocolVersion", "2025-11-25", "capabilities",
        J.obj("elicitation", J.obj()), "clientInfo", J.obj("name", "pipe", "version", "1"))));
    assertThat(io.responseTo(0).path("result").path("protocolVersion").asString()).isEqualTo("2025-11-25");
    io.send(Rpc.notification("notifications/initialized", null));
  }

  @Test
  void messagesAreNewlineDelimitedInBothDirections() {
    String a = Json.write(modern(1, "tools/call", J.obj("name", "echo", "arguments", J.obj("message", "a"))));
    String b = Json.write(modern(2, "tools/call", J.obj("name", "echo", "arguments", J.obj("message", "b"))));
    io.sendRaw(a + "\n\n   \r\n" + b.substring(0, 10));
    io.sendRaw(b.substring(10) + "\r\n");
    List<JsonNode> answers = List.of(io.next(), io.next());
    assertThat(answers).extracting(m -> m.path("id").asInt()).containsExactlyInAnyOrder(1, 2);
    assertThat(answers).extracting(m -> m.path("result").path("content").get(0).path("text").asString())
        .containsExactlyInAnyOrder("a", "b");
    String out = new String(io.stdout(), StandardCharsets.UTF_8);
    assertThat(out).endsWith("\n").doesNotContain("\r");
    assertThat(out.split("\n")).hasSize(2);
  }

  @Test
  void stdoutCarriesProtocolOnly() throws Exception {
    PrintStream realOut = System.out;
    ByteArrayOutputStream stray = new ByteArrayOutputStream();
    System.setOut(new PrintStream(stray, true, StandardCharsets.UTF_8));
    try {
      initialize();
      io.send(Rpc.request(1, "tools/call", J.obj("name", "progress", "_meta", J.obj("progressToken", "p"))));
      io.send(Rpc.request(2, "tools/call", J.obj("name", "logs")));
      io.send(Rpc.request(3, "tools/call", J.obj("name", "fail"))); // the server logs a warning with a stack trace
      io.send(modern(4, "tools/call", J.obj("name", "logs", "_meta",
          HttpTestClient.meta(J.obj()).put(MetaKeys.LOG_LEVEL, "debug"))));
      io.sendRaw("{broken\n");
      io.closeInput();
      assertThat(io.awaitExit(Duration.ofSeconds(30))).isTrue();
    } finally {
      System.setOut(realOut);
    }
    assertThat(stray.size()).as("nothing but the protocol stream is written to System.out").isZero();
    byte[] out = io.stdout();
    assertThat(out[out.length - 1]).isEqualTo((byte) '\n');
    List<String> lines = Arrays.asList(new String(out, StandardCharsets.UTF_8).split("\n"));
    assertThat(lines).hasSizeGreaterThan(10);
    for (String line : lines) {
      JsonNode m = Json.parse(line);
      assertThat(m.path("jsonrpc").asString()).as(line).isEqualTo("2.0");
      assertThat(m.has("method") || m.has("result") || m.has("error")).as(line).isTrue();
    }
  }

  @Test
  void bothErasInOneProcess() {
    io.send(modern(1, "tools/list", null));
    JsonNode modernList = io.responseTo(1).path("result");
    assertThat(modernList.path("resultType").asString()).isEqualTo("complete");
    assertThat(modernList.path("_meta").path(MetaKeys.SERVER_INFO).path("name").asString()).isEqualTo("test");

    initialize();
    io.send(Rpc.request(2, "tools/list", null));
    JsonNode legacyList = io.responseTo(2).path("result");
    assertThat(legacyList.has("resultType")).isFalse();
    assertThat(legacyList.path("tools")).isNotEmpty();

    io.send(modern(3, "tools/call", J.obj("name", "echo", "arguments", J.obj("message", "still modern"))));
    assertThat(io.responseTo(3).path("result").path("resultType").asString()).isEqualTo("complete");

    io.send(modern(4, "tools/list", J.obj("_meta", J.obj(MetaKeys.PROTOCOL_VERSION, "2099-01-01",
        MetaKeys.CLIENT_CAPABILITIES, J.obj()))));
    JsonNode unsupported = io.responseTo(4).path("error");
    assertThat(unsupported.path("code").asInt()).isEqualTo(-32022);
    assertThat(unsupported.path("data").path("requested").asString()).isEqualTo("2099-01-01");
  }

  @Test
  void aLegacyElicitationGoesOutOnStdoutAndItsAnswerComesBackOnStdin() {
    initialize();
    io.send(Rpc.request(5, "tools/call", J.obj("name", "greet")));
    JsonNode ask = io.next();
    assertThat(ask.path("method").asString()).isEqualTo("elicitation/create");
    io.send(Rpc.result(ask.get("id"), J.obj("action", "accept", "content", J.obj("name", "Grace"))));
    assertThat(io.responseTo(5).path("result").path("content").get(0).path("text").asString()).isEqualTo("Hello, Grace");
  }

  @Test
  void cancelledInterruptsTheHandlerInBothEras() throws InterruptedException {
    io.send(modern("m", "tools/call", J.obj("name", "block")));
    probe.awaitEntered();
    io.send(Rpc.notification("notifications/cancelled", J.obj("requestId", "m", "reason", "changed my mind")));
    probe.awaitInterrupted();

    Probe second = new Probe();
    try (StdioHarness legacy = new StdioHarness(TestTools.server().tool(TestTools.blocking("block", second)).build())) {
      legacy.send(Rpc.request(0, "initialize", J.obj("protocolVersion", "2025-06-18", "capabilities", J.obj())));
      legacy.responseTo(0);
      legacy.send(Rpc.request(7, "tools/call", J.obj("name", "block")));
      second.awaitEntered();
      legacy.send(Rpc.notification("notifications/cancelled", J.obj("requestId", 7)));
      second.awaitInterrupted();
      legacy.send(Rpc.request(8, "ping", null));
      assertThat(legacy.responseTo(8).has("result")).isTrue();
      legacy.closeInput();
      assertThat(legacy.awaitExit(Duration.ofSeconds(30))).isTrue();
      assertThat(legacy.unread()).as("no response to the cancelled request").isEmpty();
    }

    io.send(modern("after", "ping", null)); // removed in 2026: a quick error that shows the server lives on
    assertThat(io.responseTo("after").path("error").path("code").asInt()).isEqualTo(-32601);
    io.closeInput();
    assertThat(io.awaitExit(Duration.ofSeconds(30))).isTrue();
    assertThat(io.unread()).noneMatch(l -> l.contains("\"id\":\"m\""));
  }

  @Test
  void aLineOverTheLimitIsAParseErrorAndTheNextLineWorks() {
    byte[] huge = new byte[StdioServer.MAX_LINE_BYTES + 1024];
    Arrays.fill(huge, (byte) 'x');
    io.sendBytes(huge);
    io.sendRaw("\n");
    io.send(modern(9, "tools/call", J.obj("name", "echo", "arguments", J.obj("message", "after the flood"))));
    JsonNode error = io.next();
    assertThat(error.get("id").isNull()).isTrue();
    assertThat(error.path("error").path("code").asInt()).isEqualTo(-32700);
    assertThat(error.path("error").path("message").asString()).contains("longer than");
    JsonNode ok = io.next();
    assertThat(ok.path("id").asInt()).isEqualTo(9);
    assertThat(ok.path("result").path("content").get(0).path("text").asString()).isEqualTo("after the flood");
  }

  @Test
  void malformedJsonIsAParseErrorWithNullId() {
    io.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\n");
    JsonNode error = io.next();
    assertThat(error.has("id")).isTrue();
    assertThat(error.get("id").isNull()).isTrue();
    assertThat(error.path("error").path("code").asInt()).isEqualTo(-32700);

    io.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":4}\n");
    JsonNode invalid = io.next();
    assertThat(invalid.path("id").asInt()).as("the id is echoed when it can be read").isEqualTo(4);
    assertThat(invalid.path("error").path("code").asInt()).isEqualTo(-32600);

    io.send(modern(5, "tools/list", null));
    assertThat(io.responseTo(5).has("result")).isTrue();
  }

  @Test
  void aDuplicateIdInFlightIsRefused() {
    io.send(modern(1, "tools/call", J.obj("name", "block")));
    probe.awaitEntered();
    io.send(modern(1, "tools/list", null));
    JsonNode dup = io.next();
    assertThat(dup.path("error").path("code").asInt()).isEqualTo(-32600);
    assertThat(dup.path("error").path("message").asString()).contains("already in use");
    probe.release.countDown();
    assertThat(io.responseTo(1).path("result").path("content").get(0).path("text").asString()).isEqualTo("released");
  }

  @Test
  void endOfInputWaitsForRequestsInFlightAndWritesTheirResponses() throws InterruptedException {
    io.send(modern(1, "tools/call", J.obj("name", "block")));
    probe.awaitEntered();
    io.closeInput();
    assertThat(io.awaitExit(Duration.ofMillis(300))).as("run() waits while a request is in flight").isFalse();
    probe.release.countDown();
    assertThat(io.awaitExit(Duration.ofSeconds(30))).isTrue();
    List<String> written = io.unread();
    assertThat(written).hasSize(1);
    JsonNode r = Json.parse(written.getFirst());
    assertThat(r.path("id").asInt()).isEqualTo(1);
    assertThat(r.path("result").path("content").get(0).path("text").asString()).isEqualTo("released");
  }

  @Test
  void listenOnStdioIsTaggedAndEndsWithCancellation() throws InterruptedException {
    io.send(modern(11, "subscriptions/listen", J.obj("notifications", J.obj("toolsListChanged", true))));
    JsonNode ack = io.next();
    assertThat(ack.path("method").asString()).isEqualTo("notifications/subscriptions/acknowledged");
    assertThat(ack.path("params").path("_meta").path(MetaKeys.SUBSCRIPTION_ID).asInt()).isEqualTo(11);
    io.send(modern(12, "tools/call", J.obj("name", "echo", "arguments", J.obj("message", "x"))));
    List<JsonNode> before = new ArrayList<>();
    io.responseTo(12, before);
    assertThat(before).isEmpty();
    io.send(Rpc.notification("notifications/cancelled", J.obj("requestId", 11)));
    io.send(modern(13, "tools/list", null));
    io.responseTo(13);
    io.closeInput();
    assertThat(io.awaitExit(Duration.ofSeconds(30))).isTrue();
    assertThat(io.unread()).as("a cancelled subscription gets no final response").isEmpty();
  }

  /**
   * The window behind a rare failure of the test above on a loaded machine: the listen's own thread has sent the
   * acknowledgement but not yet set its cancellation hook when the client cancels and stdin ends, so stopping the
   * transport reaches the stream first. The resource watcher (told of the stream's URI inside that window) holds
   * the thread there until stopping has ended the stream (the transport waits for its workers); the cancellation
   * must still win.
   */
  @Test
  void aListenCancelledBeforeItsHookIsSetGetsNoFinalResultWhenInputEnds() throws InterruptedException {
    CountDownLatch inWindow = new CountDownLatch(1);
    AtomicReference<Thread> runner = new AtomicReference<>();
    ResourceWatcher holding = new ResourceWatcher() {
      @Override
      public void watch(String uri) {
        inWindow.countDown();
        holdUntil(() -> waitsForWorkers(runner.get()));
      }

      @Override
      public void unwatch(String uri) {}
    };
    String uri = "test://watched";
    try (StdioHarness held = new StdioHarness(TestTools.server().resourceWatcher(holding)
        .resource(ServerResource.builder(uri, "w").mimeType("text/plain").text("v1").build()).build())) {
      runner.set(held.runner());
      held.send(modern(21, "subscriptions/listen", J.obj("notifications", J.obj("resourceSubscriptions", J.arr(uri)))));
      assertThat(held.next().path("method").asString()).isEqualTo("notifications/subscriptions/acknowledged");
      assertThat(inWindow.await(30, TimeUnit.SECONDS)).isTrue();
      held.send(Rpc.notification("notifications/cancelled", J.obj("requestId", 21)));
      held.closeInput();
      assertThat(held.awaitExit(Duration.ofSeconds(30))).isTrue();
      assertThat(held.unread()).as("a cancelled subscription gets no final response").isEmpty();
    }
  }

  /** Whether the stdio loop has stopped its subscriptions and now waits for its workers (end of input). */
  private static boolean waitsForWorkers(Thread runner) {
    return Arrays.stream(runner.getStackTrace()).anyMatch(f -> f.getMethodName().equals("awaitTermination"));
  }

  /** Waits (up to 30 s) for {@code condition}; the cancellation's interrupt does not end the wait, it is kept. */
  private static void holdUntil(BooleanSupplier condition) {
    boolean interrupted = false;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      interrupted |= Thread.interrupted();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
    if (interrupted || Thread.interrupted()) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void endOfInputEndsOpenSubscriptionsWithTheirResult() throws InterruptedException {
    io.send(modern("s", "subscriptions/listen", J.obj("notifications", J.obj("toolsListChanged", true))));
    assertThat(io.next().path("method").asString()).isEqualTo("notifications/subscriptions/acknowledged");
    io.closeInput();
    JsonNode end = io.responseTo("s");
    assertThat(end.path("result").path("resultType").asString()).isEqualTo("complete");
    assertThat(end.path("result").path("_meta").path(MetaKeys.SUBSCRIPTION_ID).asString()).isEqualTo("s");
    assertThat(io.awaitExit(Duration.ofSeconds(30))).isTrue();
  }
}
