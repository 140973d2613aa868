package dev.mcpkit.cli;

import dev.mcpkit.core.text.PeerText;
import dev.mcpkit.gateway.Gateway;
import dev.mcpkit.gateway.GatewayConfig;
import dev.mcpkit.gateway.GatewayConfigException;
import dev.mcpkit.gateway.GatewayProtection;
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

  @Option(names = "--store", defaultValue = "memory", paramLabel = "STORE",
      description = "Where gateway.auth's embedded authorization server keeps its state and gateway.guard its pins: "
          + "memory (the default: pins in the lock file), or a Redis URL as up --store takes it, shared by the "
          + "gateway instances behind one load balancer.")
  String store;

  @Override
  public Integer call() throws Exception {
    GatewayConfig parsed;
    try {
      parsed = GatewayConfig.read(config);
    } catch (GatewayConfigException e) {
      System.err.println("mcpkit gateway: " + PeerText.block(e.getMessage()));
      return ExitCodes.USAGE;
    }
    boolean pins = parsed.guard().map(dev.mcpkit.gateway.GatewayGuard::pins).orElse(false);
    if (DeploymentOptions.shared(store) && !pins && (parsed.protection().isEmpty() || transports.stdio)) {
      System.err.println("mcpkit gateway: --store keeps the state of gateway.auth's embedded authorization server"
          + " and gateway.guard's pins; this configuration has neither (on HTTP)");
      return ExitCodes.USAGE;
    }
    dev.mcpkit.gateway.Gateway.Builder builder = parsed.builder();
    dev.mcpkit.store.Store pinStore = null;
    if (DeploymentOptions.shared(store) && pins) {
      // pins in the store every instance shares: trust on first use agrees, a change seen anywhere blocks everywhere
      try {
        pinStore = dev.mcpkit.store.Stores.open(store);
        builder.guard(parsed.guard().get().sharedPins(dev.mcpkit.guard.StorePins.of(pinStore)));
      } catch (IllegalStateException e) {
        if (pinStore != null) {
          pinStore.close();
        }
        System.err.println("mcpkit gateway: --store: " + PeerText.line(e.getMessage(), 300) + " (gateway.guard's"
            + " pins are kept there: the gateway does not start without them)");
        return ExitCodes.CONNECTION;
      } catch (IllegalArgumentException e) {
        if (pinStore != null) {
          pinStore.close();
        }
        System.err.println("mcpkit gateway: " + PeerText.line(e.getMessage(), 300));
        return ExitCodes.USAGE;
      }
    }
    try (dev.mcpkit.store.Store closing = pinStore; Gateway gateway = builder.build()) {
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
      if (parsed.protection().isEmpty() || transports.stdio) {
        if (parsed.protection().isPresent()) {
          System.err.println("mcpkit gateway: gateway.auth protects the HTTP endpoint; on stdio the host that spawns"
              + " the gateway is the only caller");
        }
        return transports.serve(gateway.server(), "mcpkit gateway", gateway.healthHandler());
      }
      return serveProtected(gateway, parsed.protection().get());
    }
  }

  /** HTTP with {@code gateway.auth}: the resource URL (and the embedded server's issuer) needs the port first. */
  private int serveProtected(Gateway gateway, GatewayProtection.Builder builder) throws Exception {
    if (transports.port == 0) {
      try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        transports.port = s.getLocalPort();
      }
    }
    String host = transports.host.contains(":") ? "[" + transports.host + "]" : transports.host;
    if (transports.deployment.publicUrl != null) {
      builder.resource(transports.deployment.publicUrl + "/mcp"); // every instance names the same resource and issuer
    }
    GatewayProtection p;
    dev.mcpkit.store.Store st = dev.mcpkit.store.Stores.open(store);
    transports.sharedStore = DeploymentOptions.shared(store);
    try {
      p = builder.store(st).build(java.net.URI.create("http://" + host + ":" + transports.port + "/mcp"));
    } catch (IllegalArgumentException e) {
      st.close();
      System.err.println("mcpkit gateway: gateway.auth: " + PeerText.line(e.getMessage(), 300));
      return ExitCodes.USAGE;
    }
    try (st; p) {
      System.err.println("OAuth: resource " + p.resource() + ", metadata /.well-known/oauth-protected-resource/mcp");
      if (p.embeddedIssuer() != null) {
        System.err.println("  authorization server   " + p.embeddedIssuer());
        System.err.println("  user                   " + p.user() + " / " + (p.passwordGenerated()
            ? p.password() + "  (random, new at every start; set gateway.auth.password to choose it)"
            : "(the configured gateway.auth.password)"));
        System.err.println("  public client          " + GatewayProtection.PUBLIC_CLIENT + "  (PKCE, loopback redirects)");
        System.err.println("  service client         " + GatewayProtection.SERVICE_CLIENT + " / " + p.serviceSecret()
            + "  (client credentials)");
      }
      return transports.serve(gateway.server(), "mcpkit gateway", gateway.healthHandler(), p.guard(), p.handlers());
    }
  }
}
