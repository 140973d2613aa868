package dev.mcpkit.bench;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Request bodies and response parsing shared by the checks and the Java load generator. */
final class Wire {

  static final ObjectMapper JSON = JsonMapper.builder().build();
  static final String MODERN = "2026-07-28";
  static final String LEGACY = "2025-11-25";
  static final String ACCEPT = "application/json, text/event-stream";

  private Wire() {}

  static String meta(boolean progress) {
    return "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + MODERN + "\","
        + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"mcpkit-bench\",\"version\":\"1\"},"
        + "\"io.modelcontextprotocol/clientCapabilities\":{}" + (progress ? ",\"progressToken\":\"p1\"" : "") + "}";
  }

  static String echoModern(Object id, String message, boolean progress) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
        + "\"arguments\":{\"message\":\"" + message + "\"}," + meta(progress) + "}}";
  }

  static String echoLegacy(Object id, String message) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
        + "\"arguments\":{\"message\":\"" + message + "\"}}}";
  }

  static String readModern(Object id) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"resources/read\",\"params\":{\"uri\":\"" + Blob.URI + "\","
        + meta(false) + "}}";
  }

  static String readLegacy(Object id) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"resources/read\",\"params\":{\"uri\":\"" + Blob.URI + "\"}}";
  }

  static String listenModern(Object id) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"subscriptions/listen\",\"params\":{"
        + "\"notifications\":{\"toolsListChanged\":true}," + meta(false) + "}}";
  }

  static String initialize(Object id) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
        + LEGACY + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"mcpkit-bench\",\"version\":\"1\"}}}";
  }

  static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

  /** Headers of a 2026 request for METHOD (with Mcp-Name when NAME is not null). */
  static List<String> modernHeaders(String method, String name) {
    List<String> h = new ArrayList<>(List.of("Content-Type: application/json", "Accept: " + ACCEPT,
        "MCP-Protocol-Version: " + MODERN, "Mcp-Method: " + method));
    if (name != null) {
      h.add("Mcp-Name: " + name);
    }
    String token = System.getenv("BENCH_TOKEN"); // set for the JWT-guarded contender (workload f)
    if (token != null && !token.isEmpty()) {
      h.add("Authorization: Bearer " + token);
    }
    return h;
  }

  static List<String> legacyHeaders(String sessionId) {
    List<String> h = new ArrayList<>(List.of("Content-Type: application/json", "Accept: " + ACCEPT));
    if (sessionId != null) {
      h.add("Mcp-Session-Id: " + sessionId);
      h.add("MCP-Protocol-Version: " + LEGACY);
    }
    return h;
  }

  /** The JSON-RPC messages of a response body: one JSON object, or the data of each SSE event. */
  static List<JsonNode> messages(String contentType, String body) {
    List<JsonNode> out = new ArrayList<>();
    if (contentType != null && contentType.startsWith("text/event-stream")) {
      StringBuilder data = new StringBuilder();
      for (String line : (body + "\n\n").split("\r?\n", -1)) {
        if (line.startsWith("data:")) {
          data.append(line.substring(line.startsWith("data: ") ? 6 : 5)).append('\n');
        } else if (line.isEmpty()) {
          if (!data.toString().isBlank()) {
            out.add(JSON.readTree(data.toString()));
          }
          data.setLength(0);
        }
      }
    } else if (!body.isBlank()) {
      out.add(JSON.readTree(body));
    }
    return out;
  }

  /** The message answering ID, or null. */
  static JsonNode answer(List<JsonNode> messages, long id) {
    for (JsonNode m : messages) {
      if (m.has("id") && m.get("id").asLong() == id && (m.has("result") || m.has("error"))) {
        return m;
      }
    }
    return null;
  }
}
