package dev.mcpkit.inspector.web.internal;

import dev.mcpkit.client.config.ServerSpec;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.inspector.CallCollection;
import dev.mcpkit.inspector.ConnectionDoctor;
import dev.mcpkit.inspector.Snapshot;
import dev.mcpkit.inspector.SurfaceDiff;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The page's work on top of the connection, with mcpkit-inspector's own APIs: the history of every call (replayed,
 * or saved as a collection {@code mcpkit test} runs, header values as environment references), the surface snapshot
 * and its diff against another ({@link Snapshot}, {@link SurfaceDiff}), and the connection doctor for the current
 * target ({@link ConnectionDoctor}), and mcpkit-guard's findings for the connected server.
 */
final class Workbench {

  /** Calls kept in the history (the oldest go first). */
  static final int MAX_HISTORY = 200;
  /** How long each of the doctor's probes may take. */
  static final Duration DOCTOR_TIMEOUT = Duration.ofSeconds(10);

  private record Entry(long id, String method, ObjectNode params, ObjectNode outcome, long time) {}

  private final Connection connection;
  private final java.nio.file.Path lockFile;
  private final Deque<Entry> history = new ArrayDeque<>();
  private final AtomicLong ids = new AtomicLong();

  Workbench(Connection connection, java.nio.file.Path lockFile) {
    this.connection = connection;
    this.lockFile = lockFile;
  }

  /** One request through the connection, kept in the history. */
  ObjectNode call(String method, ObjectNode params) {
    ObjectNode out = connection.request(method, params);
    Entry e = new Entry(ids.incrementAndGet(), method, params.deepCopy(), out, System.currentTimeMillis());
    synchronized (history) { // no I/O under this lock
      history.addLast(e);
      while (history.size() > MAX_HISTORY) {
        history.removeFirst();
      }
    }
    out.put("historyId", e.id);
    return out;
  }

  /** The history, newest last: id, method, params, whether it failed, its duration. */
  ObjectNode history() {
    ArrayNode list = Json.array();
    for (Entry e : entries()) {
      ObjectNode o = list.addObject();
      o.put("id", e.id).put("method", e.method).put("time", e.time);
      o.set("params", e.params);
      o.put("ok", ok(e.outcome));
      o.put("millis", e.outcome.path("millis").asLong());
    }
    ObjectNode o = Json.object();
    o.set("calls", list);
    return o;
  }

  /** Sends a call of the history again (kept as a new entry). */
  ObjectNode replay(long id) {
    Entry e = find(id);
    return call(e.method, e.params.deepCopy());
  }

  /**
   * A collection file ({@link CallCollection} format) of the calls {@code ids} (all when empty) whose method a
   * collection can hold, each asserting what it gave now; header values become {@code ${env:MCP_HEADER_...}}.
   *
   * @throws IllegalArgumentException when no such call is in the history
   */
  ObjectNode collection(String name, List<Long> wanted) {
    ObjectNode doc = Json.object();
    doc.put("format", CallCollection.FORMAT).put("version", CallCollection.VERSION);
    doc.put("name", name.isBlank() ? "inspector" : name);
    ServerSpec spec = connection.spec();
    if (spec != null && !spec.isStdio()) {
      if (Targets.redact(spec, spec.url()).equals(spec.url())) {
        doc.put("target", spec.url()); // a URL holding a substituted secret is left out: give it with --target
      }
      ObjectNode headers = doc.putObject("headers");
      spec.headers().keySet().forEach(h -> headers.put(h, "${env:" + envName(h) + "}"));
    }
    ArrayNode calls = doc.putArray("calls");
    Set<String> names = new java.util.HashSet<>();
    for (Entry e : entries()) {
      if ((!wanted.isEmpty() && !wanted.contains(e.id)) || !CallCollection.methods().contains(e.method)) {
        continue;
      }
      ObjectNode c = calls.addObject();
      String base = e.method + (e.params.path("name").isString() ? " " + e.params.path("name").asString()
          : e.params.path("uri").isString() ? " " + e.params.path("uri").asString() : "");
      String callName = base;
      for (int n = 2; !names.add(callName); n++) {
        callName = base + " #" + n;
      }
      c.put("name", callName).put("method", e.method);
      if (!e.params.isEmpty()) {
        c.set("params", redactedParams(spec, e.params));
      }
      ArrayNode asserts = c.putArray("assert");
      JsonNode error = e.outcome.path("error");
      if (error.isObject() && error.has("code")) {
        asserts.addObject().put("pointer", "/error/code").put("equals", error.path("code").asInt());
      } else if (e.method.equals("tools/call")) {
        asserts.addObject().put("isError", e.outcome.path("result").path("isError").asBoolean(false));
      } else {
        asserts.addObject().put("pointer", "").putObject("schema").put("type", "object");
      }
    }
    if (calls.isEmpty()) {
      throw new IllegalArgumentException("no call of the history can go into a collection (tools/call, resources/read,"
          + " prompts/get and the lists can)");
    }
    CallCollection.parse(Json.write(doc)); // what mcpkit test will read: checked here
    return doc;
  }

  /** The connected server's surface now ({@code mcpkit snapshot}'s document). */
  JsonNode snapshot() {
    return connection.snapshot().document();
  }

