package dev.mcpkit.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.auth.client.ClientCredentials;
import dev.mcpkit.auth.client.OAuthClient;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.McpClientException;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.TextContent;
import dev.mcpkit.core.schema.Tool;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code mcpkit.jar up --gateway} as a user runs it: one command, the gateway protected by the
 * embedded authorization server, in front of the demo server over HTTP and over stdio; a client with the printed
 * service client's credentials calls tools of both upstreams in both eras; without a token it gets 401.
 */
class UpGatewayIT {

  @Test
  void oneCommandServesTwoUpstreamsBehindTheProtectedGateway() throws Exception {
    try (McpkitProcess up = McpkitProcess.startHttp("up", "--gateway", "--port", "0")) {
      String out = up.output();
      assertThat(out).contains("mcpkit up --gateway: the gateway, protected by OAuth")
          .containsPattern("upstream demo\\s+streamable-http 2026-07-28, \\d+ tool\\(s\\) as demo__")
          .containsPattern("upstream local\\s+stdio 20\\d\\d-\\d\\d-\\d\\d, \\d+ tool\\(s\\) as local__");
      Matcher secret = Pattern.compile("service client\\s+mcpkit-gateway-service / (\\S+)").matcher(out);
      assertThat(secret.find()).as(out).isTrue();
      String endpoint = up.endpoint().toString();

      assertThatThrownBy(() -> McpClient.connect(endpoint).listAllTools()).as("no token")
          .isInstanceOf(McpClientException.class);
      HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(up.endpoint()
          .resolve("/readyz")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);

      for (ProtocolVersion v : List.of(ProtocolVersion.V2026_07_28, ProtocolVersion.V2025_11_25)) {
        try (OAuthClient auth = OAuthClient.builder().clientCredentials(ClientCredentials.secret(
                "mcpkit-gateway-service", secret.group(1))).build();
            McpClient c = McpClient.builder().url(endpoint).protocolVersion(v).auth(auth).connect()) {
          assertThat(c.listAllTools()).extracting(Tool::name).contains("demo__add_numbers", "local__add_numbers",
              "demo__echo_message", "local__echo_message");
          assertThat(text(c.callTool("local__add_numbers", Map.of("a", new BigDecimal("0.1"), "b",
              new BigDecimal("0.2"))))).as(v.id()).isEqualTo("0.3");
          assertThat(text(c.callTool("demo__echo_message", Map.of("message", "hi")))).as(v.id()).isEqualTo("hi");
        }
      }
      assertThat(Json.parse(ready.body()).path("unavailable").size()).isZero();
    }
  }

  private static String text(dev.mcpkit.core.schema.CallToolResult r) {
    return ((TextContent) r.content().getFirst()).text();
  }
}
