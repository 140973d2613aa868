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
      description = "memory (the default), or a Redis URL as up --store takes it: cluster mode for the gateway "
          + "instances behind one load balancer (shared 2025 sessions, list changes, requestState key and limits), "
          + "gateway.auth's embedded authorization server's state and gateway.guard's pins.")
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
    boolean shared = DeploymentOptions.shared(store);
    if (shared && transports.stdio) {
      System.err.println("mcpkit gateway: --store is for HTTP (several instances behind a balancer); a stdio gateway"
          + " has one client and nothing to share");
      return ExitCodes.USAGE;
    }
    // the cluster first: its requestState key goes into the gateway's server as it is built
    ClusterMode joined;
    try {
      joined = ClusterMode.open(store, transports.deployment.effectiveInstanceName(shared));
    } catch (IllegalStateException e) { // Redis does not answer: its address, never its password
      System.err.println("mcpkit gateway: --store: " + PeerText.line(e.getMessage(), 300));
      return ExitCodes.CONNECTION;
    }
    dev.mcpkit.gateway.Gateway.Builder builder = parsed.builder().serverSettings(joined::server);
    dev.mcpkit.store.Store pinStore = null;
    if (shared && parsed.guard().map(dev.mcpkit.gateway.GatewayGuard::pins).orElse(false)) {
      // pins in the store every instance shares: trust on first use agrees, a change seen anywhere blocks everywhere
      try {
        pinStore = dev.mcpkit.store.Stores.open(store);
        builder.guard(parsed.guard().get().sharedPins(dev.mcpkit.guard.StorePins.of(pinStore)));
      } catch (IllegalStateException | IllegalArgumentException e) {
        if (pinStore != null) {
          pinStore.close();
        }
        joined.close();
        System.err.println("mcpkit gateway: --store: " + PeerText.line(e.getMessage(), 300) + " (gateway.guard's"
            + " pins are kept there: the gateway does not start without them)");
        return e instanceof IllegalStateException ? ExitCodes.CONNECTION : ExitCodes.USAGE;
      }
    }
    try (ClusterMode cluster = joined; dev.mcpkit.store.Store closing = pinStore; Gateway gateway = builder.build()) {
      cluster.attach(gateway.server());
      transports.cluster = cluster;
      transports.sharedStore = shared;
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
        System.err.println("Health: GET /healthz (up), GET /readyz (200 when every upstream is available"
            + (shared ? " and Redis answers" : "") + ", else 503)");
      }
      if (parsed.protection().isEmpty() || transports.stdio) {
        if (parsed.protection().isPresent()) {
          System.err.println("mcpkit gateway: gateway.auth protects the HTTP endpoint; on stdio the host that spawns"
              + " the gateway is the only caller");
        }
        return transports.serve(gateway.server(), "mcpkit gateway", health(gateway, cluster));
      }
      return serveProtected(gateway, parsed.protection().get(), health(gateway, cluster));
    }
  }

  /** HTTP with {@code gateway.auth}: the resource URL (and the embedded server's issuer) needs the port first. */
  private int serveProtected(Gateway gateway, GatewayProtection.Builder builder,
      org.eclipse.jetty.server.Handler health) throws Exception {
    dev.mcpkit.store.Store st = dev.mcpkit.store.Stores.open(store);
    transports.sharedStore = DeploymentOptions.shared(store);
    dev.mcpkit.server.http.McpHttpServer.Builder http = transports.http(gateway.server());
    GatewayProtection p;
    try {
      // bound before the resource URL (and the embedded issuer) is made from its port, and served on as bound:
      // with --port 0 no other process can take the port in between
      int bound = http.bind();
      String host = transports.host.contains(":") ? "[" + transports.host + "]" : transports.host;
      if (transports.deployment.publicUrl != null) {
        builder.resource(transports.deployment.publicUrl + "/mcp"); // every instance names the same resource and issuer
      }
      p = builder.store(st).build(java.net.URI.create("http://" + host + ":" + bound + "/mcp"));
    } catch (IllegalArgumentException | java.io.IOException e) {
      http.build().close(); // never started: releases the port if it was bound
      st.close();
      if (e instanceof java.io.IOException io) {
        throw io; // the port could not be bound: said as for any command that binds one
      }
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
      http.handler(health).guard(p.guard());
      p.handlers().forEach(http::handler);
      return transports.serve(http, "mcpkit gateway");
    }
  }

  /** {@code /healthz} and {@code /readyz}: ready when every upstream is available and, in a cluster, Redis answers. */
  private static org.eclipse.jetty.server.Handler health(Gateway gateway, ClusterMode cluster) {
    return new dev.mcpkit.server.http.HealthHandler(cluster.checks(gateway.readiness()));
  }
}
