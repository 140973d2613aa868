package dev.mcpkit.cli;

import dev.mcpkit.auth.resource.JwtValidator;
import dev.mcpkit.auth.resource.ResourceServerGuard;
import dev.mcpkit.auth.server.AuthorizationServer;
import dev.mcpkit.auth.server.ClientRegistration;
import dev.mcpkit.auth.server.PasswordHasher;
import dev.mcpkit.auth.server.ProtectedResource;
import dev.mcpkit.auth.server.UserAccount;
import dev.mcpkit.cli.demo.DemoServer;
import dev.mcpkit.core.era.Era;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.http.HttpOptions;
import dev.mcpkit.server.http.McpHttpServer;
import dev.mcpkit.store.Hashes;
import dev.mcpkit.store.Store;
import dev.mcpkit.store.Stores;
import java.io.PrintWriter;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mcpkit up}: the demo MCP server protected by OAuth, and the embedded authorization server that issues its
 * tokens, in one process and on one port of 127.0.0.1. The MCP endpoint is {@code /mcp}; the authorization server's
 * issuer is {@code /auth} on the same origin (its metadata at {@code /.well-known/oauth-authorization-server/auth});
 * the protected-resource metadata is at {@code /.well-known/oauth-protected-resource/mcp}. The legacy HTTP+SSE endpoint
 * {@code /sse} (with its {@code /messages} posts) is a protected resource of its own, {@code /sse}, with metadata at
 * {@code /.well-known/oauth-protected-resource/sse}.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = {"Runs the demo MCP server protected by OAuth, with its authorization server.",
        "Both listen on one port (of 127.0.0.1 by default). It prints the URLs, a demo",
        "user with a fresh random password, and what to try next."})
final class UpCommand implements Callable<Integer> {

