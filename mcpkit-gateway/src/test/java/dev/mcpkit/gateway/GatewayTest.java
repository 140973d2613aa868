package dev.mcpkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.McpRpcException;
import dev.mcpkit.client.RequestOptions;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.CallToolResult;
import dev.mcpkit.core.schema.PromptReference;
import dev.mcpkit.core.schema.TextContent;
import dev.mcpkit.core.schema.TextResourceContents;
import dev.mcpkit.core.schema.Tool;
import dev.mcpkit.server.http.McpHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway end to end: a stdio upstream (a child JVM) and a Streamable HTTP upstream, both mcpkit servers, behind
 * a gateway read from a configuration file and served over Streamable HTTP on 127.0.0.1; downstream, mcpkit's client
 * in the 2026-07-28 stateless era and in a 2025-11-25 session.
 */
class GatewayTest {

  @TempDir static Path dir;
  static McpHttpServer remote;
  static Gateway gateway;
  static McpHttpServer front;

  @BeforeAll
  static void start() throws Exception {
    remote = Upstreams.remote();
    ObjectNode config = Json.object();
    ObjectNode servers = config.putObject("mcpServers");
    List<String> argv = Upstreams.stdioArgv();
    ObjectNode local = servers.putObject("local").put("command", argv.getFirst());
    argv.subList(1, argv.size()).forEach(local.putArray("args")::add);
    servers.putObject("remote").put("url", remote.endpoint().toString()).put("type", "http");
    // the same server through its legacy HTTP+SSE endpoint (2024-11-05); its URIs collide with remote's
    servers.putObject("legacy").put("url", remote.endpoint().resolve("/sse").toString()).put("type", "sse");
    ObjectNode gw = config.putObject("gateway").put("pageSize", 2);
    gw.putObject("servers").putObject("remote").put("timeoutMs", 3000);
    Path file = dir.resolve("gateway.json");
    Files.writeString(file, Json.write(config));
    gateway = GatewayConfig.read(file).builder().build();
    front = McpHttpServer.builder(gateway.server()).port(0).build().start();
  }

  @AfterAll
  static void stop() {
    if (front != null) {
      front.close();
    }
    if (gateway != null) {
      gateway.close();
    }
    if (remote != null) {
      remote.close();
    }
  }

  static McpClient client(String era) {
    return client(front, era);
  }

  /** A client of {@code server} in {@code era} ("2025": 2025-11-25, else the newest revision). */
  static McpClient client(McpHttpServer server, String era) {
    var b = McpClient.builder().url(server.endpoint().toString()).clientInfo("test", "1");
    return (era.equals("2025") ? b.protocolVersion(ProtocolVersion.V2025_11_25) : b).connect();
  }

  @ParameterizedTest(name = "downstream {0}")
  @ValueSource(strings = {"2026", "2025"})
  void listsAndCallsBothUpstreamsThroughOneEndpoint(String era) {
    try (McpClient c = client(era)) {
      assertThat(c.protocolVersion()).isEqualTo(era.equals("2025") ? ProtocolVersion.V2025_11_25
          : ProtocolVersion.V2026_07_28);
      // upstream log messages are passed on (the upstreams declare logging), so logging is declared; resource
      // updates are passed on (GatewayResourceUpdatesTest), so subscriptions are declared
      assertThat(c.serverInfo().capabilities().logging()).isNotNull();
      assertThat(c.serverInfo().capabilities().resources().subscribe()).isTrue(); // followed upstream while subscribed
      // pageSize 2: the listing pages across both upstreams
      assertThat(c.listAllTools()).extracting(Tool::name)
          .containsExactly("local__echo", "local__die", "local__add", "remote__echo", "remote__hang", "remote__steps",
              "legacy__echo", "legacy__hang", "legacy__steps");
      assertThat(text(c.callTool("local__add", Map.of("a", 2, "b", 40)))).isEqualTo("42");
      assertThat(text(c.callTool("remote__echo", Map.of("text", "hi")))).isEqualTo("remote: hi");
      assertThat(text(c.callTool("local__echo", Map.of("text", "hi")))).isEqualTo("local: hi");
      assertThat(text(c.callTool("legacy__echo", Map.of("text", "old")))).isEqualTo("remote: old");
      // progress from the upstream reaches the downstream caller
      List<RequestOptions.Progress> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
      assertThat(text(c.callTool("remote__steps", Json.object(), RequestOptions.defaults().withProgress(seen::add))))
          .isEqualTo("done");
      assertThat(seen).extracting(RequestOptions.Progress::message).containsExactly("step 1", "step 2", "step 3");
      var readme = (TextResourceContents) c.readResource("notes://readme").contents().getFirst();
      assertThat(readme.text()).isEqualTo("local notes");
      var item = (TextResourceContents) c.readResource("remote://items/7").contents().getFirst();
      assertThat(item.text()).isEqualTo("item 7");
      assertThat(c.listAllResourceTemplates()).hasSize(1);
      var prompt = c.getPrompt("local__greet", Map.of("who", "Ada"));
      assertThat(((TextContent) prompt.messages().getFirst().content()).text()).isEqualTo("Hello, Ada");
      assertThat(c.complete(new PromptReference("local__greet", null), "who", "A", null).completion().values())
          .containsExactly("Ada", "Alan");
    }
  }

  @ParameterizedTest(name = "downstream {0}")
  @ValueSource(strings = {"2026", "2025"})
  void upstreamErrorsAreJsonRpcErrorsNamingTheUpstream(String era) {
    try (McpClient c = client(era)) {
      assertThatThrownBy(() -> c.callTool("remote__hang", Map.of()))
          .isInstanceOfSatisfying(McpRpcException.class, e -> {
            assertThat(e.code()).isEqualTo(-32603);
            assertThat(e.serverMessage()).isEqualTo("upstream 'remote' did not answer tools/call within 3 s");
            assertThat(e.data().path("upstream").asString()).isEqualTo("remote");
          });
      // the gateway still answers after the timeout
      assertThat(text(c.callTool("remote__echo", Map.of("text", "again")))).isEqualTo("remote: again");
      // resource not found upstream stays "not found", with the downstream era's code
      assertThatThrownBy(() -> c.readResource("remote://items/missing"))
          .isInstanceOfSatisfying(McpRpcException.class, e -> assertThat(e.code())
              .isEqualTo(era.equals("2025") ? -32002 : -32602));
      assertThatThrownBy(() -> c.callTool("local__add", Map.of("a", "x", "b", 1)))
          .isInstanceOfSatisfying(McpRpcException.class, e -> assertThat(e.code()).isEqualTo(-32602));
    }
  }

  @Test
  void startReportsTheUpstreams() {
    assertThat(gateway.notices()).containsExactly(new GatewayNotice(GatewayNotice.Kind.COLLISION, "legacy",
        "resource template 'remote://items/{id}' of upstream 'legacy' is not served: upstream 'remote' already serves"
            + " that URI (URIs are served unchanged)"));
    // the legacy endpoint answers POSTs with 405, so the client falls back to the HTTP+SSE transport
    assertThat(gateway.upstreams()).extracting(UpstreamStatus::name, UpstreamStatus::available,
            UpstreamStatus::transport, UpstreamStatus::tools)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("local", true, "stdio", 3),
            org.assertj.core.groups.Tuple.tuple("remote", true, "streamable-http", 3),
            org.assertj.core.groups.Tuple.tuple("legacy", true, "http+sse", 3));
  }

  static String text(CallToolResult r) {
    assertThat(r.isError()).as("isError of " + r).isNotEqualTo(Boolean.TRUE);
    return ((TextContent) r.content().getFirst()).text();
  }
}
