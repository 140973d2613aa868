package dev.mcpkit.core.era;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonrpc.ErrorCodes;
import dev.mcpkit.core.jsonrpc.JsonRpcRequest;
import dev.mcpkit.core.jsonrpc.RequestId;
import dev.mcpkit.core.protocol.Methods;
import dev.mcpkit.core.protocol.ProtocolVersion;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Each revision's era and the rules that differ between eras and between revisions inside one. */
class EraTest {

  @Test
  void everyRevisionHasItsEra() {
    assertThat(Era.of(ProtocolVersion.V2024_11_05)).isSameAs(Era.SSE);
    assertThat(Era.of(ProtocolVersion.V2025_03_26)).isSameAs(Era.SESSION);
    assertThat(Era.of(ProtocolVersion.V2025_06_18)).isSameAs(Era.SESSION);
    assertThat(Era.of(ProtocolVersion.V2025_11_25)).isSameAs(Era.SESSION);
    assertThat(Era.of(ProtocolVersion.V2026_07_28)).isSameAs(Era.STATELESS);
    assertThat(Era.of(ProtocolVersion.LATEST)).isSameAs(Era.STATELESS);
  }

  @Test
  void statelessDiffersFromTheSessionEras() {
    Era s = Era.STATELESS;
    assertThat(s.usesInitialize()).isFalse();
    assertThat(s.hasResultType()).isTrue();
    assertThat(s.usesInputRequiredResults()).isTrue();
    assertThat(s.perRequestLogLevel()).isTrue();
    assertThat(s.cancelsByClosingStream()).isTrue();
    assertThat(s.resumesStreams()).isFalse();
    assertThat(s.resourceNotFoundCode()).isEqualTo(ErrorCodes.INVALID_PARAMS);
    assertThat(s.livenessMethod()).isEqualTo(Methods.SERVER_DISCOVER);
    assertThat(s.requestSchemaVersion()).isEqualTo(ProtocolVersion.V2026_07_28);
    assertThat(s.newest()).isEqualTo(ProtocolVersion.V2026_07_28);
    assertThat(s.httpStatus(ErrorCodes.METHOD_NOT_FOUND)).isEqualTo(404);
    assertThat(s.excludes(Methods.INITIALIZE)).isTrue();
    assertThat(s.excludes(Methods.PING)).isTrue();
    assertThat(s.excludes(Methods.LOGGING_SET_LEVEL)).isTrue();
    assertThat(s.excludes(Methods.RESOURCES_SUBSCRIBE)).isTrue();
    assertThat(s.excludes(Methods.SUBSCRIPTIONS_LISTEN)).isFalse();
    assertThat(s.excludes(Methods.TOOLS_CALL)).isFalse();
    assertThat(s.httpStatus(ErrorCodes.HEADER_MISMATCH)).isEqualTo(400);
    assertThat(s.httpStatus(ErrorCodes.INVALID_PARAMS)).isEqualTo(200);
    for (Era e : new Era[] {Era.SESSION, Era.SSE}) {
      assertThat(e.usesInitialize()).isTrue();
      assertThat(e.hasResultType()).isFalse();
      assertThat(e.usesInputRequiredResults()).isFalse();
      assertThat(e.perRequestLogLevel()).isFalse();
      assertThat(e.cancelsByClosingStream()).isFalse();
      assertThat(e.resumesStreams()).isTrue();
      assertThat(e.resourceNotFoundCode()).isEqualTo(ErrorCodes.LEGACY_RESOURCE_NOT_FOUND);
      assertThat(e.livenessMethod()).isEqualTo(Methods.PING);
      assertThat(e.httpStatus(ErrorCodes.METHOD_NOT_FOUND)).isEqualTo(200);
      assertThat(e.excludes(Methods.SUBSCRIPTIONS_LISTEN)).isTrue();
      assertThat(e.excludes(Methods.INITIALIZE)).isFalse();
      assertThat(e.excludes(Methods.SERVER_DISCOVER)).isFalse();
      assertThat(e.requestSchemaVersion()).isEqualTo(ProtocolVersion.V2025_11_25);
    }
    assertThat(Era.SESSION.newest()).isEqualTo(ProtocolVersion.V2025_11_25);
    assertThat(Era.SSE.newest()).isEqualTo(ProtocolVersion.V2024_11_05);
  }

  @Test
  void revisionRulesInsideAnEra() {
    for (ProtocolVersion v : ProtocolVersion.values()) {
      Era e = Era.of(v);
      assertThat(e.allowsBatches(v)).as("batches in %s", v).isEqualTo(v == ProtocolVersion.V2025_03_26);
      boolean header = v != ProtocolVersion.V2024_11_05 && v != ProtocolVersion.V2025_03_26;
      assertThat(e.sendsVersionHeader(v)).as("version header in %s", v).isEqualTo(header);
      boolean primes = v == ProtocolVersion.V2025_11_25;
      assertThat(e.primesStreams(v)).as("priming in %s", v).isEqualTo(primes);
    }
  }

  @Test
  void aRequestsEraAsItsTransportReceivesIt() {
    JsonRpcRequest modern = request("tools/list", "{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}");
    JsonRpcRequest progressOnly = request("tools/list", "{\"_meta\":{\"progressToken\":1}}");
    JsonRpcRequest bare = request("tools/list", null);
    JsonRpcRequest initialize = request(Methods.INITIALIZE, "{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}");
    // A request naming a live session is in the session era, whatever it carries.
    assertThat(Era.ofRequest(true, "2026-07-28", modern)).isSameAs(Era.SESSION);
    // The version header decides when present: 2024-11-05 and the 2025 revisions are the session era over HTTP.
    assertThat(Era.ofRequest(false, "2026-07-28", bare)).isSameAs(Era.STATELESS);
    assertThat(Era.ofRequest(false, "2099-01-01", bare)).as("an unknown, newer revision").isSameAs(Era.STATELESS);
    assertThat(Era.ofRequest(false, "2025-11-25", modern)).isSameAs(Era.SESSION);
    assertThat(Era.ofRequest(false, "2024-11-05", modern)).isSameAs(Era.SESSION);
    // Without it (stdio, or an HTTP client that left it out) the protocol version in _meta decides.
    assertThat(Era.ofRequest(false, null, modern)).isSameAs(Era.STATELESS);
    assertThat(Era.ofRequest(false, null, progressOnly)).as("a 2025 request with _meta").isSameAs(Era.SESSION);
    assertThat(Era.ofRequest(false, null, bare)).isSameAs(Era.SESSION);
    assertThat(Era.ofRequest(false, null, initialize)).as("initialize opens a session").isSameAs(Era.SESSION);
  }

  private static JsonRpcRequest request(String method, String params) {
    return new JsonRpcRequest(RequestId.of(1), method, params == null ? null : (ObjectNode) Json.parse(params));
  }
}
