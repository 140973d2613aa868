package dev.mcpkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.McpRpcException;
import dev.mcpkit.core.schema.Tool;
import dev.mcpkit.guard.PinLock;
import dev.mcpkit.guard.corpus.MaliciousServers;
import dev.mcpkit.server.http.McpHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gateway.guard} and {@code gateway.servers.NAME.guard}: what they do, and their errors with JSON paths. */
class GatewayGuardConfigTest {

  @TempDir Path tmp;

  private Path write(String json) throws Exception {
    return Files.writeString(tmp.resolve("gateway.json"), json);
  }

  @Test
  void theGuardSectionAppliesToEveryServerAndAServerMayRefineIt() throws Exception {
    MaliciousServers.Case c = MaliciousServers.CASES.get("poisoned-description"); // MCP-G012, high
    try (McpHttpServer up = McpHttpServer.builder(c.server().get()).port(0).build().start()) {
      String url = up.endpoint().toString();
      Path file = write("""
          {"mcpServers": {"strict": {"url": "%s"}, "lenient": {"url": "%s"}},
           "gateway": {
             "guard": {"threshold": "high", "audit": {"file": "audit.jsonl", "maxBytes": 100000},
                       "results": {"redactSecrets": true, "poisoning": "wrap"}},
             "servers": {"lenient": {"guard": {"threshold": "critical"}}}}}
          """.formatted(url, url));
      GatewayConfig config = GatewayConfig.read(file);
      assertThat(config.guard()).isPresent();
      try (Gateway gw = config.builder().build();
          McpHttpServer front = McpHttpServer.builder(gw.server()).port(0).build().start();
          McpClient client = McpClient.connect(front.endpoint().toString())) {
        assertThat(client.listAllTools()).extracting(Tool::name).as("only the server whose threshold is critical")
            .containsExactly("lenient__add");
        assertThatThrownBy(() -> client.callTool("strict__add", Map.of())).isInstanceOf(McpRpcException.class)
            .hasMessageContaining("MCP-G012");
        client.callTool("lenient__add", Map.of("a", 1, "b", 2));
      }
      PinLock lock = PinLock.read(tmp.resolve(PinLock.FILE_NAME));
      assertThat(lock.server("strict")).as("pinned beside the configuration file, trust on first use").isPresent();
      assertThat(lock.server("lenient").orElseThrow().definitions()).containsKey("tools/add");
      assertThat(lock.server("strict").orElseThrow().definitions()).as("a blocked definition is never pinned")
          .doesNotContainKey("tools/add");
      assertThat(Files.readString(tmp.resolve("audit.jsonl"))).contains("\"decision\":\"blocked\"",
          "\"server\":\"strict\"", "\"served\":\"strict__add\"", "\"decision\":\"allowed\"", "\"served\":\"lenient__add\"");
    }
  }

  @Test
  void guardErrorsNameTheJsonPath() throws Exception {
    String server = "\"mcpServers\": {\"a\": {\"url\": \"http://127.0.0.1:1/mcp\"}}";
    assertThatThrownBy(() -> GatewayConfig.read(write("{" + server + ", \"gateway\": {\"guard\": {\"threshold\":"
        + " \"severe\"}}}"))).isInstanceOf(GatewayConfigException.class).hasMessageContaining("/gateway/guard/threshold");
    assertThatThrownBy(() -> GatewayConfig.read(write("{" + server + ", \"gateway\": {\"guard\": {\"pin\": \"yes\"}}}")))
        .hasMessageContaining("/gateway/guard/pin");
    assertThatThrownBy(() -> GatewayConfig.read(write("{" + server + ", \"gateway\": {\"guard\": {\"audit\":"
        + " {\"file\": \"a.jsonl\", \"maxBytes\": 10}}}}"))).hasMessageContaining("/gateway/guard/audit");
    assertThatThrownBy(() -> GatewayConfig.read(write("{" + server + ", \"gateway\": {\"servers\": {\"a\": {\"guard\":"
        + " {\"audit\": \"stderr\"}}}}}"))).as("the audit log is the gateway's")
        .hasMessageContaining("/gateway/servers/a/guard");
    assertThatThrownBy(() -> GatewayConfig.read(write("{" + server + ", \"gateway\": {\"servers\": {\"a\": {\"guard\":"
        + " {\"threshold\": \"low\"}}}}}"))).hasMessageContaining("/gateway/servers/a/guard: a server's guard settings"
        + " refine gateway.guard");
    assertThatThrownBy(() -> GatewayConfig.read(write("{" + server + ", \"gateway\": {\"guard\": {\"rules\":"
        + " [\"missing.json\"]}}}"))).hasMessageContaining("/gateway/guard/rules/0: no such rule file");
    Files.writeString(tmp.resolve("broken-lock.json"), "{\"version\": 7, \"servers\": {}}");
    assertThatThrownBy(() -> GatewayConfig.read(write("{" + server + ", \"gateway\": {\"guard\": {\"lockFile\":"
        + " \"broken-lock.json\"}}}"))).hasMessageContaining("/gateway/guard/lockFile: ")
        .hasMessageContaining("\"version\" must be 1");
    assertThat(GatewayConfig.read(write("{" + server + "}")).guard()).as("no section, no guard").isEmpty();
  }
}
