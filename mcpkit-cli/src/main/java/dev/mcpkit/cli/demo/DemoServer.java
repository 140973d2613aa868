package dev.mcpkit.cli.demo;

import dev.mcpkit.core.jsonschema.Description;
import dev.mcpkit.core.schema.Content;
import dev.mcpkit.core.schema.GetPromptResult;
import dev.mcpkit.core.schema.PromptMessage;
import dev.mcpkit.core.schema.Role;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.McpServerBuilder;
import dev.mcpkit.server.ServerPrompt;
import dev.mcpkit.server.ServerResource;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolException;
import dev.mcpkit.server.ToolResults;
import java.math.BigDecimal;
import java.util.List;

/**
 * The demo server of {@code mcpkit serve} and {@code mcpkit up}: the Go workshop's tools done right ({@code
 * echo_message}; {@code add_numbers} with exact decimal arithmetic), a note pad per principal ({@code save_note}, which
 * writes and so needs the {@value #WRITE_SCOPE} scope on a protected server, and the {@code mcpkit://demo/notes}
 * resource, whose subscribers hear of every save), an about resource and a prompt.
 */
public final class DemoServer {

  /** The scope every request needs on the protected demo server ({@code mcpkit up}). */
  public static final String READ_SCOPE = "mcp:read";
  /** The scope the write tool needs. */
  public static final String WRITE_SCOPE = "mcp:write";

  /** Arguments of {@code echo_message}. */
  public record Echo(@Description("The message to echo back") String message) {}

  /** Arguments of {@code add_numbers}: any JSON numbers, added without rounding. */
  public record Add(@Description("The first number") BigDecimal a, @Description("The second number") BigDecimal b) {}

  /** The argument of the {@code greet} prompt; the record declares the prompt's argument list. */
  public record Greeting(@Description("Who to greet") String name) {}

  /** The longest sum {@code add_numbers} writes out, in characters. */
  static final int MAX_SUM_LENGTH = 2000;

  /**
   * The exact sum, written without exponent. mcpkit refuses numbers with huge exponents, but two
   * numbers within the bound (1e1000 and 1e-1000) still have a 2001-digit exact sum: the length is
   * worked out from precision and scale before the text is built, and a sum too long is an error.
   */
  static String add(BigDecimal a, BigDecimal b) {
    if (a == null || b == null) {
      throw new ToolException("add_numbers needs two numbers, a and b");
    }
    BigDecimal sum = a.add(b);
    // Without exponent: the digits plus trailing zeros (scale < 0), or "0." and leading zeros.
    long length = sum.scale() <= 0 ? (long) sum.precision() - sum.scale()
        : Math.max(sum.precision(), sum.scale() + 1L) + 1;
    if (length > MAX_SUM_LENGTH) {
      throw new ToolException("The exact sum would be " + length + " characters long; add_numbers writes at most "
          + MAX_SUM_LENGTH);
    }
    return sum.toPlainString();
  }

  private DemoServer() {}

  /**
   * The demo server.
   *
   * @param serverScopes scopes every request needs (for a protected server; none for an open one)
   */
  public static McpServer create(String... serverScopes) {
    return create(java.util.function.UnaryOperator.identity(), serverScopes);
  }

  /**
   * The demo server, with {@code settings} applied to its builder (e.g. a cluster's shared requestState key).
   *
   * @param serverScopes scopes every request needs (for a protected server; none for an open one)
   */
  public static McpServer create(java.util.function.UnaryOperator<McpServerBuilder> settings,
      String... serverScopes) {
    NotePad notes = new NotePad();
    McpServer server = settings.apply(builder(notes)).requireScopes(serverScopes).build();
    // save_note tells subscribers of the notes resource, through the server it belongs to.
    notes.attach(server);
    return server;
  }

  private static McpServerBuilder builder(NotePad notes) {
    return McpServer.builder().name("mcpkit-demo").version(version())
        .instructions("A demo server: echo a message, add two numbers exactly, save notes, read the about resource.")
        .tool(ServerTool.of("echo_message", "Echoes the message back unchanged", Echo.class,
            (args, ctx) -> ToolResults.text(args.message())))
        .tool(ServerTool.of("add_numbers", "Adds two numbers exactly (decimal arithmetic, no floating-point rounding)",
            Add.class, (args, ctx) -> ToolResults.text(add(args.a(), args.b()))))
        .tool(notes.tool(WRITE_SCOPE))
        .resource(ServerResource.builder("mcpkit://demo/about", "about").description("What this server is")
            .mimeType("text/markdown")
            .text("# mcpkit demo\n\nA demo MCP server built with mcpkit. Tools: echo_message, add_numbers, save_note.\n")
            .build())
        .resource(notes.resource())
        .prompt(ServerPrompt.of("greet", "Writes a greeting for someone", Greeting.class,
            (args, ctx) -> GetPromptResult.of("A greeting",
                PromptMessage.user("Write a short, friendly greeting for " + args.name() + "."))));
  }

  static String version() {
    String v = DemoServer.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
