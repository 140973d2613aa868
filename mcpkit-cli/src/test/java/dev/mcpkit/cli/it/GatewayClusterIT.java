package dev.mcpkit.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.MetaKeys;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.ElicitRequestFormParams;
import dev.mcpkit.core.schema.ElicitResult;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import dev.mcpkit.store.RedisServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code mcpkit gateway --store redis://…} in cluster mode: two gateway processes of the packaged jar on
 * one real {@code redis-server}, both in front of one 2025-era HTTP upstream, each request sent to the instance the
 * test chooses. A 2025 caller session initialized on A is served on B; a list change raised through A (its
 * configuration reloaded) reaches a GET stream held by B; a 2026 retry of a call A holds for input, sent to B, gets a
 * clear error (the held upstream call lives on A) and starts no upstream call on B; {@code /readyz} follows Redis.
 */
class GatewayClusterIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String MODERN = ProtocolVersion.V2026_07_28.id();
  /** How many times the upstream's {@code ask} started. */
  private static final java.util.concurrent.atomic.AtomicInteger ASKED = new java.util.concurrent.atomic.AtomicInteger();

  @TempDir static Path dir;
  static RedisServer redis;
  static McpHttpServer upstream;
  static McpkitProcess a;
  static McpkitProcess b;
  static Path configA;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisServer.throwaway();
    McpServer server = McpServer.builder().name("old").version("1")
        .versions(Set.of(ProtocolVersion.V2025_11_25, ProtocolVersion.V2025_06_18))
        .tool(ServerTool.of("echo", "Echoes its text", call -> ToolResults.text("echo " + call.arguments()
            .path("text").asString(""))))
        .tool(ServerTool.of("ask", "Asks the user's name", call -> {
          ASKED.incrementAndGet();
          ElicitResult r = call.elicit(ElicitRequestFormParams.of("Your name?", (ObjectNode) Json.parse(
              "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}")));
          return ToolResults.text("hello " + r.content().path("name").asString());
        }))
        .build();
    upstream = McpHttpServer.builder(server).port(0).build().start();
    configA = dir.resolve("a.json");
    Files.writeString(configA, config(false));
    Path configB = Files.writeString(dir.resolve("b.json"), config(false));
    a = McpkitProcess.startHttp("gateway", "--config", configA.toString(), "--port", "0",
        "--store", redis.uri().toString(), "--instance-name", "gw-a");
    b = McpkitProcess.startHttp("gateway", "--config", configB.toString(), "--port", "0",
        "--store", redis.uri().toString(), "--instance-name", "gw-b");
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {a, b, upstream, redis}) {
      if (c != null) {
        c.close();
      }
    }
  }

  /** The upstream once, or (after A's reload) once more under a second name. */
  private static String config(boolean twice) {
    ObjectNode config = Json.object();
    ObjectNode servers = config.putObject("mcpServers");
    servers.putObject("old").put("url", upstream.endpoint().toString()).put("type", "http");
    if (twice) {
      servers.putObject("again").put("url", upstream.endpoint().toString()).put("type", "http");
    }
    return Json.write(config);
  }

  @Test
  void aSessionInitializedOnAContinuesOnBAndReadinessNamesRedis() throws Exception {
    assertThat(a.output()).contains("and Redis answers");
    String session = initialize(a);
    JsonNode list = post(b, session, rpc(2, "tools/list", Json.object()));
    assertThat(list.path("result").path("tools").findValues("name")).as(list.toString())
        .extracting(JsonNode::asString).contains("old__echo", "old__ask");
    JsonNode call = post(b, session, rpc(3, "tools/call", Json.object().put("name", "old__echo")
        .set("arguments", Json.object().put("text", "hi"))));
    assertThat(call.path("result").path("content").get(0).path("text").asString()).as(call.toString())
        .isEqualTo("echo hi");
    HttpResponse<String> ready = readyz(b);
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
  }

  @Test
  void aListChangeRaisedThroughAReachesAGetStreamOnB() throws Exception {
    // a session A never served: only the cluster's change stream can carry A's change to it (a session A knows
    // gets it through its own event log too)
    String session = initialize(b);
    HttpResponse<InputStream> get = HTTP.send(HttpRequest.newBuilder(b.endpoint())
        .header("Accept", "text/event-stream").header("Mcp-Session-Id", session)
        .header("MCP-Protocol-Version", ProtocolVersion.V2025_11_25.id()).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(get.statusCode()).isEqualTo(200);
    try (SseLines events = new SseLines(get)) {
      Files.writeString(configA, config(true)); // A alone reloads: B's upstreams do not change
      assertThat(events.lineContaining("notifications/tools/list_changed", Duration.ofSeconds(30)))
          .as("B's GET stream gets the change A raised").isNotNull();
    } finally {
      Files.writeString(configA, config(false));
    }
  }

  @Test
  void aHeldCallRetriedOnTheOtherInstanceIsAClearError() throws Exception {
    ObjectNode caps = Json.object();
    caps.putObject("elicitation");
    int asked = ASKED.get();
    JsonNode first = post(a, null, modern(1, Json.object().put("name", "old__ask"), caps));
    JsonNode result = first.path("result");
    assertThat(result.path("resultType").asString()).as(first.toString()).isEqualTo("input_required");
    String key = result.path("inputRequests").propertyNames().iterator().next();
    assertThat(key).startsWith("gw.");
    ObjectNode retry = Json.object().put("name", "old__ask").put("requestState", result.path("requestState")
        .asString());
    retry.putObject("inputResponses").putObject(key).put("action", "accept").putObject("content")
        .put("name", "Ada");
    JsonNode answer = post(b, null, modern(2, retry, caps));
    assertThat(answer.path("error").path("code").asInt()).as(answer.toString()).isEqualTo(-32602);
    assertThat(answer.path("error").path("message").asString())
        .contains("lives on another gateway instance").contains("retry from the start");
    assertThat(ASKED.get()).as("no second upstream call on B").isEqualTo(asked + 1);
    // the same retry on A, which holds the call, completes it
    JsonNode done = post(a, null, modern(3, retry, caps));
    assertThat(done.path("result").path("content").get(0).path("text").asString()).as(done.toString())
        .isEqualTo("hello Ada");
    assertThat(ASKED.get()).as("the held call continued: no new upstream call").isEqualTo(asked + 1);
  }

  @Test
  void readinessFollowsRedis() throws Exception {
    RedisServer own = RedisServer.throwaway();
    try (McpkitProcess c = McpkitProcess.startHttp("gateway", "--config", configA.toString(), "--port", "0",
        "--store", own.uri().toString())) {
      assertThat(readyz(c).statusCode()).isEqualTo(200);
      own.close();
      HttpResponse<String> down = readyz(c);
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body()).contains("redis");
    } finally {
      own.close();
    }
  }

  private static HttpResponse<String> readyz(McpkitProcess gw) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(gw.endpoint().resolve("/readyz")).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String initialize(McpkitProcess gw) throws Exception {
    ObjectNode params = Json.object().put("protocolVersion", ProtocolVersion.V2025_11_25.id());
    params.putObject("capabilities");
    params.putObject("clientInfo").put("name", "cluster-test").put("version", "1");
    HttpResponse<String> r = HTTP.send(request(gw, null, null, rpc(1, "initialize", params)),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String session = r.headers().firstValue("Mcp-Session-Id").orElseThrow();
    ObjectNode initialized = Json.object().put("jsonrpc", "2.0").put("method", "notifications/initialized");
    HttpResponse<String> n = HTTP.send(request(gw, session, ProtocolVersion.V2025_11_25.id(), initialized),
        HttpResponse.BodyHandlers.ofString());
    assertThat(n.statusCode()).isEqualTo(202);
    return session;
  }

  private static ObjectNode rpc(int id, String method, ObjectNode params) {
    ObjectNode m = Json.object().put("jsonrpc", "2.0").put("id", id).put("method", method);
    m.set("params", params);
    return m;
  }

  /** A 2026-07-28 {@code tools/call} with the client's capabilities in {@code _meta}. */
  private static ObjectNode modern(int id, ObjectNode params, ObjectNode capabilities) {
    ObjectNode meta = params.putObject("_meta").put(MetaKeys.PROTOCOL_VERSION, MODERN);
    meta.putObject(MetaKeys.CLIENT_INFO).put("name", "cluster-test").put("version", "1");
    meta.set(MetaKeys.CLIENT_CAPABILITIES, capabilities);
    return rpc(id, "tools/call", params);
  }

  private static HttpRequest request(McpkitProcess gw, String session, String version, ObjectNode body) {
    HttpRequest.Builder r = HttpRequest.newBuilder(gw.endpoint()).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
    if (session != null) {
      r.header("Mcp-Session-Id", session);
    }
    if (version != null) {
      r.header("MCP-Protocol-Version", version);
    }
    if (body.path("params").has("_meta")) { // 2026-07-28: the version, method and name in headers too
      r.header("MCP-Protocol-Version", MODERN).header("Mcp-Method", body.path("method").asString())
          .header("Mcp-Name", body.path("params").path("name").asString());
    }
    return r.build();
  }

  /** Posts {@code body} to {@code gw} and returns the answer to it (from JSON, or the last SSE message with an id). */
  private static JsonNode post(McpkitProcess gw, String session, ObjectNode body) throws Exception {
    HttpResponse<String> r = HTTP.send(request(gw, session, session == null ? null
        : ProtocolVersion.V2025_11_25.id(), body), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isIn(200, 400); // a 2026 error may come with 400
    if (!r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
      return Json.parse(r.body());
    }
    JsonNode answer = null;
    for (String line : r.body().split("\n")) {
      if (line.startsWith("data:")) {
        JsonNode m = Json.parse(line.substring(5).strip());
        if (m.has("id") && (m.has("result") || m.has("error"))) {
          answer = m;
        }
      }
    }
    assertThat(answer).as(r.body()).isNotNull();
    return answer;
  }
}
