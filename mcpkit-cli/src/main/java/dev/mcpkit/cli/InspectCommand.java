package dev.mcpkit.cli;

import dev.mcpkit.client.config.ServerSpec;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.inspector.web.Inspector;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mcpkit inspect}: the web inspector on 127.0.0.1, connected at once to the target when one is given. */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Starts the web inspector on 127.0.0.1 and prints its URL (with a one-launch token) on stderr.",
        "",
        "  mcpkit inspect [<url>] [options]",
        "  mcpkit inspect --config FILE <server-name>",
        "  mcpkit inspect -- <command> [args...]",
        "      (stdio: the command after -- is run directly, never through a shell)",
        "",
        "Only a browser holding the token (traded for a cookie on first load) can use it.",
        "A server that asks for OAuth is signed in to from the page, with the sign-in",
        "options of mcpkit login below; the sign-in is kept in the credentials file.",
        "--json, --verbose, --timeout, --inherit-env, --insecure-http and --no-browser",
        "do not apply (refused); the page's Network view shows every frame."},
    footer = ExitCodes.HELP)
final class InspectCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ClientOptions options;
  @Mixin AuthOptions auth;

  @Parameters(paramLabel = "TARGET", arity = "0..1", description = "A URL or a configuration server name (optional).")
  List<String> positional = new ArrayList<>();

  @Option(names = "--port", defaultValue = "0", description = "The port on 127.0.0.1 (default: a free one).")
  int port;

  @Option(names = "--no-open", description = "Do not open a browser (print the URL only).")
  boolean noOpen;

  @Option(names = "--lock", paramLabel = "FILE", description = "The lock file the Security view checks the server's"
      + " pins against (default: " + dev.mcpkit.guard.PinLock.FILE_NAME + " in the working directory; read only:"
      + " mcpkit scan --pin writes it).")
  java.nio.file.Path lockFile;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    ClientCommands.Split split = ClientCommands.split(spec, positional);
    // the options every client command shares that the inspector does not honour yet: refused, not silently ignored
    String unsupported = options.json ? "--json" : options.verbose ? "--verbose (the page's Network view shows the frames)"
        : options.inheritEnv ? "--inherit-env" : !options.allowExec.isEmpty() ? "--allow-exec"
        : options.insecureHttp ? "--insecure-http"
        : !options.timeout.equals("30s") ? "--timeout"
        : auth.noBrowser ? "--no-browser (the page offers the sign-in page in a new tab of its own browser)" : null;
    if (unsupported != null) {
      err.println("mcpkit inspect: " + unsupported + " does not apply to inspect; see " + Main.command() + " inspect --help");
      return ExitCodes.USAGE;
    }
    ServerSpec target;
    dev.mcpkit.auth.client.PreRegisteredClient client;
    java.time.Duration loginTimeout;
    try {
      target = target(split);
      client = auth.preRegistered();
      loginTimeout = auth.loginTimeout();
    } catch (IllegalArgumentException e) {
      err.println("mcpkit inspect: " + options.line(e.getMessage()) + "; see " + Main.command() + " inspect --help");
      return ExitCodes.USAGE;
    }
    ProtocolVersion protocol = null;
    if (options.protocol != null) {
      protocol = ProtocolVersion.parse(options.protocol).orElse(null);
      if (protocol == null) {
        err.println("mcpkit inspect: --protocol: unknown revision \"" + options.line(options.protocol) + "\"");
        return ExitCodes.USAGE;
      }
    }
    if (target != null && target.isStdio()) {
      // the user sees the exact process before it starts (from a config file, it is not what they typed)
      err.println("mcpkit inspect: starting the stdio server: " + options.line(String.join(" ", target.argv())));
    }
    // the sign-in options of mcpkit login: the credential file, the client, the scopes (used when a server asks)
    Inspector started;
    try {
      Inspector.Builder builder = Inspector.builder();
      if (lockFile != null) {
        builder.lockFile(lockFile);
      }
      started = builder.port(port).target(target).protocol(protocol)
          .credentials(auth.credentialFile()).preRegisteredClient(client).scopes(auth.scopes())
          .clientMetadataUrl(auth.clientMetadataUrl).loginTimeout(loginTimeout)
          .clientVersion(Main.versionString()).start();
    } catch (IllegalArgumentException e) {
      err.println("mcpkit inspect: " + options.line(e.getMessage()) + "; see " + Main.command() + " inspect --help");
      return ExitCodes.USAGE;
    }
    try (Inspector inspector = started) {
      String url = inspector.launchUrl().toString();
      err.println("mcpkit inspect: listening on " + inspector.baseUrl() + " (127.0.0.1 only)");
      err.println("mcpkit inspect: open this URL (its token is for this launch only): " + url);
      err.flush();
      if (!noOpen) {
        open(url, err);
      }
      inspector.join();
    }
    return ExitCodes.OK;
  }

  private ServerSpec target(ClientCommands.Split split) {
    List<String> words = split.words();
    if (!split.command().isEmpty()) {
      if (!words.isEmpty()) {
        throw new IllegalArgumentException("give a URL, a server name or a command after --, not several");
      }
      return ServerSpec.builder().transport("stdio").argv(split.command()).env(new LinkedHashMap<>(options.env)).build();
    }
    if (words.isEmpty()) {
      return null;
    }
    String t = words.getFirst();
    if (!options.configs.isEmpty()) {
      return options.spec(options.configs.getFirst(), t);
    }
    if (!t.startsWith("http://") && !t.startsWith("https://")) {
      throw new IllegalArgumentException("the target must be a URL (http://...), \"-- command args...\" for stdio,"
          + " or a server name with --config FILE");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String h : options.headers) {
      int colon = h.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("--header: expected \"Name: value\"");
      }
      headers.put(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
    }
    return ServerSpec.builder().transport("http").url(t).headers(headers).build();
  }

  /** Opens the URL in the desktop's browser; without one, the printed URL is the way in. */
  private static void open(String url, PrintWriter err) {
    String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
    List<String> argv = os.contains("mac") ? List.of("open", url)
        : os.contains("win") ? List.of("rundll32", "url.dll,FileProtocolHandler", url) : List.of("xdg-open", url);
    try {
      new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (java.io.IOException e) {
      err.println("mcpkit inspect: no browser to open (" + e.getMessage() + "); open the URL above yourself");
    }
  }
}
