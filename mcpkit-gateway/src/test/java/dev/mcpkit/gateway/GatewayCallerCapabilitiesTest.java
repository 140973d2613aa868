package dev.mcpkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.client.ClientHandlers;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.McpRpcException;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.ElicitResult;
import dev.mcpkit.core.schema.TextContent;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A 2026-07-28 upstream sees, per request, the capabilities of the caller the gateway serves (limited to what the
 * gateway relays), not the gateway's own: a server that asks only what its client can answer (SEP-2322) then asks
 * nothing the caller cannot answer. A 2025 upstream's session keeps the gateway's capabilities.
 */
class GatewayCallerCapabilitiesTest {

  private static McpServer upstream(boolean legacy) {
    var b = McpServer.builder().name("up").tool(ServerTool.builder("caps")
        .handler(call -> ToolResults.text(Json.write(call.clientCapabilities()))).build())
        .tool(ServerTool.builder("roots").handler(call -> ToolResults.text("roots: " + call.listRoots())).build());
    if (legacy) {
      b.versions(Set.of(ProtocolVersion.V2025_11_25));
    }
    return b.build();
  }

  private static List<String> seen(McpClient c) {
    JsonNode caps = Json.parse(((TextContent) c.callTool("caps", Map.of()).content().getFirst()).text());
    return caps.propertyNames().stream().filter(k -> !caps.get(k).isNull()).sorted().toList();
  }

  @Test
  void aStatelessUpstreamSeesTheCallersCapabilitiesInBothDownstreamEras() throws Exception {
    try (McpHttpServer up = McpHttpServer.builder(upstream(false)).port(0).build().start();
        McpHttpServer old = McpHttpServer.builder(upstream(true)).port(0).build().start();
        Gateway gw = Gateway.builder()
            .upstream(Upstream.builder("up", Upstreams.http("up", up.endpoint().toString())).prefix("").build())
            .upstream(Upstream.builder("old", Upstreams.http("old", old.endpoint().toString())).build())
            .build();
        McpHttpServer front = McpHttpServer.builder(gw.server()).port(0).build().start();
        McpClient none = McpClient.connect(front.endpoint().toString());
        McpClient sampling = McpClient.builder().url(front.endpoint().toString())
            .handlers(ClientHandlers.none().withSampling(p -> null)).connect();
        McpClient session = McpClient.builder().url(front.endpoint().toString())
            .protocolVersion(ProtocolVersion.V2025_11_25)
            .handlers(ClientHandlers.none().withElicitation(p -> new ElicitResult("decline", null, null))).connect()) {
      assertThat(seen(none)).isEmpty();
      assertThat(seen(sampling)).containsExactly("sampling");
      assertThat(seen(session)).containsExactly("elicitation");
      // the 2025 upstream's session was negotiated with what the gateway relays
      assertThat(Json.parse(((TextContent) none.callTool("old__caps", Map.of()).content().getFirst()).text())
          .propertyNames()).contains("elicitation", "sampling", "roots");

      // the upstream's -32021 is about the caller: passed on in the caller's era, naming the capability and upstream
      assertThatThrownBy(() -> sampling.callTool("roots", Map.of())).isInstanceOfSatisfying(McpRpcException.class,
          e -> {
            assertThat(e.code()).isEqualTo(-32021);
            assertThat(e.serverMessage()).startsWith("upstream 'up' cannot serve tools/call without a client"
                + " capability: ");
            assertThat(e.data().path("requiredCapabilities").path("roots").isObject()).isTrue();
            assertThat(e.data().path("upstream").asString()).isEqualTo("up");
          });
      assertThatThrownBy(() -> session.callTool("roots", Map.of())).isInstanceOfSatisfying(McpRpcException.class,
          e -> assertThat(e.code()).isEqualTo(-32600));
    }
  }
}
