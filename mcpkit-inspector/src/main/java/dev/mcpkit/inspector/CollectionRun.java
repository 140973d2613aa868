package dev.mcpkit.inspector;

import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.McpConnectionException;
import dev.mcpkit.client.McpRpcException;
import dev.mcpkit.client.RequestOptions;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.inspector.internal.Assertion;
import dev.mcpkit.inspector.internal.EnvRefs;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The result of running a {@link CallCollection} against a connected server: one {@link Result} per call, readable
 * lines, and a JUnit XML report (one test suite, one test case per call) for CI.
 *
 * @param collection the collection's name
 * @param results one per call, in file order
 */
public record CollectionRun(String collection, List<Result> results) {

  /** Copies the list. */
  public CollectionRun {
    results = List.copyOf(results);
  }

  /**
   * One call's outcome.
   *
   * @param name the call's name
   * @param method its MCP method
   * @param latencyMs how long it took
   * @param failures each failed assertion, readable; empty when the call passed
   */
  public record Result(String name, String method, long latencyMs, List<String> failures) {

    /** Copies the list. */
    public Result {
      failures = List.copyOf(failures);
    }

    /** Whether every assertion held. */
    public boolean passed() {
      return failures.isEmpty();
    }
  }

  /**
   * Runs every call in order.
   *
   * @param env where {@code ${env:NAME}} references in params are read from
   * @throws McpConnectionException when the server cannot be reached or goes away (not an assertion failure)
   * @throws IllegalArgumentException when a referenced environment variable is not set
   */
  public static CollectionRun run(CallCollection collection, McpClient client, Map<String, String> env) {
    List<Result> results = new ArrayList<>();
    for (int i = 0; i < collection.calls().size(); i++) {
      CallCollection.Call call = collection.calls().get(i);
      ObjectNode params = (ObjectNode) EnvRefs.resolve(call.params(), env, "/calls/" + i + "/params");
      List<Assertion> assertions = new ArrayList<>();
      call.assertions().forEach(a -> assertions.add(Assertion.parse(a, call.name())));
      long start = System.nanoTime();
      JsonNode result;
      try {
        result = client.request(call.method(), params, RequestOptions.defaults());
      } catch (McpRpcException e) {
        ObjectNode o = Json.object();
        ObjectNode error = o.putObject("error");
        error.put("code", e.code());
        error.put("message", e.serverMessage());
        if (e.data() != null) {
          error.set("data", e.data());
        }
        result = o;
      }
      long latency = (System.nanoTime() - start) / 1_000_000;
      List<String> failures = new ArrayList<>();
      if (result.has("error") && assertions.stream().noneMatch(Assertion::looksAtError)) {
        failures.add("the server answered with JSON-RPC error " + result.path("error").path("code") + ": "
            + result.path("error").path("message").asString(""));
      }
      for (Assertion a : assertions) {
        a.check(result, latency).ifPresent(failures::add);
      }
      results.add(new Result(call.name(), call.method(), latency, failures));
    }
    return new CollectionRun(collection.name(), results);
  }

  /** Whether every call passed. */
  public boolean passed() {
    return results.stream().allMatch(Result::passed);
  }

  /** {@code PASS name (method, N ms)} or {@code FAIL ...} with one indented line per failure, then a summary. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    for (Result r : results) {
      lines.add((r.passed() ? "PASS  " : "FAIL  ") + r.name() + " (" + r.method() + ", " + r.latencyMs() + " ms)");
      r.failures().forEach(f -> lines.add("      " + f));
    }
    long failed = results.stream().filter(r -> !r.passed()).count();
    lines.add(results.size() + (results.size() == 1 ? " call: " : " calls: ") + (results.size() - failed)
        + " passed, " + failed + " failed.");
    return lines;
  }

  /** The JUnit XML report: a {@code testsuite} named after the collection with a {@code testcase} per call. */
  public String junitXml() {
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      x.writeStartDocument("UTF-8", "1.0");
      x.writeCharacters("\n");
      x.writeStartElement("testsuite");
      x.writeAttribute("name", xml(collection));
      x.writeAttribute("tests", String.valueOf(results.size()));
      x.writeAttribute("failures", String.valueOf(results.stream().filter(r -> !r.passed()).count()));
      x.writeAttribute("errors", "0");
      x.writeAttribute("skipped", "0");
      x.writeAttribute("time", seconds(results.stream().mapToLong(Result::latencyMs).sum()));
      for (Result r : results) {
        x.writeCharacters("\n  ");
        x.writeStartElement("testcase");
        x.writeAttribute("classname", xml(collection));
        x.writeAttribute("name", xml(r.name()));
        x.writeAttribute("time", seconds(r.latencyMs()));
        if (!r.passed()) {
          x.writeStartElement("failure");
          x.writeAttribute("message", xml(r.failures().getFirst()));
          x.writeAttribute("type", "AssertionFailed");
          x.writeCharacters(xml(String.join("\n", r.failures())));
          x.writeEndElement();
        }
        x.writeEndElement();
      }
      x.writeCharacters("\n");
      x.writeEndElement();
      x.writeCharacters("\n");
      x.writeEndDocument();
      x.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("writing the JUnit report failed", e);
    }
    return out.toString();
  }

  private static String seconds(long ms) {
    return String.format(java.util.Locale.ROOT, "%.3f", ms / 1000.0);
  }

  /** Removes what XML 1.0 cannot hold at all (a server's text may contain control characters). */
  private static String xml(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(c -> {
      boolean ok = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
          || c >= 0x10000;
      b.appendCodePoint(ok ? c : 0xFFFD);
    });
    return b.toString();
  }
}
