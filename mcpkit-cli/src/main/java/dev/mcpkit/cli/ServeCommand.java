package dev.mcpkit.cli;

import dev.mcpkit.cli.demo.DemoServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mcpkit serve}: the demo server, on stdio or HTTP. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Runs the demo MCP server (echo_message, add_numbers, a resource and a prompt).",
        "HTTP by default (http://127.0.0.1:8080/mcp); --stdio for hosts that spawn servers."})
final class ServeCommand implements Callable<Integer> {

  @Mixin Transports transports;
  @Mixin StoreOption store;

  @Override
  public Integer call() throws Exception {
    return transports.serve(store.store, c -> DemoServer.create(c::server), "mcpkit demo server");
  }
}
