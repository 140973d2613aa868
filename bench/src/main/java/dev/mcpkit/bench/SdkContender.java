package dev.mcpkit.bench;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The official Java MCP SDK 2.1 server (2025 era only), on Jetty 12.1's EE11 servlet container
 * with the SDK's DNS-rebinding validator (Host and Origin) on, as its documentation sets it up.
 */
final class SdkContender {

  private SdkContender() {}

  static final String SCHEMA = """
      {"type":"object","properties":{"message":{"type":"string"}},"required":["message"]}""";

  static void serve(int port) throws Exception {
    McpJsonMapper mapper = McpJsonDefaults.getMapper();
    HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
        .jsonMapper(mapper)
        .mcpEndpoint("/mcp")
        .securityValidator(DefaultServerTransportSecurityValidator.builder()
            .allowedHosts(List.of("127.0.0.1:*", "localhost:*"))
            .allowedOrigins(List.of("http://127.0.0.1:*", "http://localhost:*"))
            .build())
        .build();
    McpSyncServer mcp = spec(McpServer.sync(transport).serverInfo("sdk-bench", "1"), mapper);
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    connector.setIdleTimeout(300_000);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder holder = new ServletHolder(transport);
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/*");
    jetty.setHandler(context);
    jetty.start();
    Contenders.ready(connector.getLocalPort());
    jetty.join();
    mcp.close();
  }

  static void stdio() throws Exception {
    McpJsonMapper mapper = McpJsonDefaults.getMapper();
    // The SDK's stdio transport does not end the process at end of input; exit then, as the other
    // stdio contenders do (a normal exit also lets the JVM write its CDS archive).
    java.io.InputStream in = new java.io.FilterInputStream(System.in) {
      @Override
      public int read() throws java.io.IOException {
        return eof(super.read());
      }

      @Override
      public int read(byte[] b, int off, int len) throws java.io.IOException {
        return eof(super.read(b, off, len));
      }

      private int eof(int n) {
        if (n < 0) {
          System.exit(0);
        }
        return n;
      }
    };
    McpSyncServer mcp = spec(McpServer.sync(new StdioServerTransportProvider(mapper, in, System.out))
        .serverInfo("sdk-bench", "1"), mapper);
    new CountDownLatch(1).await(); // the transport's threads serve until end of input
    mcp.close();
  }

  private static McpSyncServer spec(McpServer.SyncSpecification<?> s, McpJsonMapper mapper) {
    McpSchema.Tool tool = McpSchema.Tool.builder().name("echo").description("Echoes the message back")
        .inputSchema(mapper, SCHEMA).build();
    McpSchema.Resource blob = McpSchema.Resource.builder().uri(Blob.URI).name("blob").description("1 MiB of text")
        .mimeType("text/plain").build();
    return s.capabilities(McpSchema.ServerCapabilities.builder().tools(true).resources(false, true).build())
        .tools(McpServerFeatures.SyncToolSpecification.builder().tool(tool).callHandler((exchange, req) -> {
          Map<String, Object> meta = req.meta();
          Object token = meta == null ? null : meta.get("progressToken");
          if (token != null) {
            exchange.progressNotification(new McpSchema.ProgressNotification(token, 1.0, 1.0, "echoing"));
          }
          return McpSchema.CallToolResult.builder().addTextContent(String.valueOf(req.arguments().get("message")))
              .build();
        }).build())
        .resources(new McpServerFeatures.SyncResourceSpecification(blob, (exchange, req) ->
            new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(Blob.URI, "text/plain", Blob.TEXT)))))
        .build();
  }
}
