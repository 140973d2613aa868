package dev.mcpkit.cli.it;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * An upstream built on the official Java SDK 2.1.0 server (2025 era, stdio), for {@code GatewayInteropIT}: a tool
 * {@code multiply}, a resource {@code java://greeting} and a prompt {@code welcome}. It exits when its stdin closes,
 * so a gateway that stops it leaves no process behind.
 */
public final class JavaSdkStdioServer {

  private JavaSdkStdioServer() {}

  /** Serves on stdin/stdout until stdin ends. */
  public static void main(String[] args) throws Exception {
    McpJsonMapper json = McpJsonDefaults.getMapper();
    CountDownLatch ended = new CountDownLatch(1);
    InputStream in = new FilterInputStream(System.in) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
          ended.countDown();
        }
        return n;
      }

      @Override
      public int read() throws IOException {
        int c = super.read();
        if (c < 0) {
          ended.countDown();
        }
        return c;
      }
    };
    McpSchema.Tool multiply = McpSchema.Tool.builder().name("multiply").description("Multiplies two numbers")
        .inputSchema(json, "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"number\"},"
            + "\"b\":{\"type\":\"number\"}},\"required\":[\"a\",\"b\"]}").build();
    McpSyncServer server = McpServer.sync(new StdioServerTransportProvider(json, in, System.out))
        .serverInfo("java-sdk-peer", "1.0.0")
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(false, false).prompts(false)
            .build())
        .tools(new SyncToolSpecification.Builder().tool(multiply).callHandler((ex, req) -> {
          double a = ((Number) req.arguments().get("a")).doubleValue();
          double b = ((Number) req.arguments().get("b")).doubleValue();
          return new McpSchema.CallToolResult(List.of(new McpSchema.TextContent("product: " + Math.round(a * b))),
              false, null, null);
        }).build())
        .resources(new SyncResourceSpecification(new McpSchema.Resource("java://greeting", "greeting", null,
            "A greeting", "text/plain", null, null, null), (ex, req) -> new McpSchema.ReadResourceResult(
                List.of(new McpSchema.TextResourceContents(req.uri(), "text/plain", "hello from the Java SDK")))))
        .prompts(new SyncPromptSpecification(new McpSchema.Prompt("welcome", "Welcomes someone",
            List.of(new McpSchema.PromptArgument("name", "Who to welcome", true))),
            (ex, req) -> new McpSchema.GetPromptResult("welcome", List.of(new McpSchema.PromptMessage(
                McpSchema.Role.USER, new McpSchema.TextContent("Welcome, " + req.arguments().get("name") + "!"))))))
        .build();
    ended.await();
    server.closeGracefully();
    System.exit(0);
  }
}
