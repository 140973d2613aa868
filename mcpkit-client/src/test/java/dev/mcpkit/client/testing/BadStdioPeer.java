package dev.mcpkit.client.testing;

import dev.mcpkit.core.json.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stdio server that negotiates properly (2026-07-28) and then misbehaves on {@code tools/call}
 * as its argument says: {@code junk} (junk lines, then the answer), {@code junk-only} (junk lines
 * and no answer), {@code die} (exits with code 3 after a stderr line), {@code oversize} (a line of
 * 200 KB, then the next calls work), {@code silent} (never answers calls; reports calls and
 * cancellations on stderr), {@code batch} (answers calls inside a one-entry JSON-RPC batch), {@code deaf} (stops reading
 * its stdin after the handshake). It also answers a legacy
 * {@code initialize} with the revision asked for.
 */
public final class BadStdioPeer {

  private BadStdioPeer() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    boolean oversizeDone = false;
    String line;
    while ((line = in.readLine()) != null) {
      JsonNode m = Json.parse(line);
      String method = m.path("method").asString("");
      if (!m.has("id")) {
        if (method.equals("notifications/cancelled")) {
          System.err.println("cancelled " + m.path("params").path("requestId"));
        }
        continue;
      }
      ObjectNode result = Json.object();
      result.put("resultType", "complete");
      switch (method) {
        case "server/discover" -> {
          result.putArray("supportedVersions").add("2026-07-28");
          result.putObject("capabilities").putObject("tools");
        }
        case "initialize" -> {
          result.remove("resultType");
          result.put("protocolVersion", m.path("params").path("protocolVersion").asString());
          result.putObject("capabilities").putObject("tools");
          result.putObject("serverInfo").put("name", "bad").put("version", "1");
        }
        case "tools/list" -> {
          ObjectNode tool = result.putArray("tools").addObject();
          tool.put("name", "work");
          tool.putObject("inputSchema").put("type", "object");
        }
        case "tools/call" -> {
          switch (mode) {
            case "junk", "junk-only" -> {
              out.println("Starting up... (a log line on stdout, where it does not belong)");
              out.println("<html><body>not json</body></html>");
              out.println("{\"broken\": ");
              if (mode.equals("junk-only")) {
                continue;
              }
            }
            case "die" -> {
              System.err.println("fatal: the server ran out of cheese");
              System.err.flush();
              System.exit(3);
            }
            case "oversize" -> {
              if (!oversizeDone) {
                oversizeDone = true;
                out.println("{\"jsonrpc\":\"2.0\",\"id\":" + m.get("id") + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\""
                    + "x".repeat(200_000) + "\"}]}}");
                continue;
              }
            }
            case "silent" -> {
              System.err.println("received " + m.path("id")); // tests cancel once the call has arrived
              continue;
            }
            default -> { }
          }
          result.putArray("content").addObject().put("type", "text").put("text", "done");
        }
        default -> { }
      }
      ObjectNode response = Json.object();
      response.put("jsonrpc", "2.0");
      response.set("id", m.get("id"));
      response.set("result", result);
      if (mode.equals("deaf") && method.equals("server/discover")) {
        out.println(Json.write(response));
        Thread.sleep(60_000); // reads nothing more: the client's writes fill the pipe
        return;
      }
      out.println(mode.equals("batch") && method.equals("tools/call") ? "[" + Json.write(response) + "]"
          : Json.write(response));
    }
  }
}
