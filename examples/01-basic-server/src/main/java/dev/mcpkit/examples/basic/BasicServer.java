package dev.mcpkit.examples.basic;

import dev.mcpkit.core.jsonschema.Description;
import dev.mcpkit.core.schema.Content;
import dev.mcpkit.core.schema.GetPromptResult;
import dev.mcpkit.core.schema.PromptMessage;
import dev.mcpkit.core.schema.Role;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerPrompt;
import dev.mcpkit.server.ServerResource;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import dev.mcpkit.server.stdio.StdioServer;
import java.math.BigDecimal;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Go workshop's module 01 done right: one MCP server (two tools whose input schemas come from records, a
 * resource and a prompt), served on stdio or on Streamable HTTP from the same {@code main}.
 *
 * <pre>
 * java -jar mcpkit-example-basic-server.jar stdio              # for hosts that spawn servers
 * java -jar mcpkit-example-basic-server.jar http [--port N]    # http://127.0.0.1:8101/mcp; --port 0 picks a free port
 * </pre>
 *
 * <p>Unlike the workshop: logs go to stderr in both modes (stdout is the stdio transport's), {@code add_numbers} is
 * exact ({@code 0.1 + 0.2 = 0.3}, no rounding), there is no write timeout that cuts streams, one handler serves POST,
 * GET and DELETE with shared sessions, and the HTTP server binds 127.0.0.1 and checks Host and Origin.
 */
public final class BasicServer {

  private static final Logger LOG = LoggerFactory.getLogger(BasicServer.class);
  static final int DEFAULT_PORT = 8101;
  static final String USAGE = "usage: java -jar mcpkit-example-basic-server.jar stdio | http [--port N]";

  /** Arguments of {@code echo_message}; the record is the input schema. */
  public record Echo(@Description("The message to echo back") String message) {}

  /** Arguments of {@code add_numbers}: any JSON numbers, added exactly. */
  public record Add(@Description("The first number") BigDecimal a, @Description("The second number") BigDecimal b) {}

  /** The argument of the {@code greet} prompt; the record declares the prompt's argument list. */
  public record Greeting(@Description("Who to greet") String name) {}

  /** The structured result of {@code add_numbers}; the record is the output schema. */
  public record Sum(@Description("a + b, exactly") BigDecimal sum) {}

  private BasicServer() {}

  /** The server: what it offers, independent of the transport. */
  public static McpServer create() {
    return McpServer.builder().name("basic-server").version("1.0.0")
        .instructions("Echo a message, add two numbers exactly, read the about resource, or use the greet prompt.")
        .tool(ServerTool.of("echo_message", "Echoes the message back", Echo.class,
            (args, ctx) -> ToolResults.text("Echo: " + args.message())))
        .tool(ServerTool.of("add_numbers", "Adds two numbers exactly (decimal arithmetic)", Add.class, Sum.class,
            (args, ctx) -> new Sum(args.a().add(args.b()))))
        .resource(ServerResource.builder("basic://about", "about").description("What this server is")
            .mimeType("text/markdown")
            .text("# basic-server\n\nThe mcpkit version of the Go workshop's module 01: tools echo_message and "
                + "add_numbers, this resource, and the greet prompt.\n")
            .build())
        .prompt(ServerPrompt.of("greet", "Asks the model for a greeting", Greeting.class,
            (args, ctx) -> GetPromptResult.of("A greeting for " + args.name(),
                PromptMessage.user("Write a short, friendly greeting for " + args.name() + "."))))
        .build();
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 1 && args[0].equals("stdio")) {
      LOG.info("basic-server: serving MCP on stdin/stdout (logs on stderr)");
      StdioServer.serve(create()); // returns at end of input
    } else if (args.length >= 1 && args[0].equals("http") && (args.length == 1 || args.length == 3
        && args[1].equals("--port") && args[2].matches("\\d{1,5}"))) {
      int port = args.length == 3 ? Integer.parseInt(args[2]) : DEFAULT_PORT;
      McpHttpServer http = McpHttpServer.builder(create()).port(port).build().start();
      // Ctrl-C: requests in flight may finish, open streams end cleanly.
      Runtime.getRuntime().addShutdownHook(new Thread(http::close, "basic-server-shutdown"));
      LOG.info("basic-server: Streamable HTTP on {} (legacy HTTP+SSE on /sse); Ctrl-C stops", http.endpoint());
      http.join();
    } else {
      System.err.println(USAGE);
      System.exit(2);
    }
  }
}
