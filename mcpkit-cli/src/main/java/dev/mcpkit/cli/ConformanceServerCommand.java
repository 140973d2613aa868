package dev.mcpkit.cli;

import dev.mcpkit.conformance.EverythingServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mcpkit conformance-server}: the server the official conformance suite tests. */
@Command(name = "conformance-server", mixinStandardHelpOptions = true,
    description = "Runs the \"everything\" server that the official MCP conformance suite expects.")
final class ConformanceServerCommand implements Callable<Integer> {

  @Mixin Transports transports;
  @Mixin StoreOption store;

  @Override
  public Integer call() throws Exception {
    return transports.serve(store.store, c -> EverythingServer.create(c::server), "mcpkit conformance server");
  }
}
