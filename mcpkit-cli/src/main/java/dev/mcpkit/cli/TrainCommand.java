package dev.mcpkit.cli;

import dev.mcpkit.cli.demo.DemoServer;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.core.era.Era;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.http.McpHttpServer;
import dev.mcpkit.server.stdio.StdioServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code mcpkit train}: a short workload over the stdio server, the HTTP server and the client, to
 * record a class-data archive (AppCDS, or the JDK 25 AOT cache) by hand, e.g. {@code java
 * -XX:AOTCacheOutput=mcpkit.aot -jar mcpkit.jar train}. The {@code ./mcpkit} launcher no longer runs
 * it: it trains on a stdio session through {@code serve --stdio}, the command hosts spawn, so its
 * archive holds the classes that start needs (33 MB against 48 MB from this workload). Hidden: users never
 * need it.
 */
@Command(name = "train", hidden = true, description = "Exercises the common paths to record a start-up archive.")
final class TrainCommand implements Callable<Integer> {

  private static final String META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\""
      + Era.STATELESS.newest().id() + "\","
      + "\"io.modelcontextprotocol/clientCapabilities\":{}}";

  @Override
  public Integer call() throws Exception {
    McpServer server = DemoServer.create();
    // The stdio server, both eras, as a host drives it.
    String input = String.join("\n",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo_message\","
            + "\"arguments\":{\"message\":\"x\"}," + META + "}}",
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{" + META + "}}",
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
            + Era.SESSION.newest().id() + "\","
            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"train\",\"version\":\"1\"}}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"add_numbers\","
            + "\"arguments\":{\"a\":0.1,\"b\":0.2}}}",
        "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"resources/list\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"prompts/list\"}",
        "");
    new StdioServer(server, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
        new ByteArrayOutputStream()).run();
    // The HTTP server and the client, both eras.
    try (McpHttpServer http = McpHttpServer.builder(server).port(0).build().start()) {
      for (ProtocolVersion v : new ProtocolVersion[] {Era.STATELESS.newest(), Era.SESSION.newest()}) {
        try (McpClient client = McpClient.builder().url(http.endpoint()).protocolVersion(v).connect()) {
          client.listAllTools();
          client.callTool("add_numbers", Map.of("a", 1, "b", 2));
        }
      }
    }
    new CommandLine(new Main()).getCommandSpec(); // the command-line model, as every start builds it
    return ExitCodes.OK;
  }
}
