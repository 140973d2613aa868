package dev.mcpkit.cli;

import dev.mcpkit.cli.demo.DemoServer;
import dev.mcpkit.client.config.ServerSpec;
import dev.mcpkit.gateway.Gateway;
import dev.mcpkit.gateway.GatewayProtection;
import dev.mcpkit.gateway.Upstream;
import dev.mcpkit.gateway.UpstreamStatus;
import dev.mcpkit.server.http.McpHttpServer;
import dev.mcpkit.server.http.RequestGuard;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code mcpkit up --gateway}: the whole gateway picture in one command. The gateway (mcpkit-gateway) serves, on one
 * port of 127.0.0.1, the embedded authorization server and the protected MCP endpoint {@code /mcp}; behind it are two
 * upstreams: the demo server over Streamable HTTP ({@code demo__…}, on a loopback port of its own that only accepts
 * the gateway's random bearer token, so that the gateway's OAuth cannot be gone around) and the demo server as a
 * stdio child process ({@code local__…}, this same mcpkit, {@code serve --stdio}). Callers' tokens are never passed
 * upstream.
 */
final class UpGateway {

  static final String USER = "operator";

  private UpGateway() {}

  /** Runs it on {@code port} (0: a free one) until the process ends. */
  static int run(PrintWriter err, int port, ProxyOptions proxies, String password) throws Exception {
    String upstreamToken = UpCommand.random(24);
    McpHttpServer demo = McpHttpServer.builder(DemoServer.create()).host("127.0.0.1").port(0)
        .guard(bearer(upstreamToken)).build().start();
    ServerSpec demoSpec = ServerSpec.builder().name("demo").transport("http").url(demo.endpoint().toString())
        .headers(Map.of("Authorization", "Bearer " + upstreamToken)).secrets(Set.of(upstreamToken)).build();
    List<String> argv = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "serve", "--stdio");
    ServerSpec localSpec = ServerSpec.builder().name("local").transport("stdio").argv(argv).build();
    Gateway gateway = Gateway.builder().info("mcpkit-up-gateway", Main.versionString())
        .upstream(Upstream.builder("demo", demoSpec).build())
        .upstream(Upstream.builder("local", localSpec).build())
        .build();
    McpHttpServer.Builder b = proxies.apply(McpHttpServer.builder(gateway.server())).host("127.0.0.1").port(port);
    // bound before the resource URL (and the embedded issuer) is made from its port, and served on as bound
    String resource = "http://127.0.0.1:" + b.bind() + "/mcp";
    GatewayProtection protection = GatewayProtection.builder().embedded(USER, password).build(URI.create(resource));
    b.guard(protection.guard()).handler(gateway.healthHandler());
    protection.handlers().forEach(b::handler);
    McpHttpServer http = b.build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      http.close();
      protection.close();
      gateway.close();
      demo.close();
    }, "mcpkit-up-gateway-shutdown"));

    err.println("mcpkit up --gateway: the gateway, protected by OAuth, in front of two upstreams, and its"
        + " authorization server");
    err.println();
    err.println("  MCP endpoint           " + resource + "  (both eras; /healthz, /readyz)");
    err.println("  authorization server   " + protection.embeddedIssuer());
    err.println("  user                   " + USER + " / " + protection.password() + (protection.passwordGenerated()
        ? "  (random, new at every start; set " + UpCommand.PASSWORD_ENV + " to choose it)"
        : "  (from " + UpCommand.PASSWORD_ENV + ")"));
    err.println("  public client          " + GatewayProtection.PUBLIC_CLIENT + "  (PKCE, loopback redirects)");
    err.println("  service client         " + GatewayProtection.SERVICE_CLIENT + " / " + protection.serviceSecret()
        + "  (client credentials)");
    for (UpstreamStatus s : gateway.upstreams()) {
      err.println("  upstream " + String.format("%-13s", s.name()) + (s.available() ? s.transport() + " "
          + s.protocolVersion() + ", " + s.tools() + " tool(s) as " + s.name() + "__…" : "unavailable: " + s.error()));
    }
    err.println();
    err.println("Try next:");
    String mcpkit = Main.command();
    err.println("  # sign in (browser, as " + USER + "), then list and call through the gateway");
    err.println("  " + mcpkit + " login " + resource);
    err.println("  " + mcpkit + " list " + resource);
    err.println("  " + mcpkit + " call " + resource + " tools/call --tool local__add_numbers --arg a=0.1 --arg b=0.2");
    err.println();
    err.println("mcpkit up --gateway: listening on " + resource);
    err.flush();
    http.join();
    return ExitCodes.OK;
  }

  /** The demo upstream's own guard: only the gateway's random token (compared in constant time) gets through. */
  private static RequestGuard bearer(String token) {
    byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    return request -> {
      String got = request.getHeaders().get("Authorization");
      return got != null && MessageDigest.isEqual(expected, got.getBytes(StandardCharsets.UTF_8))
          ? RequestGuard.Decision.allow(null)
          : RequestGuard.Decision.deny(401, Map.of("WWW-Authenticate", "Bearer"), "this server is only reached"
              + " through the gateway");
    };
  }
}
