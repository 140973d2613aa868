package dev.mcpkit.gateway;

import dev.mcpkit.client.config.ServerSpec;
import dev.mcpkit.core.schema.GetPromptResult;
import dev.mcpkit.core.schema.PromptArgument;
import dev.mcpkit.core.schema.PromptMessage;
import dev.mcpkit.core.schema.TextResourceContents;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ResourceNotFoundException;
import dev.mcpkit.server.ServerPrompt;
import dev.mcpkit.server.ServerResource;
import dev.mcpkit.server.ServerResourceTemplate;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import dev.mcpkit.server.stdio.StdioServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The upstreams of the gateway tests: real mcpkit servers, one in a child JVM over stdio ({@link #main}) and others
 * over Streamable HTTP on ephemeral loopback ports.
 */
public final class Upstreams {

  /** How many {@code hang} calls of the HTTP upstreams started. */
  static final java.util.concurrent.atomic.AtomicInteger STARTED = new java.util.concurrent.atomic.AtomicInteger();
  /** How many {@code hang} calls of the HTTP upstreams were cancelled (interrupted). */
  static final java.util.concurrent.atomic.AtomicInteger INTERRUPTED = new java.util.concurrent.atomic.AtomicInteger();

  private Upstreams() {}

  /** The stdio upstream: {@code echo}, {@code add}, a resource, a prompt with a completable argument. */
  public static void main(String[] args) {
    StdioServer.serve(McpServer.builder().name("local").version("1")
        .tool(echo("local"))
        .tool(ServerTool.of("die", "Ends the process mid-call", call -> {
          Runtime.getRuntime().halt(3);
          return ToolResults.text("unreachable");
        }))
        .tool(ServerTool.builder("add").inputSchema("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"},"
            + "\"b\":{\"type\":\"integer\"}},\"required\":[\"a\",\"b\"]}")
            .handler(call -> ToolResults.text(String.valueOf(call.arguments().path("a").asInt()
                + call.arguments().path("b").asInt()))).build())
        .resource(ServerResource.builder("notes://readme", "readme").mimeType("text/plain").text("local notes").build())
        .prompt(ServerPrompt.builder("greet").description("Greets someone")
            .arguments(List.of(new PromptArgument("who", null, "Who to greet", true)))
            .completer("who", (value, ctx) -> List.of("Ada", "Alan").stream().filter(n -> n.startsWith(value)).toList())
            .handler(req -> GetPromptResult.of(null, PromptMessage.user("Hello, " + req.arguments().get("who"))))
            .build())
        .build());
  }

  /** A tool {@code echo} that says which upstream answered. */
  static ServerTool echo(String who) {
    return ServerTool.builder("echo")
        .inputSchema("{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}")
        .handler(call -> ToolResults.text(who + ": " + call.arguments().path("text").asString(""))).build();
  }

  /** The HTTP upstream: {@code echo}, {@code hang} (never answers), a resource template; on an ephemeral port. */
  static McpHttpServer remote() throws Exception {
    McpServer server = McpServer.builder().name("remote").version("1")
        .tool(echo("remote"))
        .tool(ServerTool.of("hang", "Never answers", call -> {
          STARTED.incrementAndGet();
          try {
            Thread.sleep(Long.MAX_VALUE);
          } catch (InterruptedException e) {
            INTERRUPTED.incrementAndGet(); // the call was cancelled
            throw e;
          }
          return ToolResults.text("unreachable");
        }))
        .tool(ServerTool.of("steps", "Reports progress, then answers", call -> {
          for (int i = 1; i <= 3; i++) {
            call.progress(i, 3.0, "step " + i);
          }
          return ToolResults.text("done");
        }))
        .resourceTemplate(ServerResourceTemplate.builder("remote://items/{id}", "item").reader(read -> {
          String id = read.variables().get("id");
          if (id.equals("missing")) {
            throw new ResourceNotFoundException(read.uri());
          }
          return List.of(new TextResourceContents(read.uri(), "text/plain", "item " + id, null));
        }).build())
        .build();
    return McpHttpServer.builder(server).port(0).build().start();
  }

  /** Another HTTP upstream with its own {@code echo} (for collisions). */
  static McpHttpServer other() throws Exception {
    return McpHttpServer.builder(McpServer.builder().name("other").tool(echo("other")).build()).port(0).build().start();
  }

  /** The argv that starts {@link #main} in a child JVM of this test class path. */
  static List<String> stdioArgv() {
    List<String> argv = new ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.add("-Xshare:auto");
    argv.add("-XX:TieredStopAtLevel=1");
    argv.add("-cp");
    argv.add(System.getProperty("java.class.path"));
    argv.add(Upstreams.class.getName());
    return argv;
  }

  /** A spec for an HTTP upstream. */
  static ServerSpec http(String name, String url) {
    return ServerSpec.builder().name(name).transport("http").url(url).build();
  }
}
