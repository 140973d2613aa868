package dev.mcpkit.cli;

import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.http.McpHttpServer;
import dev.mcpkit.server.stdio.StdioServer;
import picocli.CommandLine.Option;

/** The serving options shared by the commands that run a server ({@code --stdio}, or HTTP). */
final class Transports {

  @Option(names = "--stdio", description = "Serve on stdin/stdout instead of HTTP.")
  boolean stdio;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "8080", description = "HTTP port, 0 for any free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--allow-host", description = "Accept this Host header value (needed when binding beyond loopback).")
  java.util.List<String> allowHosts = new java.util.ArrayList<>();

  @Option(names = "--allow-origin", description = "Accept this browser Origin besides the server's own origin (another local port is another origin).")
  java.util.List<String> allowOrigins = new java.util.ArrayList<>();

  @picocli.CommandLine.Mixin ProxyOptions proxies;

  @picocli.CommandLine.Mixin DeploymentOptions deployment;

  /** Whether the command's state lives in a store shared with other instances (set by commands with --store). */
  boolean sharedStore;

  /** The cluster this instance belongs to (set by commands with --store; none by default). */
  ClusterMode cluster = ClusterMode.NONE;

  /**
   * Serves the server {@code make} builds, in cluster mode when {@code store} names a shared store (the cluster's
   * settings go into the server as it is built): what {@code serve} and {@code conformance-server} run.
   */
  int serve(String store, java.util.function.Function<ClusterMode, McpServer> make, String what) throws Exception {
    boolean shared = DeploymentOptions.shared(store);
    if (stdio && shared) {
      System.err.println("mcpkit: --store " + store.replaceAll("//[^@/]*@", "//") + " is for HTTP; a stdio server has"
          + " one client and nothing to share");
      return ExitCodes.USAGE;
    }
    try (ClusterMode c = ClusterMode.open(store, deployment.effectiveInstanceName(shared))) {
      cluster = c;
      sharedStore = shared;
      return serve(c.attach(make.apply(c)), what);
    }
  }

  /** Serves until stdin ends (stdio) or the process is stopped (HTTP). */
  int serve(McpServer server, String what) throws Exception {
    return serve(server, what, null);
  }

  /** As {@link #serve(McpServer, String)}, with {@code extra} (when not null) tried after the MCP endpoints on HTTP. */
  int serve(McpServer server, String what, org.eclipse.jetty.server.Handler extra) throws Exception {
    if (stdio) {
      StdioServer.serve(server);
      return ExitCodes.OK;
    }
    McpHttpServer.Builder builder = http(server);
    if (extra != null) {
      builder.handler(extra);
    }
    return serve(builder, what);
  }

  /**
   * The HTTP server's builder with these options (host, port, deployment, proxies, allowed hosts and origins), for
   * a command that adds to it (binds it first when its guard needs the port, as a protected gateway does).
   */
  McpHttpServer.Builder http(McpServer server) {
    McpHttpServer.Builder builder = McpHttpServer.builder(server).host(host).port(port);
    cluster.readiness(deployment.apply(builder, cluster.options(dev.mcpkit.server.http.HttpOptions.defaults()),
        sharedStore)).allowHosts(allowHosts.toArray(String[]::new)).allowOrigins(allowOrigins.toArray(String[]::new));
    proxies.apply(builder);
    return builder;
  }

  /** Starts what {@code builder} builds, says where it listens, and serves until the process is stopped. */
  int serve(McpHttpServer.Builder builder, String what) throws Exception {
    McpHttpServer http = builder.build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(http::close, "mcpkit-http-shutdown"));
    System.err.println(what + " listening on " + http.endpoint()
        + (host.equals("127.0.0.1") ? "" : " (bound to " + host + ")")
        + (deployment.publicUrl == null ? "" : " (public URL " + deployment.publicUrl + http.endpoint().getPath() + ")")
        + (http.instanceName() == null ? "" : " as instance " + http.instanceName()));
    System.err.println("Legacy HTTP+SSE (2024-11-05): " + http.endpoint().resolve("/sse"));
    http.join();
    return ExitCodes.OK;
  }
}
