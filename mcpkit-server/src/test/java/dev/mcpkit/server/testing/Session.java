package dev.mcpkit.server.testing;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A 2025-era session opened by {@link HttpTestClient#initialize(String)}: builds requests that
 * carry its {@code Mcp-Session-Id} and, from 2025-06-18 on, its {@code MCP-Protocol-Version}.
 */
public final class Session {

  private final HttpTestClient client;
  private final String id;
  private final String version;

  Session(HttpTestClient client, String id, String version) {
    this.client = client;
    this.id = id;
    this.version = version;
  }

  public String id() {
    return id;
  }

  public String version() {
    return version;
  }

  private HttpTestClient.Req withSession(HttpTestClient.Req r) {
    r.header("Mcp-Session-Id", id);
    if (version.compareTo("2025-06-18") >= 0) {
      r.header("MCP-Protocol-Version", version);
    }
    return r;
  }

  public HttpTestClient.Req post(Object requestId, String method, ObjectNode params) {
    return withSession(client.post().body(Rpc.request(requestId, method, params)));
  }

  /** A {@code tools/call} in this session. */
  public HttpTestClient.Req call(Object requestId, String tool, ObjectNode arguments) {
    ObjectNode p = J.obj("name", tool);
    if (arguments != null) {
      p.set("arguments", arguments);
    }
    return post(requestId, "tools/call", p);
  }

  public HttpTestClient.Req notify(String method, ObjectNode params) {
    return withSession(client.post().body(Rpc.notification(method, params)));
  }

  /** The client's answer to a server-to-client request. */
  public HttpTestClient.Req answer(JsonNode requestId, JsonNode result) {
    return withSession(client.post().body(Rpc.result(requestId, result)));
  }

  /** The GET stream of this session. */
  public HttpTestClient.Req get() {
    return withSession(client.get());
  }

  public HttpTestClient.Req delete() {
    return withSession(client.delete());
  }
}