  static final String DEMO_USER = "demo";
  static final String PUBLIC_CLIENT = "mcpkit-demo";
  static final String SERVICE_CLIENT = "mcpkit-demo-service";
  static final String PASSWORD_ENV = "MCPKIT_DEMO_PASSWORD";
  static final String SERVICE_SECRET_ENV = "MCPKIT_DEMO_SERVICE_SECRET";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--port", defaultValue = "8080", description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--store", defaultValue = "memory",
      description = {"memory (the default; forgets everything on exit) or",
          "redis://[user:password@]host:port[/db], which keeps", "the state across restarts."})
  String store;

  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "Interface to bind (default: ${DEFAULT-VALUE}); any other needs --public-url.")
  String host;

  @picocli.CommandLine.Mixin ProxyOptions proxies;

  @Option(names = "--gateway", description = "Runs mcpkit-gateway instead, protected by OAuth, in front of two"
      + " upstreams: the demo server over HTTP and over stdio.")
  boolean gateway;
  @picocli.CommandLine.Mixin DeploymentOptions deployment;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    AuthServerCommand.quietLogs();
    String configured = System.getenv(PASSWORD_ENV);
    String password = configured != null && !configured.isEmpty() ? configured : random(12);
    if (gateway) {
      if (!"memory".equals(store) || !host.equals("127.0.0.1") || deployment.publicUrl != null
          || deployment.instanceName != null) {
        err.println("mcpkit up: --gateway runs on 127.0.0.1 with an in-memory store; --store, --host, --public-url"
            + " and --instance-name do not apply to it (run mcpkit gateway with a configuration for that)");
        return ExitCodes.USAGE;
      }
      return UpGateway.run(err, port, proxies, configured != null && !configured.isEmpty() ? configured : null);
    }
    String configuredSecret = System.getenv(SERVICE_SECRET_ENV);
    if (configuredSecret != null && configuredSecret.length() < 16) {
      err.println("mcpkit up: " + SERVICE_SECRET_ENV + " is too short: give 16 characters or more (it is checked by"
          + " a fast hash, so it must be hard to guess)");
      return ExitCodes.USAGE;
    }
    String serviceSecret = configuredSecret != null ? configuredSecret : random(24);
    boolean loopback = host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1");
    if (!loopback && deployment.publicUrl == null) {
      err.println("mcpkit up: --host " + host + " serves beyond this machine: give --public-url, the URL its clients"
          + " reach (the OAuth issuer and the resource derive from it)");
      return ExitCodes.USAGE;
    }
    Store st = Stores.open(store);
    AuthorizationServer as;
    ResourceServerGuard guard;
    McpHttpServer http;
    ClusterMode cluster = ClusterMode.NONE;
    McpHttpServer.Builder builder = null;
    String local;
    String origin;
    String resource;
    String issuer;
    String legacyResource;
    try {
      // the same Redis also carries cluster mode: shared 2025 sessions, changes, requestState and limits
      cluster = ClusterMode.open(store, deployment.effectiveInstanceName(DeploymentOptions.shared(store)));
      McpServer demo = cluster.attach(DemoServer.create(cluster::server, DemoServer.READ_SCOPE));
      builder = cluster.readiness(deployment.apply(proxies.apply(McpHttpServer.builder(demo)),
          cluster.options(HttpOptions.defaults()), DeploymentOptions.shared(store))).host(host).port(port);
      // Bound now and served on later: the issuer and the resource below contain the port, and nothing else can
      // take it in between (with --port 0 as with a given port).
      int bound = builder.bind();
      // This instance's own address, for its own key fetches: never through the balancer (which may not be
      // reachable from here, and may send them to another instance).
      local = "http://" + (host.equals("localhost") || host.equals("0.0.0.0") ? "127.0.0.1"
          : host.equals("::") ? "[::1]" : host.contains(":") ? "[" + host + "]" : host) + ":" + bound;
      origin = deployment.origin(local);
      resource = origin + "/mcp";
      issuer = origin + "/auth";
      // The legacy HTTP+SSE transport (/sse and its /messages posts) is a protected resource of its own: RFC 9728
      // clients take the resource from the metadata the challenge names and check it against the URL they were
      // given, so /sse needs metadata that names /sse. One identifier covers the stream and its posts.
      legacyResource = origin + "/sse";
      as = AuthorizationServer.builder().issuer(URI.create(issuer)).store(st)
          .users(List.of(new UserAccount(DEMO_USER, PasswordHasher.hash(password), "Demo User")))
          .clients(List.of(
              // Loopback redirect URIs match any port (RFC 8252), so local tools on any port can use it.
              ClientRegistration.publicClient(PUBLIC_CLIENT, "mcpkit demo client", "http://127.0.0.1/callback",
                  "http://localhost/callback", "http://127.0.0.1/oauth/callback", "http://localhost/oauth/callback"),
              // A random 192-bit secret needs no slow hash; SHA-256 is what the AS accepts for that case. The
              // operator's explicit scope list: a client-credentials client gets no more than this.
              ClientRegistration.serviceClient(SERVICE_CLIENT, "mcpkit demo service",
                  "sha256:" + Hashes.sha256(serviceSecret), DemoServer.READ_SCOPE, DemoServer.WRITE_SCOPE)))
          .protectedResources(List.of(
              new ProtectedResource(resource, List.of(DemoServer.READ_SCOPE, DemoServer.WRITE_SCOPE),
                  List.of(DemoServer.READ_SCOPE)),
              new ProtectedResource(legacyResource, List.of(DemoServer.READ_SCOPE, DemoServer.WRITE_SCOPE),
                  List.of(DemoServer.READ_SCOPE))))
          .build();
      guard = ResourceServerGuard.builder(resource)
          .endpoint(legacyResource, "/sse", "/messages")
          .authorizationServers(issuer)
          .scopesSupported(DemoServer.READ_SCOPE, DemoServer.WRITE_SCOPE)
          .baseScopes(DemoServer.READ_SCOPE)
          .scopeImplies(DemoServer.WRITE_SCOPE, DemoServer.READ_SCOPE)
          .resourceName("mcpkit demo server")
          // The operator (this command) knows where the keys are: no discovery needed.
          // Same process, same store: a revoked token stops working at once, not when it expires.
          .validator(JwtValidator.builder().jwks(issuer, URI.create(local + "/auth/jwks")).revocations(as.revocations())
              .build())
          .build();
      http = builder.readiness(as.readiness()).guard(guard)
          .handler(guard.metadataHandler()).handler(as.handler())
          .build().start();
    } catch (Exception e) {
      if (builder != null) {
        builder.build().close(); // a server never started: this releases the port bound above
      }
      cluster.close();
      st.close();
      throw e;
    }
    ClusterMode joined = cluster;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      http.close();
      joined.close();
      guard.close();
      as.close();
      st.close();
    }, "mcpkit-up-shutdown"));

    err.println("mcpkit up: the demo MCP server, protected by OAuth, and its authorization server (store: "
        + st.describe() + ")");
    err.println();
    err.println("  MCP endpoint           " + resource);
    err.println("  resource metadata      " + guard.metadataUrl());
    err.println("  legacy HTTP+SSE        " + legacyResource + "  (2024-11-05 clients; its own resource: metadata "
        + origin + "/.well-known/oauth-protected-resource/sse, tokens for " + legacyResource + ")");
    err.println("  authorization server   " + issuer + "  (metadata " + origin
        + "/.well-known/oauth-authorization-server/auth)");
    err.println("  demo user              " + DEMO_USER + " / " + password + (configured != null && !configured.isEmpty()
        ? "  (from " + PASSWORD_ENV + ")" : "  (random, new at every start; set " + PASSWORD_ENV + " to choose it)"));
    err.println("  public client          " + PUBLIC_CLIENT + "  (PKCE; redirects to http://127.0.0.1 or localhost, "
        + "any port, path /callback or /oauth/callback)");
    err.println("  service client         " + SERVICE_CLIENT + " / " + serviceSecret + "  (client credentials; "
        + (serviceSecret.equals(configuredSecret) ? "from " + SERVICE_SECRET_ENV : "random; set " + SERVICE_SECRET_ENV
        + " (16 characters or more) to choose it") + ")");
    if (DeploymentOptions.shared(store) && (configured == null || configured.isEmpty() || configuredSecret == null)) {
      err.println("  note: with a shared store, give every instance the same " + PASSWORD_ENV + " and "
          + SERVICE_SECRET_ENV + ": random ones differ from instance to instance");
    }
    err.println("  scopes                 " + DemoServer.READ_SCOPE + " for everything; " + DemoServer.WRITE_SCOPE
        + " for save_note (it implies " + DemoServer.READ_SCOPE + ")");
    err.println();
    err.println("Try next:");
    err.println("  # no token: 401, and a challenge that points at the resource metadata");
    err.println("  curl -i -X POST " + resource + " -H 'Content-Type: application/json' "
        + "-H 'Accept: application/json, text/event-stream' -d '{}'");
    err.println("  # a read-only token (client credentials of the service client)");
    err.println("  TOKEN=$(curl -s -u " + SERVICE_CLIENT + ":" + serviceSecret + " -d grant_type=client_credentials"
        + " -d scope=" + DemoServer.READ_SCOPE + " --data-urlencode resource=" + resource + " " + issuer
        + "/token | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')");
    err.println("  # a tool call with it (2026-07-28: one self-contained POST)");
    err.println("  " + toolCall(resource, "add_numbers", "{\"a\":0.1,\"b\":0.2}", "-s"));
    err.println("  # the write tool needs " + DemoServer.WRITE_SCOPE + ": 403, error=\"insufficient_scope\", scope=\""
        + DemoServer.READ_SCOPE + " " + DemoServer.WRITE_SCOPE + "\"");
    err.println("  " + toolCall(resource, "save_note", "{\"text\":\"hello\"}", "-i"));
    err.println("  # the official MCP Inspector CLI with the token");
    err.println("  npx @modelcontextprotocol/inspector --cli " + resource
        + " --header \"Authorization: Bearer $TOKEN\" --method tools/list");
    String mcpkit = Main.command();
    err.println("  # or mcpkit itself: sign in (browser, as " + DEMO_USER + "), then list and call; the tokens are stored");
    err.println("  " + mcpkit + " login " + resource);
    err.println("  " + mcpkit + " list " + resource);
    err.println("  " + mcpkit + " call " + resource + " tools/call --tool add_numbers --arg a=0.1 --arg b=0.2");
    err.println("  # an MCP client that does OAuth signs in by itself: point it at " + resource + ", log in as "
        + DEMO_USER);
    err.println();
    err.println("mcpkit up: listening on " + local + "/mcp" + (deployment.publicUrl == null ? "" : " (public URL " + resource + ")")
        + (http.instanceName() == null ? "" : " as instance " + http.instanceName()));
    err.flush();
    http.join();
    return ExitCodes.OK;
  }

  /** The revision the printed examples speak: the newest stateless one. */
  private static final String STATELESS = Era.STATELESS.newest().id();

  /** A curl command line for one 2026-07-28 {@code tools/call} with {@code $TOKEN}. */
  private static String toolCall(String resource, String tool, String arguments, String curlFlag) {
    return "curl " + curlFlag + " " + resource + " -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json'"
        + " -H 'Accept: application/json, text/event-stream' -H 'MCP-Protocol-Version: " + STATELESS + "'"
        + " -H 'Mcp-Method: tools/call' -H 'Mcp-Name: " + tool + "' -d '{\"jsonrpc\":\"2.0\",\"id\":1,"
        + "\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + arguments + ","
        + "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + STATELESS + "\","
        + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}'";
  }

  static String random(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
