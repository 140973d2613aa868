package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.RawHttp;
import dev.mcpkit.server.testing.Rpc;
import dev.mcpkit.server.testing.Session;
import dev.mcpkit.server.testing.TestTools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Long-lived streams hold no thread (memory per open stream): a 2026 {@code
 * subscriptions/listen} stream, a 2025 GET stream and a legacy {@code /sse} stream stay open after
 * their handler returned, kept by the stream registry and their session, not by a parked virtual
 * thread. Threads are counted in a JSON thread dump ({@link HotSpotDiagnosticMXBean#dumpThreads}
 * lists virtual threads; {@code Thread.getAllStackTraces} does not). Held streams still deliver,
 * end when the client goes away (slot and subscription given back), and end cleanly on close.
 */
class HeldStreamsTest {

  private static final int N = 20;
  private HttpFixture f;
  private final List<RawHttp> sockets = new ArrayList<>();
  private int added;

  @BeforeEach
  void start() {
    f = HttpFixture.start(TestTools.server().build(), b -> b.options(HttpFixture.options(o -> o
        .heartbeat(Duration.ofMinutes(10)) // no keep-alive write finds a closed client: the watch must
        .maxStreamsPerClient(1000))));
  }

  @AfterEach
  void stop() {
    sockets.forEach(RawHttp::close);
    f.close();
  }

  /** One stream, open on its own connection, read line by line (for /sse, kind is its message endpoint). */
  private record Open(RawHttp http, InputStream body, String kind) {}

  @Test
  void openStreamsParkNoThreadAndStillDeliver() throws Exception {
    List<Session> sessions = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      sessions.add(f.client.initialize("2025-11-25"));
    }
    closeAll(List.of(listen(-1), get(sessions.getFirst()), sse())); // first use: classes, the watch sweeper
    await().atMost(Duration.ofSeconds(20)).until(() -> f.http.streamCount() == 0);
    int changeListeners = f.server.changes().size();
    int before = threads().size();

    List<Open> open = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      open.add(listen(i));
      open.add(get(sessions.get(i)));
      open.add(sse());
    }
    assertThat(f.http.streamCount()).isEqualTo(3 * N);
    // Each handler thread returns once its stream is set up; on the parked design each stays.
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      List<String> names = threads();
      assertThat(names).as("handler threads alive with %d streams open", 3 * N)
          .filteredOn(n -> n.equals("mcp-http") || n.equals("mcp-sse")).isEmpty();
      assertThat(names.size() - before).as("threads added by %d open streams: %s", 3 * N, names)
          .isLessThan(N);
    });

    // Held streams deliver: a list change reaches every listen and GET stream, a legacy answer its stream.
    f.server.addTool(ServerTool.builder("added-" + (++added)).handler(c -> ToolResults.text("x")).build());
    for (Open o : open) {
      switch (o.kind()) {
        case "listen", "get" -> assertThat(line(o, "notifications/tools/list_changed")).as(o.kind()).isNotNull();
        default -> {
          String endpoint = o.kind();
          HttpTestClient.Reply accepted = f.client.request("POST", endpoint).header("Content-Type", "application/json")
              .body(Rpc.request(7, "initialize", J.obj("protocolVersion", "2024-11-05", "capabilities", J.obj(),
                  "clientInfo", J.obj("name", "t", "version", "1")))).send();
          assertThat(accepted.status()).isEqualTo(202);
          JsonNode answer = Json.parse(line(o, "\"id\":7").substring("data: ".length()));
          assertThat(answer.path("result").path("protocolVersion").asString()).isEqualTo("2024-11-05");
        }
      }
    }

    // A client that goes away ends its stream (no keep-alive is due: the disconnect watch sees it).
    closeAll(open);
    await().atMost(Duration.ofSeconds(20)).until(() -> f.http.streamCount() == 0);
    await().atMost(Duration.ofSeconds(20)).until(() -> f.server.changes().size() == changeListeners);
    assertThat(f.client.call(1, "echo", J.obj("message", "still serving")).send().status()).isEqualTo(200);
  }

  @Test
  void closingTheServerEndsEveryHeldStreamCleanly() throws Exception {
    Session s = f.client.initialize("2025-11-25");
    Open listen = listen("sub");
    Open get = get(s);
    Open sse = sse();
    f.http.close();
    String last = line(listen, "\"id\":\"sub\"");
    assertThat(last).contains("\"resultType\":\"complete\""); // the final result of a listen stream
    for (Open o : List.of(listen, get, sse)) {
      String rest = new String(o.body().readAllBytes(), StandardCharsets.UTF_8); // up to the connection's close
      assertThat(rest).as("%s ends with the terminal chunk, not cut off", o.kind()).endsWith("0\r\n\r\n");
    }
    assertThat(f.http.streamCount()).isZero();
  }

  private Open listen(Object id) throws IOException {
    RawHttp http = connect();
    Map<String, String> h = new LinkedHashMap<>();
    h.put("MCP-Protocol-Version", HttpTestClient.MODERN);
    h.put("Mcp-Method", "subscriptions/listen");
    http.postJson("/mcp", h, Json.write(Rpc.request(id, "subscriptions/listen",
        J.obj("notifications", J.obj("toolsListChanged", true), "_meta", HttpTestClient.meta(J.obj())))));
    Open o = opened(http, "listen");
    assertThat(line(o, "notifications/subscriptions/acknowledged")).isNotNull();
    return o;
  }

  private Open get(Session s) throws IOException {
    RawHttp http = connect();
    http.send("GET", "/mcp", Map.of("Accept", "text/event-stream", "Mcp-Session-Id", s.id(),
        "MCP-Protocol-Version", s.version()), null);
    Open o = opened(http, "get");
    assertThat(line(o, "id: 0-0")).as("priming event").isNotNull();
    return o;
  }

  private Open sse() throws IOException {
    RawHttp http = connect();
    http.send("GET", "/sse", Map.of("Accept", "text/event-stream"), null);
    Open o = opened(http, "sse");
    String endpoint = line(o, "data: /messages?sessionId=").substring("data: ".length());
    return new Open(http, o.body(), endpoint);
  }

  private RawHttp connect() {
    RawHttp http = RawHttp.connect(f.port());
    sockets.add(http);
    return http;
  }

  private static Open opened(RawHttp http, String kind) throws IOException {
    RawHttp.Response head = http.readHead();
    assertThat(head.status()).as(kind).isEqualTo(200);
    assertThat(head.header("Content-Type")).as(kind).startsWith("text/event-stream");
    // The raw connection, chunk framing included: each event is one chunk, so a line is never split,
    // and the end of the response shows whether it ended (a terminal chunk) or was cut off.
    return new Open(http, http.body(new RawHttp.Response(200, Map.of(), null)), kind);
  }

  /** Reads the stream up to the first line that contains {@code text}; null when it ends first. */
  private static String line(Open o, String text) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = o.body().read()) >= 0) {
      if (c != '\n') {
        b.write(c);
        continue;
      }
      String l = b.toString(StandardCharsets.UTF_8);
      if (l.contains(text)) {
        return l;
      }
      b.reset();
    }
    return null;
  }

  private static void closeAll(List<Open> streams) {
    streams.forEach(o -> o.http().close());
  }

  /** The names of all live threads, virtual ones included, from a JSON thread dump. */
  private static List<String> threads() throws IOException {
    Path dir = Files.createTempDirectory("threads");
    Path file = dir.resolve("dump.json");
    try {
      ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
          .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
      List<String> names = new ArrayList<>();
      for (JsonNode container : Json.parse(Files.readString(file)).path("threadDump").path("threadContainers")) {
        for (JsonNode t : container.path("threads")) {
          names.add(t.path("name").asString(""));
        }
      }
      return names;
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }
}
