package dev.mcpkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.Rpc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A 2025-11-25 session of a {@link ClusterFixture}, whose requests are each sent to the instance a test names
 * ({@code on}: the index of the instance), with the session's caller ({@code Authorization: Bearer <bearer>}) unless
 * a test replaces or removes it.
 */
record ClusterSession(ClusterFixture f, String id, String bearer, String version) {

  static final String V = ProtocolVersion.V2025_11_25.id();

  /** Initializes a 2025-11-25 session on instance {@code on} and sends {@code notifications/initialized} there. */
  static ClusterSession open(ClusterFixture f, int on, String bearer, ObjectNode capabilities) {
    return open(f, on, bearer, capabilities, V);
  }

  /** The same in another revision. */
  static ClusterSession open(ClusterFixture f, int on, String bearer, ObjectNode capabilities, String version) {
    HttpTestClient.Req r = f.client(on).post().body(Rpc.request(0, "initialize", J.obj("protocolVersion", version,
        "capabilities", capabilities, "clientInfo", J.obj("name", "test-client", "version", "1.0.0"))));
    if (bearer != null) {
      r.header("Authorization", "Bearer " + bearer);
    }
    HttpTestClient.Reply reply = r.send();
    assertThat(reply.status()).as("initialize: %s", reply.body()).isEqualTo(200);
    ClusterSession s = new ClusterSession(f, reply.headers().firstValue("Mcp-Session-Id").orElseThrow(), bearer,
        version);
    assertThat(s.notify(on, "notifications/initialized", null).send().status()).isEqualTo(202);
    return s;
  }

  /** The Redis key of this session's record (keyed by the id's hash). */
  String recordKey() {
    return "mcpkit:{test}:session:" + dev.mcpkit.store.Hashes.sha256(id);
  }

  HttpTestClient.Req req(int on, HttpTestClient.Req r) {
    if (bearer != null) {
      r.header("Authorization", "Bearer " + bearer);
    }
    r.header("Mcp-Session-Id", id);
    return version.compareTo(ProtocolVersion.V2025_06_18.id()) >= 0 ? r.header("MCP-Protocol-Version", version) : r;
  }

  HttpTestClient.Req post(int on, Object rid, String method, ObjectNode params) {
    return req(on, f.client(on).post().body(Rpc.request(rid, method, params)));
  }

  HttpTestClient.Req call(int on, Object rid, String tool, ObjectNode args) {
    return post(on, rid, "tools/call", args == null ? J.obj("name", tool) : J.obj("name", tool, "arguments", args));
  }

  HttpTestClient.Req notify(int on, String method, ObjectNode params) {
    return req(on, f.client(on).post().body(Rpc.notification(method, params)));
  }

  HttpTestClient.Req answer(int on, JsonNode requestId, JsonNode result) {
    return req(on, f.client(on).post().body(Rpc.result(requestId, result)));
  }

  HttpTestClient.Req get(int on) {
    return req(on, f.client(on).get());
  }

  HttpTestClient.Req delete(int on) {
    return req(on, f.client(on).delete());
  }
}
