package dev.mcpkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.client.McpClient;
import dev.mcpkit.core.schema.Tool;
import dev.mcpkit.server.http.McpHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java example of the module README, verbatim apart from the file's folder, port 0 and what replaces {@code
 * http.join()} (a client listing the tools), against a real upstream.
 */
class GatewayReadmeExampleTest {

  @TempDir Path dir;

  @Test
  void readmeExampleRuns() throws Exception {
    List<String> printed = new ArrayList<>();
    try (McpHttpServer upstream = Upstreams.other()) {
      Files.writeString(dir.resolve("gateway.json"), "{\"mcpServers\": {\"other\": {\"url\": \""
          + upstream.endpoint() + "\"}}, \"gateway\": {\"servers\": {\"other\": {\"prefix\": \"o\"}}}}");
      // --- the README example
      try (Gateway gateway = GatewayConfig.read(dir.resolve("gateway.json")).builder().build();
           McpHttpServer http = McpHttpServer.builder(gateway.server()).port(0).build().start()) {
        gateway.notices().forEach(n -> printed.add(n.toString()));
        // --- instead of http.join()
        try (McpClient c = McpClient.connect(http.endpoint().toString())) {
          c.listAllTools().stream().map(Tool::name).forEach(printed::add);
        }
      }
    }
    assertThat(printed).containsExactly("o__echo");
  }
}
