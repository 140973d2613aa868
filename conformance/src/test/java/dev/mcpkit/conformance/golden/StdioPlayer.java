package dev.mcpkit.conformance.golden;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.testing.StdioHarness;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * Plays the stdio steps of a transcript against a {@link dev.mcpkit.server.stdio.StdioServer} on
 * in-memory pipes. {@code >>> stdin} writes its line; when that line is a request (a method and an
 * id), the server's lines are read up to its response, else none, and {@code [lines=N]} says how
 * many exactly. {@code >>> eof} ends stdin and shows whatever the server wrote until it exits.
 */
final class StdioPlayer implements AutoCloseable {

  private final StdioHarness harness;
  private final Normaliser norm;

  StdioPlayer(McpServer server, Normaliser norm) {
    this.harness = new StdioHarness(server);
    this.norm = norm;
  }

  String play(Transcript.Step s) throws InterruptedException {
    StringBuilder out = new StringBuilder("<<< stdout\n");
    if (s.verb().equals("eof")) {
      harness.closeInput();
      if (!harness.awaitExit(Duration.ofSeconds(30))) {
        throw new AssertionError("the stdio server did not exit after end of input");
      }
      harness.unread().forEach(l -> out.append("---\n").append(norm.message(Json.parse(l))).append('\n'));
      return out.toString().stripTrailing();
    }
    String line = norm.substitute(s.body());
    harness.sendRaw(line + "\n");
    String lines = s.option("lines", null);
    JsonNode id = lines == null ? requestId(line) : null;
    int count = lines != null ? Integer.parseInt(lines) : id == null ? 0 : Integer.MAX_VALUE;
    for (int i = 0; i < count; i++) {
      JsonNode m = harness.next();
      out.append("---\n").append(norm.message(m)).append('\n');
      if (id != null && id.equals(m.get("id")) && !m.has("method")) {
        break;
      }
    }
    return out.toString().stripTrailing();
  }

  /** The id of a request line (a JSON object with a method and an id), else {@code null}. */
  private static JsonNode requestId(String line) {
    try {
      JsonNode n = Json.parse(line);
      return n.isObject() && n.has("method") && n.has("id") ? n.get("id") : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Override
  public void close() throws InterruptedException {
    harness.close();
  }
}
