package dev.mcpkit.cli.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.cli.it.InteropMatrix.Op;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.testing.NodePeers;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.MetaKeys;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.Tool;
import dev.mcpkit.core.testing.Repo;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code mcpkit gateway} (the jar) between external MCP implementations: upstreams server-everything over stdio and
 * over Streamable HTTP (2025-11-25), the TypeScript SDK v2 server pinned to 2026-07-28 (HTTP), the official Java SDK
 * 2.1.0 server ({@link JavaSdkStdioServer}, stdio, 2025-11-25) and mcpkit's demo server ({@code serve --stdio}, prefix
 * ""); downstream the official Inspector CLI 2.12.0 and the TypeScript SDK v2 client in
 * both eras, the official Java SDK 2.1.0 client (2025 only) and mcpkit's client in both eras. Each client lists the
 * tools, calls one tool of each upstream, reads one resource of each and gets one prompt of each through the gateway;
 * the matrix of what ran is printed and written to {@code target/interop/gateway-matrix.md}. Every process listens on
 * 127.0.0.1 and is stopped at the end.
 */
class GatewayInteropIT {

  /** One upstream and what each client does with it through the gateway (served names and what must come back). */
  record Probe(String row, String tool, Map<String, Object> arguments, String callText, String uri, String readText,
      String prompt, Map<String, String> promptArguments, String promptText) {}

  static final String INSPECTOR_LEGACY = "Inspector CLI (legacy, 2025)";
  static final String INSPECTOR_MODERN = "Inspector CLI (modern, 2026)";
  static final String TS_2025 = "TS SDK v2 client (2025)";
  static final String TS_2026 = "TS SDK v2 client (2026)";
  static final String JAVA_SDK = "Java SDK 2.1.0 client (2025)";
  static final String MCPKIT_2025 = "mcpkit client (2025)";
  static final String MCPKIT_2026 = "mcpkit client (2026)";

  static final String EVERYTHING_FEATURES = "demo://resource/static/document/features.md";
  static final List<Probe> PROBES = List.of(
      new Probe("server-everything, stdio (2025-11-25)", "evs__get-sum", Map.of("a", 2, "b", 3),
          "The sum of 2 and 3 is 5.", EVERYTHING_FEATURES, "# Everything Server - Features", "evs__args-prompt",
          Map.of("city", "Paris"), "What's weather in Paris?"),
      // both server-everything upstreams serve the same URIs: the second one's are served rewritten
      new Probe("server-everything, HTTP (2025-11-25)", "evh__echo", Map.of("message", "hi from the gateway"),
          "Echo: hi from the gateway", "mcpkit-gateway://evh/" + URLEncoder.encode(EVERYTHING_FEATURES, UTF_8),
          "# Everything Server - Features", "evh__args-prompt", Map.of("city", "Oslo"), "What's weather in Oslo?"),
      new Probe("TS SDK v2 server, HTTP (2026-07-28)", "ts__add", Map.of("a", 20, "b", 22), "\"text\":\"42\"",
          "peer://greeting", "hello (era modern)", "ts__greet", Map.of("name", "Ada"), "Say hello to Ada"),
      new Probe("Java SDK 2.1.0 server, stdio (2025-11-25)", "jsdk__multiply", Map.of("a", 6, "b", 7),
          "\"text\":\"product: 42\"", "java://greeting", "hello from the Java SDK", "jsdk__welcome",
          Map.of("name", "Ada"), "Welcome, Ada!"),
      new Probe("mcpkit demo, stdio (prefix \"\")", "add_numbers", Map.of("a", 1, "b", 2), "\"text\":\"3\"",
          "mcpkit://demo/about", "# mcpkit demo", "greet", Map.of("name", "Ada"),
          "Write a short, friendly greeting for Ada."));

  /**
   * The upstreams with tools for progress, cancellation and elicitation (server-everything's long-running operation
   * and elicitation request), by row and served prefix; the TS SDK v2 client and mcpkit's client try them.
   */
  record Extra(String row, String prefix) {}

