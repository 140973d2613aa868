package dev.mcpkit.cli;

import dev.mcpkit.core.text.PeerText;
import dev.mcpkit.gateway.Gateway;
import dev.mcpkit.gateway.GatewayConfig;
import dev.mcpkit.gateway.GatewayConfigException;
import dev.mcpkit.gateway.UpstreamStatus;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mcpkit gateway}: the servers of a host configuration file behind one endpoint (mcpkit-gateway). */
@Command(name = "gateway", mixinStandardHelpOptions = true,
    description = {"Serves many MCP servers behind one endpoint.",
        "The config is a host's mcpServers file (Claude Desktop, Cursor, Claude Code)",
        "with an optional \"gateway\" section, or a gateway file that includes host",
        "files (VS Code's mcp.json). See mcpkit-gateway/README.md. HTTP by default",
        "(http://127.0.0.1:8080/mcp, both eras); --stdio for hosts that spawn servers."})
final class GatewayCommand implements Callable<Integer> {

  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "The configuration file (a host's mcpServers file, or a gateway file).")
  Path config;

  @Mixin Transports transports;

  @Override
  public Integer call() throws Exception {
    GatewayConfig parsed;
    try {
      parsed = GatewayConfig.read(config);
    } catch (GatewayConfigException e) {
      System.err.println("mcpkit gateway: " + PeerText.block(e.getMessage()));
      return ExitCodes.USAGE;
    }
    try (Gateway gateway = parsed.builder().build()) {
      Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "mcpkit-gateway-shutdown"));
      System.err.println("mcpkit gateway: " + gateway.upstreams().size() + " upstream(s)");
      for (UpstreamStatus s : gateway.upstreams()) {
        System.err.println("  " + PeerText.line(s.name(), 60) + "  " + (s.available()
            ? s.transport() + " " + s.protocolVersion() + ", " + s.tools() + " tool(s), " + s.resources()
                + " resource(s) and template(s), "
                + s.prompts() + " prompt(s)"
            : "unavailable: " + PeerText.line(s.error(), 300)));
      }
      if (!gateway.notices().isEmpty()) {
        System.err.println("  " + gateway.notices().size() + " notice(s) about names, logged above");
      }
      if (!transports.stdio) {
        System.err.println("Health: GET /healthz (up), GET /readyz (200 when every upstream is available, else 503)");
      }
      return transports.serve(gateway.server(), "mcpkit gateway", gateway.healthHandler());
    }
  }
}
