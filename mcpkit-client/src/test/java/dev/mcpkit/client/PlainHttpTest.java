package dev.mcpkit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.core.net.Hosts;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpProxy;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Plain http is for loopback only, unless the user says otherwise. The "remote" host is reached through an HTTP proxy
 * on 127.0.0.1 (the test server itself, which accepts absolute-form requests), so nothing leaves the machine.
 */
class PlainHttpTest {

  private static final String REMOTE = "mcp.example.test";

  @Test
  @DisplayName("SEC-TR-18 a remote http:// URL is refused unless insecure http is allowed; loopback http is fine")
  void SEC_TR_18_plainHttpToARemoteHostIsRefused() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    McpServer server = McpServer.builder().name("plain").version("1")
        .tool(ServerTool.builder("ping").handler(c -> {
          calls.incrementAndGet();
          return ToolResults.text("pong");
        }).build()).build();
    try (McpHttpServer http = McpHttpServer.builder(server).port(0).allowHosts(REMOTE).build().start()) {
      HttpClient viaProxy = new HttpClient();
      viaProxy.getProxyConfiguration().addProxy(new HttpProxy("127.0.0.1", http.port()));
      viaProxy.start();
      try {
        String remote = "http://" + REMOTE + ":" + http.port() + "/mcp";
        for (String url : new String[] {remote, "http://10.0.0.8/mcp", "http://[2001:db8::1]/mcp", "HTTP://" + REMOTE + "/mcp"}) {
          assertThatThrownBy(() -> McpClient.builder().url(url).httpClient(viaProxy).connect())
              .as(url).isInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining("refusing plain http").hasMessageContaining("use https");
        }
        assertThat(calls).as("nothing was sent").hasValue(0);
        for (String loopback : new String[] {"localhost", "LOCALHOST", "127.0.0.1", "127.255.0.2", "[::1]", "::1"}) {
          assertThat(Hosts.isLoopback(loopback)).as(loopback).isTrue();
        }
        for (String other : new String[] {"localhost.example", "127.0.0.256", "128.0.0.1", "[::2]", "0.0.0.0", ""}) {
          assertThat(Hosts.isLoopback(other)).as(other).isFalse();
        }

        try (McpClient c = McpClient.builder().url(remote).httpClient(viaProxy).allowInsecureHttp(true)
            .requestTimeout(Duration.ofSeconds(10)).connect()) {
          assertThat(c.callTool("ping", Map.of()).content().toString()).contains("pong");
        }
        try (McpClient c = McpClient.builder().url("http://127.0.0.1:" + http.port() + "/mcp")
            .requestTimeout(Duration.ofSeconds(10)).connect()) {
          assertThat(c.callTool("ping", Map.of()).content().toString()).contains("pong");
        }
        assertThat(calls).hasValue(2);
      } finally {
        viaProxy.stop();
      }
    }
  }
}
