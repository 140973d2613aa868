package dev.mcpkit.cli;

import dev.mcpkit.auth.server.AuthServerConfig;
import dev.mcpkit.auth.server.AuthorizationServer;
import dev.mcpkit.auth.server.PasswordHasher;
import dev.mcpkit.server.http.JettyServers;
import dev.mcpkit.store.Store;
import dev.mcpkit.store.Stores;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mcpkit auth-server}: runs mcpkit's OAuth 2.1 authorization server. Binds 127.0.0.1 unless told otherwise,
 * prints its URLs to stderr, and runs until stopped.
 */
@Command(
    name = "auth-server",
    mixinStandardHelpOptions = true,
    description = {"Runs the embedded OAuth 2.1 authorization server for MCP.",
        "Its configuration is described in mcpkit-auth/README.md."})
public final class AuthServerCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--port", description = "Port to listen on (default ${DEFAULT-VALUE}; 0 picks a free one).",
      defaultValue = "9000")
  int port;

  @Option(names = "--host", description = "Address to bind (default ${DEFAULT-VALUE}). Anything but loopback needs TLS.",
      defaultValue = "127.0.0.1")
  String host;

  @Option(names = "--issuer", description = {"Issuer URL (default: from the config file, else", "http://<host>:<port>)."})
  URI issuer;

  @Option(names = "--config", description = "Configuration file (JSON): clients, users, protected resources, "
      + "upstream providers.")
  Path config;

  @Option(names = "--store", description = {"memory (the default; forgets everything on exit) or",
      "redis://host:port[/db], which keeps the state across", "restarts."},
      defaultValue = "memory")
  String store;

  @Option(names = "--hash-password", description = "Read a password from stdin, print its Argon2id hash for the "
      + "config file, and exit.")
  boolean hashPassword;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    quietLogs();
    if (hashPassword) {
      String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (line == null || line.isEmpty()) {
        err.println("mcpkit auth-server: no password on stdin");
        return ExitCodes.USAGE;
      }
      spec.commandLine().getOut().println(PasswordHasher.hash(line));
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
    AuthServerConfig cfg = config == null ? null : AuthServerConfig.load(config, System::getenv);
    // Bound before the issuer is made from its port, and served on as bound: with --port 0 no other process can
    // take the port in between.
    ServerSocketChannel channel = JettyServers.bind(host, port);
    int bindPort = channel.socket().getLocalPort();
    URI iss = issuer != null ? issuer : cfg != null && cfg.issuer() != null ? cfg.issuer()
        : URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bindPort);
    Store st;
    AuthorizationServer as;
    try {
      st = Stores.open(store);
    } catch (RuntimeException e) {
      channel.close();
      throw e;
    }
    try {
      AuthorizationServer.Builder b = AuthorizationServer.builder().issuer(iss).store(st);
      if (cfg != null) {
        cfg.apply(b);
      }
      as = b.build();
      as.start(channel);
    } catch (Exception e) {
      channel.close();
      st.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      as.close();
      st.close();
      stopped.countDown();
    }, "mcpkit-auth-shutdown"));
    String base = iss.toString().replaceAll("/$", "");
    String path = iss.getRawPath() == null ? "" : iss.getRawPath().replaceAll("/$", "");
    String origin = base.substring(0, base.length() - path.length());
    err.println("mcpkit auth-server: listening on " + host + ":" + bindPort + " (store: " + st.describe() + ")");
    err.println("  issuer         " + iss);
    err.println("  metadata       " + origin + "/.well-known/oauth-authorization-server" + path);
    err.println("  authorization  " + base + "/authorize");
    err.println("  token          " + base + "/token");
    err.println("  jwks           " + base + "/jwks");
    if (cfg == null) {
      err.println("  (no --config: no users or protected resources; see mcpkit-auth/README.md)");
    }
    err.flush();
    stopped.await();
    return ExitCodes.OK;
  }

  /**
   * Without a logging configuration Logback logs everything at DEBUG; a server's console should show INFO from
   * mcpkit and only warnings from the libraries.
   */
  static void quietLogs() {
    if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx
        && ctx.getObject(ch.qos.logback.core.CoreConstants.SAFE_JORAN_CONFIGURATION) == null) {
      ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
      ctx.getLogger("dev.mcpkit").setLevel(ch.qos.logback.classic.Level.INFO);
    }
  }
}
