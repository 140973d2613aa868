package dev.mcpkit.server.testing;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** JSON-RPC message bodies for tests. */
public final class Rpc {

  private Rpc() {}

  public static ObjectNode request(Object id, String method, ObjectNode params) {
    ObjectNode o = J.obj("jsonrpc", "2.0", "id", id, "method", method);
    if (params != null) {
      o.set("params", params);
    }
    return o;
  }

  public static ObjectNode notification(String method, ObjectNode params) {
    ObjectNode o = J.obj("jsonrpc", "2.0", "method", method);
    if (params != null) {
      o.set("params", params);
    }
    return o;
  }

  public static ObjectNode result(JsonNode id, JsonNode result) {
    return J.obj("jsonrpc", "2.0", "id", id, "result", result);
  }
}