  static final List<Extra> EXTRAS = List.of(new Extra(PROBES.get(0).row(), "evs"), new Extra(PROBES.get(1).row(), "evh"));
  static final String LONG_RUNNING = "__trigger-long-running-operation";
  static final String ELICITATION = "__trigger-elicitation-request";
  static final Map<String, Object> QUICK = Map.of("duration", 1, "steps", 2);
  static final Map<String, Object> SLOW = Map.of("duration", 10, "steps", 10); // cancelled after its first step

  static final InteropMatrix MATRIX = new InteropMatrix(PROBES.stream().map(Probe::row).toList(),
      List.of(INSPECTOR_LEGACY, INSPECTOR_MODERN, TS_2025, TS_2026, JAVA_SDK, MCPKIT_2025, MCPKIT_2026));

  @TempDir static Path dir;
  static NodePeers.HttpPeer everythingHttp;
  static NodePeers.HttpPeer tsModern;
  static McpkitProcess gateway;
  static Path inspectorHome;

  @BeforeAll
  static void start() throws Exception {
    everythingHttp = everythingHttp();
    tsModern = NodePeers.tsHttp("modern");
    ObjectNode config = Json.object();
    ObjectNode servers = config.putObject("mcpServers");
    ObjectNode evs = servers.putObject("evs").put("command", NodePeers.node().toString());
    evs.putArray("args").add(NodePeers.everything().toString()).add("stdio");
    servers.putObject("evh").put("url", everythingHttp.endpoint().toString()).put("type", "http");
    servers.putObject("ts").put("url", tsModern.endpoint().toString()).put("type", "http");
    ObjectNode jsdk = servers.putObject("jsdk").put("command", McpkitProcess.java());
    List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
        JavaSdkStdioServer.class.getName()).forEach(jsdk.putArray("args")::add);
    ObjectNode demo = servers.putObject("demo").put("command", McpkitProcess.java());
    List.of("-jar", McpkitProcess.jar().toString(), "serve", "--stdio").forEach(demo.putArray("args")::add);
    config.putObject("gateway").putObject("servers").putObject("demo").put("prefix", "");
    Path file = dir.resolve("gateway.json");
    Files.writeString(file, Json.write(config));
    gateway = McpkitProcess.startHttp("gateway", "--config", file.toString(), "--port", "0");
    assertThat(gateway.output()).contains("mcpkit gateway: 5 upstream(s)").contains("jsdk  stdio 2025-11-25")
        .contains("evs  stdio 2025-11-25")
        .contains("evh  streamable-http 2025-11-25").contains("ts  streamable-http 2026-07-28")
        .containsPattern("demo  stdio 20\\d\\d-\\d\\d-\\d\\d");
    inspectorHome = Files.createDirectories(dir.resolve("inspector-home"));
  }

  /**
   * server-everything over Streamable HTTP as {@link NodePeers#everythingHttp()} starts it (forced onto loopback),
   * with idle keep-alive connections kept (keepalive.cjs says why).
   */
  static NodePeers.HttpPeer everythingHttp() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(NodePeers.node().toString(), NodePeers.everything().toString(),
        "streamableHttp").directory(NodePeers.dir().toFile()).redirectErrorStream(true);
    pb.environment().put("PORT", "0");
    // report-port before keepalive: keepalive's listen (on http.Server) calls the net.Server listen it found loaded
    pb.environment().put("NODE_OPTIONS", "--require " + NodePeers.dir().resolve("loopback.cjs") + " --require "
        + NodePeers.reportPort() + " --require "
        + Repo.root().resolve("mcpkit-cli/src/test/resources/interop/keepalive.cjs"));
    Path log = Repo.root().resolve("mcpkit-cli/target/interop/server-everything-http.log");
    Files.createDirectories(log.getParent());
    Process p = pb.redirectOutput(log.toFile()).start();
    for (int i = 0; i < 300; i++) {
      java.util.Optional<String> port = Files.readAllLines(log).stream().map(NodePeers.READY::matcher)
          .filter(java.util.regex.Matcher::matches).map(m -> m.group(1)).findFirst();
      if (port.isPresent()) {
        return new NodePeers.HttpPeer(p, URI.create("http://127.0.0.1:" + port.get() + "/mcp"));
      }
      if (!p.isAlive()) {
        throw new IllegalStateException("server-everything exited: " + Files.readString(log));
      }
      Thread.sleep(100);
    }
    p.destroyForcibly();
    throw new IllegalStateException("server-everything did not listen within 30 s: " + Files.readString(log));
  }

  @AfterAll
  static void stop() throws Exception {
    if (gateway != null) {
      Files.writeString(Repo.root().resolve("mcpkit-cli/target/interop/gateway.log"), gateway.output());
    }
    String table = MATRIX.render();
    System.out.println("Gateway interop matrix (list call read prompt, and progress cancel elicit where an upstream"
        + " has tools for them, through mcpkit gateway):\n" + table);
    Path out = Repo.root().resolve("mcpkit-cli/target/interop/gateway-matrix.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, table);
    if (gateway != null) {
      gateway.close();
    }
    if (tsModern != null) {
      tsModern.close();
    }
    if (everythingHttp != null) {
      everythingHttp.close();
    }
  }

  static String url() {
    return gateway.endpoint().toString();
  }

  /** Every served tool of the four upstreams is listed; the list itself is marked in every row. */
  static void recordList(String column, List<String> names) {
    for (Probe p : PROBES) {
      MATRIX.record(p.row(), column, Op.LIST, names.contains(p.tool()) ? null : p.tool() + " not in " + names);
    }
  }

  // ---- Inspector CLI: one process per operation ----

  static String inspect(String name, List<String> args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--cli", url(), "--format", "json"));
    all.addAll(args);
    Path log = Repo.root().resolve("mcpkit-cli/target/interop/inspector-" + name + ".log");
    NodeTool.Run run = NodeTool.run(NodeTool.inspector(), all, log, Map.of("HOME", inspectorHome.toString()), 120);
    String out = run.output().strip();
    if (run.exitCode() != 0 || out.indexOf('{') < 0) {
      throw new IllegalStateException("exit " + run.exitCode() + ": " + out);
    }
    JsonNode json = Json.parse(out.substring(out.indexOf('{')));
    if (!json.has("result")) {
      throw new IllegalStateException(out);
    }
    return Json.write(json.get("result"));
  }

  void inspector(String column, String era) throws Exception {
    List<String> pin = List.of("--protocol-era", era);
    List<String> listArgs = new ArrayList<>(pin);
    listArgs.addAll(List.of("--method", "tools/list"));
    JsonNode listed = Json.parse(inspect(era + "-list", listArgs));
    List<String> names = new ArrayList<>();
    listed.path("tools").forEach(t -> names.add(t.path("name").asString()));
    recordList(column, names);
    Map<String, String> calls = new HashMap<>();
    for (Probe p : PROBES) {
      String tag = era + "-" + p.tool();
      MATRIX.check(p.row(), column, Op.CALL, p.callText(), () -> {
        String result = inspect(tag + "-call", concat(pin, "--method", "tools/call", "--tool-name", p.tool(),
            "--tool-args-json", Json.write(Json.tree(p.arguments()))));
        calls.put(p.tool(), result);
        return result;
      });
      MATRIX.check(p.row(), column, Op.READ, p.readText(),
          () -> inspect(tag + "-read", concat(pin, "--method", "resources/read", "--uri", p.uri())));
      List<String> promptArgs = new ArrayList<>(List.of("--method", "prompts/get", "--prompt-name", p.prompt()));
      p.promptArguments().forEach((k, v) -> promptArgs.addAll(List.of("--prompt-args", k + "=" + v)));
      MATRIX.check(p.row(), column, Op.PROMPT, p.promptText(),
          () -> inspect(tag + "-prompt", concat(pin, promptArgs.toArray(String[]::new))));
    }
    // the era really used: a 2026-07-28 result names the server in _meta, a 2025 one (of a 2025 upstream) does not
    String first = calls.getOrDefault(PROBES.getFirst().tool(), "");
    assertThat(first.contains("\"io.modelcontextprotocol/serverInfo\"")).as("the Inspector's era: " + era + " " + first)
        .isEqualTo(era.equals("modern"));
  }

  static List<String> concat(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all;
  }

  @Test
  void inspectorCliLegacy() throws Exception {
    inspector(INSPECTOR_LEGACY, "legacy");
    assertThat(MATRIX.failures(INSPECTOR_LEGACY)).isEmpty();
  }

  @Test
  void inspectorCliModern() throws Exception {
    inspector(INSPECTOR_MODERN, "modern");
    assertThat(MATRIX.failures(INSPECTOR_MODERN)).isEmpty();
  }

  // ---- TypeScript SDK v2 client: one process per era, every operation in it ----

  void tsClient(String column, String era, String version) throws Exception {
    ArrayNode ops = Json.array();
    ops.addObject().put("op", "list");
    for (Probe p : PROBES) {
      ops.addObject().put("op", "call").put("name", p.tool()).set("arguments", Json.tree(p.arguments()));
      ops.addObject().put("op", "read").put("uri", p.uri());
      ops.addObject().put("op", "prompt").put("name", p.prompt()).set("arguments", Json.tree(p.promptArguments()));
    }
    for (Extra x : EXTRAS) {
      ops.addObject().put("op", "progress").put("name", x.prefix() + LONG_RUNNING).set("arguments", Json.tree(QUICK));
      ops.addObject().put("op", "cancel").put("name", x.prefix() + LONG_RUNNING).set("arguments", Json.tree(SLOW));
      ops.addObject().put("op", "elicit").put("name", x.prefix() + ELICITATION);
    }
    Path script = Repo.root().resolve("mcpkit-cli/src/test/resources/interop/ts-client.mjs");
    Path clientPackage = Repo.tool("inspector/node_modules/@modelcontextprotocol/client");
    Path log = Repo.root().resolve("mcpkit-cli/target/interop/ts-client-" + era + ".log");
    Map<String, Long> cancelledBefore = new HashMap<>();
    EXTRAS.forEach(x -> cancelledBefore.put(x.prefix(), cancelledCalls(x)));
    NodeTool.Run run = NodeTool.run(script, List.of(clientPackage.toString(), era, url(), Json.write(ops)), log,
        Map.of(), 120);
    assertThat(run.exitCode()).as("TS client output:\n" + run.output()).isZero();
    Map<Integer, JsonNode> lines = new HashMap<>();
    run.output().lines().filter(l -> l.startsWith("{\"i\":")).map(Json::parse)
        .forEach(n -> lines.put(n.path("i").asInt(), n));
    assertThat(lines.get(-1).path("result").path("version").asString()).as(run.output()).isEqualTo(version);
    List<String> names = new ArrayList<>();
    lines.get(0).path("result").forEach(n -> names.add(n.asString()));
    recordList(column, names);
    int i = 1;
    for (Probe p : PROBES) {
      for (Op op : List.of(Op.CALL, Op.READ, Op.PROMPT)) {
        JsonNode line = lines.get(i++);
        String expected = op == Op.CALL ? p.callText() : op == Op.READ ? p.readText() : p.promptText();
        MATRIX.check(p.row(), column, op, expected, () -> {
          if (line == null || !line.path("ok").asBoolean()) {
            throw new IllegalStateException(line == null ? "no answer" : line.path("error").asString());
          }
          return Json.write(line.get("result"));
        });
      }
    }
    for (Extra x : EXTRAS) {
      JsonNode progress = lines.get(i++);
      MATRIX.check(x.row(), column, Op.PROGRESS, "Long running operation completed", () -> {
        if (ok(progress).path("progress").isEmpty()) {
          throw new IllegalStateException("no progress notification: " + progress);
        }
        return Json.write(progress.path("result").path("result"));
      });
      JsonNode cancel = lines.get(i++);
      MATRIX.check(x.row(), column, Op.CANCEL, "upstream cancelled", () -> {
        if (!ok(cancel).path("cancelled").asBoolean()) {
          throw new IllegalStateException("not cancelled: " + cancel);
        }
        return awaitCancelled(x, cancelledBefore.get(x.prefix()), Json.write(cancel.get("result")));
      });
      JsonNode elicit = lines.get(i++);
      MATRIX.check(x.row(), column, Op.ELICIT, "- Name: Ada", () -> Json.write(ok(elicit)));
    }
    // every result names the server that answered this client: the gateway in 2026, none in 2025, never an upstream
    boolean modern = version.equals(ProtocolVersion.V2026_07_28.id());
    List<String> named = new ArrayList<>();
    lines.forEach((n, line) -> {
      if (line.path("result").has("cancelled")) {
        return; // a cancelled call has no result
      }
      JsonNode result = line.path("result").has("progress") ? line.path("result").path("result") : line.path("result");
      JsonNode info = result.path("_meta").path(MetaKeys.SERVER_INFO);
      if (n >= 1 && line.path("ok").asBoolean() && (modern ? !info.path("name").asString("").equals("mcpkit-gateway")
          : !info.isMissingNode())) {
        named.add(n + ": " + info);
      }
    });
    assertThat(named).as("results whose _meta names another server than the gateway").isEmpty();
  }

  static JsonNode ok(JsonNode line) {
    if (line == null || !line.path("ok").asBoolean()) {
      throw new IllegalStateException(line == null ? "no answer" : line.path("error").asString());
    }
    return line.get("result");
  }

  /**
   * Runs a downstream cancellation of {@code x}'s long-running call and waits (bounded) for the gateway's call log to
   * show that upstream's call ended as {@code cancelled}: the cancellation reached the upstream request.
   */
  static String cancelledUpstream(Extra x, java.util.concurrent.Callable<String> cancel) throws Exception {
    long before = cancelledCalls(x);
    return awaitCancelled(x, before, cancel.call());
  }

  /** Waits (bounded) until the gateway logged more cancelled calls to {@code x} than {@code before}. */
  static String awaitCancelled(Extra x, long before, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (cancelledCalls(x) <= before) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the gateway did not log the call to " + x.prefix() + " as cancelled: " + what);
      }
      Thread.sleep(100);
    }
    return what + " (upstream cancelled)";
  }

  static long cancelledCalls(Extra x) {
    return gateway.output().lines().filter(l -> l.contains("\"upstream\":\"" + x.prefix() + "\"")
        && l.contains("\"outcome\":\"cancelled\"")).count();
  }

  @Test
  void typescriptClient2025() throws Exception {
    tsClient(TS_2025, "legacy", ProtocolVersion.V2025_11_25.id());
    assertThat(MATRIX.failures(TS_2025)).isEmpty();
  }

  @Test
  void typescriptClient2026() throws Exception {
    tsClient(TS_2026, ProtocolVersion.V2026_07_28.id(), ProtocolVersion.V2026_07_28.id());
    assertThat(MATRIX.failures(TS_2026)).isEmpty();
  }

  // ---- the official Java SDK client (test dependency of this module; 2025 era only) ----

  @Test
  void javaSdkClient() throws Exception {
    URI endpoint = gateway.endpoint();
    McpJsonMapper json = McpJsonDefaults.getMapper();
    var transport = HttpClientStreamableHttpTransport.builder(endpoint.getScheme() + "://" + endpoint.getAuthority())
        .endpoint(endpoint.getPath()).build();
    try (var client = io.modelcontextprotocol.client.McpClient.sync(transport)
        .clientInfo(new McpSchema.Implementation("java-sdk-peer", "1.0.0")).requestTimeout(Duration.ofSeconds(30))
        .build()) {
      assertThat(client.initialize().protocolVersion()).isEqualTo(ProtocolVersion.V2025_11_25.id());
      List<String> names = new ArrayList<>();
      String cursor = null;
      for (int page = 0; page < 20; page++) {
        McpSchema.ListToolsResult r = client.listTools(cursor);
        r.tools().forEach(t -> names.add(t.name()));
        cursor = r.nextCursor();
        if (cursor == null) {
          break;
        }
      }
      recordList(JAVA_SDK, names);
      for (Probe p : PROBES) {
        MATRIX.check(p.row(), JAVA_SDK, Op.CALL, p.callText(), () -> json.writeValueAsString(
            client.callTool(new McpSchema.CallToolRequest(p.tool(), p.arguments()))));
        MATRIX.check(p.row(), JAVA_SDK, Op.READ, p.readText(), () -> json.writeValueAsString(
            client.readResource(new McpSchema.ReadResourceRequest(p.uri()))));
        MATRIX.check(p.row(), JAVA_SDK, Op.PROMPT, p.promptText(), () -> json.writeValueAsString(
            client.getPrompt(new McpSchema.GetPromptRequest(p.prompt(), Map.copyOf(p.promptArguments())))));
      }
    }
    assertThat(MATRIX.failures(JAVA_SDK)).isEmpty();
  }

  // ---- mcpkit's own client, both eras ----

  void mcpkitClient(String column, ProtocolVersion version) {
    try (McpClient c = McpClient.builder().url(url()).protocolVersion(version)
        .requestTimeout(Duration.ofSeconds(30)).connect()) {
      assertThat(c.protocolVersion()).isEqualTo(version);
      recordList(column, c.listAllTools().stream().map(Tool::name).toList());
      for (Probe p : PROBES) {
        MATRIX.check(p.row(), column, Op.CALL, p.callText(), () -> Json.write(c.callTool(p.tool(), p.arguments())));
        MATRIX.check(p.row(), column, Op.READ, p.readText(), () -> Json.write(c.readResource(p.uri())));
        MATRIX.check(p.row(), column, Op.PROMPT, p.promptText(),
            () -> Json.write(c.getPrompt(p.prompt(), p.promptArguments())));
      }
    }
  }

  /** Progress, cancellation and elicitation with server-everything's tools, each within 20 s. */
  void mcpkitExtras(String column, ProtocolVersion version) {
    dev.mcpkit.client.ClientHandlers handlers = dev.mcpkit.client.ClientHandlers.none().withElicitation(
        p -> new dev.mcpkit.core.schema.ElicitResult("accept", Json.object().put("name", "Ada"), null));
    try (McpClient c = McpClient.builder().url(url()).protocolVersion(version).handlers(handlers)
        .requestTimeout(Duration.ofSeconds(20)).connect()) {
      for (Extra x : EXTRAS) {
        MATRIX.check(x.row(), column, Op.PROGRESS, "Long running operation completed", () -> {
          List<Double> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
          String r = Json.write(c.callTool(x.prefix() + LONG_RUNNING, (ObjectNode) Json.tree(QUICK),
              dev.mcpkit.client.RequestOptions.defaults().withProgress(p -> seen.add(p.progress()))));
          if (seen.isEmpty()) {
            throw new IllegalStateException("no progress notification: " + r);
          }
          return r;
        });
        MATRIX.check(x.row(), column, Op.CANCEL, "upstream cancelled", () -> cancelledUpstream(x, () -> {
          java.util.concurrent.CountDownLatch first = new java.util.concurrent.CountDownLatch(1);
          var call = c.callToolAsync(x.prefix() + LONG_RUNNING, (ObjectNode) Json.tree(SLOW),
              dev.mcpkit.client.RequestOptions.defaults().withProgress(p -> first.countDown()));
          if (!first.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("no progress within 10 s");
          }
          return call.cancel(true) ? "cancelled" : "not cancelled";
        }));
        MATRIX.check(x.row(), column, Op.ELICIT, "- Name: Ada",
            () -> Json.write(c.callTool(x.prefix() + ELICITATION, Map.of())));
      }
    }
  }

  @Test
  void mcpkitClient2025() {
    mcpkitClient(MCPKIT_2025, ProtocolVersion.V2025_11_25);
    mcpkitExtras(MCPKIT_2025, ProtocolVersion.V2025_11_25);
    assertThat(MATRIX.failures(MCPKIT_2025)).isEmpty();
  }

  @Test
  void mcpkitClient2026() {
    mcpkitClient(MCPKIT_2026, ProtocolVersion.V2026_07_28);
    mcpkitExtras(MCPKIT_2026, ProtocolVersion.V2026_07_28);
    assertThat(MATRIX.failures(MCPKIT_2026)).isEmpty();
  }
}