  /**
   * The diff of two snapshot documents; {@code after} missing or {@code "now"}: the connected server now.
   *
   * @throws IllegalArgumentException when a document is not a snapshot
   */
  ObjectNode diff(JsonNode before, JsonNode after) {
    Snapshot a = parse(before, "before");
    Snapshot b = after == null || after.isMissingNode() || "now".equals(after.asString(""))
        ? connection.snapshot() : parse(after, "after");
    SurfaceDiff d = SurfaceDiff.of(a, b);
    ObjectNode o = (ObjectNode) d.toJson();
    ArrayNode lines = o.putArray("lines");
    d.lines().forEach(lines::add);
    return o;
  }

  /** The doctor of a stdio target, which starts it only if the connection's launch policy allows it. */
  private static ConnectionDoctor.Diagnosis launchable(ServerSpec spec) {
    try {
      var command = dev.mcpkit.client.transport.StdioCommand.of(spec.argv()).withName(spec.name());
      Connection.launchPolicy(spec).check(spec.cwd() == null ? command
          : command.withWorkingDirectory(java.nio.file.Path.of(spec.cwd())));
    } catch (dev.mcpkit.client.McpLaunchRefusedException e) {
      return new ConnectionDoctor.Diagnosis(false, e.getMessage(), "the doctor does not start it either", List.of());
    }
    return ConnectionDoctor.stdio(spec.argv(), spec.env(), DOCTOR_TIMEOUT);
  }

  /** The connection doctor for the current target (an HTTP target, or the stdio command the user confirmed). */
  ObjectNode doctor() {
    ServerSpec spec = connection.spec();
    if (spec == null) {
      throw new IllegalArgumentException("there is no target yet: connect first");
    }
    ConnectionDoctor.Diagnosis d = spec.isStdio()
        ? launchable(spec)
        : ConnectionDoctor.http(spec.url(), spec.headers(), connection.forced(), DOCTOR_TIMEOUT);
    ObjectNode o = Json.object();
    o.put("ok", d.ok()).put("finding", Targets.redact(spec, d.finding())).put("advice", Targets.redact(spec, d.advice()));
    ArrayNode details = o.putArray("details");
    d.details().forEach(s -> details.add(Targets.redact(spec, s)));
    return o;
  }

  /**
   * mcpkit-guard's findings for what the connected server shows a model (tools, prompts, resources, templates,
   * instructions), with the standard rules: code, severity, title, pointer, subject, excerpt (invisible characters
   * shown escaped by the guard, never raw) and fix; and the server against its pins in the lock file
   * ({@link PinState}), whose findings join the others as in {@code mcpkit scan}.
   */
  ObjectNode security() {
    dev.mcpkit.guard.Guard guard = dev.mcpkit.guard.Guard.standard();
    dev.mcpkit.guard.ServerSurface surface = connection.surface();
    List<dev.mcpkit.guard.Finding> found = new java.util.ArrayList<>(guard.scan(surface));
    ServerSpec spec = connection.spec();
    PinState pins = spec == null ? null : PinState.of(lockFile, spec, surface, guard.rules());
    if (pins != null) {
      found.addAll(pins.findings());
      found.sort(java.util.Comparator.comparing(dev.mcpkit.guard.Finding::severity).reversed());
    }
    ObjectNode o = Json.object();
    ArrayNode list = o.putArray("findings");
    for (dev.mcpkit.guard.Finding f : found) {
      ObjectNode n = list.addObject();
      n.put("code", f.code()).put("severity", f.severity().id()).put("title", f.title()).put("pointer", f.pointer())
          .put("subject", f.subject()).put("excerpt", spec == null ? f.excerpt() : Targets.redact(spec, f.excerpt()))
          .put("fix", f.fix());
    }
    o.put("rules", guard.rules().rules().size());
    if (pins != null) {
      o.set("pins", pins.view());
    }
    return o;
  }

  private static Snapshot parse(JsonNode doc, String which) {
    if (doc == null || !doc.isObject()) {
      throw new IllegalArgumentException("\"" + which + "\" must be a snapshot document (mcpkit snapshot's output)");
    }
    try {
      return Snapshot.parse(Json.write(doc));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("\"" + which + "\": " + e.getMessage());
    }
  }

  /**
   * Params with the target's secrets (header, env and substituted values) replaced by a reference to the variable
   * {@code MCP_SECRET}, to be set when the collection runs.
   */
  private static JsonNode redactedParams(ServerSpec spec, ObjectNode params) {
    if (spec == null) {
      return params;
    }
    String text = Json.write(params);
    String masked = Targets.redact(spec, text);
    return masked.equals(text) ? params : Json.parse(masked.replace(ServerSpec.REDACTED, "${env:MCP_SECRET}"));
  }

  private Entry find(long id) {
    return entries().stream().filter(e -> e.id == id).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no call " + id + " in the history"));
  }

  private List<Entry> entries() {
    synchronized (history) {
      return List.copyOf(history);
    }
  }

  private static boolean ok(ObjectNode outcome) {
    return !outcome.has("error") && !outcome.path("result").path("isError").asBoolean(false);
  }

  /** The variable a header's value is read from, as the network view's copies name it. */
  static String envName(String header) {
    return "MCP_HEADER_" + header.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }
}
