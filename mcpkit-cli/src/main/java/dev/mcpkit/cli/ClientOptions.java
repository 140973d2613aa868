package dev.mcpkit.cli;

import dev.mcpkit.client.ClientHandlers;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.McpClientBuilder;
import dev.mcpkit.client.config.ServerConfigs;
import dev.mcpkit.client.config.ServerSpec;
import dev.mcpkit.client.transport.LaunchPolicy;
import dev.mcpkit.client.transport.StdioCommand;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.text.PeerText;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The options every client command shares, and how a target (URL, {@code -- command args...}, or
 * a server name from {@code --config}) becomes a connected {@link McpClient}.
 */
final class ClientOptions {

  @Option(names = "--config", paramLabel = "FILE",
      description = "A host configuration file (VS Code mcp.json, Claude Desktop, Claude Code .mcp.json, Cursor);"
          + " the target is then a server name from it. scan takes several (repeat the option).")
  List<Path> configs = new ArrayList<>();

  @Option(names = "--input", paramLabel = "ID=VALUE",
      description = "A value for $${input:ID} in the configuration file (asked on the terminal otherwise).")
  Map<String, String> inputs = new LinkedHashMap<>();

  @Option(names = {"-H", "--header"}, paramLabel = "NAME: VALUE", description = "An HTTP header for every request (repeatable).")
  List<String> headers = new ArrayList<>();

  @Option(names = {"-e", "--env"}, paramLabel = "NAME=VALUE", description = "An environment variable for a stdio server (repeatable).")
  Map<String, String> env = new LinkedHashMap<>();

  @Option(names = "--inherit-env",
      description = "Give a stdio server this process's whole environment (default: a server of a --config file gets"
          + " only PATH, HOME, LANG, TZ; a command after -- gets PATH, HOME, USER, LOGNAME, SHELL, TERM, LANG, LANGUAGE,"
          + " LC_*, TMPDIR, TZ; on Windows their equivalents; both plus --env and the config entry's env).")
  boolean inheritEnv;

  @Option(names = "--allow-exec", paramLabel = "EXECUTABLE",
      description = "Let a stdio server of a --config file start with this executable: a name or an absolute path,"
          + " * and ? as globs (repeatable; a shell only when named without a glob). Default: any executable except"
          + " a shell or a launcher (sh, bash, zsh, dash, fish, ksh, csh, env, sudo, xargs, cmd, powershell, pwsh...);"
          + " with this option, only those named. A command after -- is not checked.")
  List<String> allowExec = new ArrayList<>();

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
      description = "Timeout of each request, e.g. 30s, 500ms, 2m (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Option(names = "--protocol", paramLabel = "REVISION",
      description = "Force a protocol revision (2026-07-28, 2025-11-25, 2025-06-18, 2025-03-26, 2024-11-05) instead of negotiating.")
  String protocol;

  @Option(names = "--insecure-http",
      description = "Allow a plain http:// URL on a host that is not loopback (tokens and messages travel in clear; development networks only).")
  boolean insecureHttp;

  @Option(names = "--json", description = "Print the result as JSON (machine output).")
  boolean json;

  @Option(names = {"-v", "--verbose"}, description = "Print every JSON-RPC frame (both directions) and the server's stderr to stderr.")
  boolean verbose;

  /** Values substituted from the environment or inputs into the config entry: never printed. */
  private final Set<String> secrets = new LinkedHashSet<>();
  /** The interceptor on every connection made (mcpkit-guard for call and list), or {@code null}. */
  dev.mcpkit.client.intercept.Interceptor interceptor;

  /** Peer text (or a message that may hold some) for one line of output: secrets hidden, non-printing code points escaped. */
  String line(String s) {
    return PeerText.line(ServerSpec.redact(s, secrets), 4000);
  }

  /** As {@link #line}, but multi-line text keeps its line breaks. */
  String block(String s) {
    return PeerText.block(ServerSpec.redact(s, secrets));
  }

  /** A JSON text for the terminal or a pipe: secrets hidden, non-printing code points as JSON escapes (still valid JSON). */
  String json(String jsonText) {
    return PeerText.json(ServerSpec.redact(jsonText, secrets));
  }

  Duration timeout() {
    return duration("--timeout", timeout);
  }

  /** A duration as the options take it: 30s, 500ms, 2m, or plain seconds; a usage error naming {@code option} otherwise. */
  static Duration duration(String option, String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      if (t.endsWith("s")) {
        return Duration.ofMillis((long) (Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
      }
      if (t.endsWith("m")) {
        return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
      }
      return Duration.ofMillis((long) (Double.parseDouble(t) * 1000));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": not a duration: " + text);
    }
  }

  /**
   * Connects to the target.
   *
   * @param target a URL or a configuration server name; {@code null} when {@code command} is given
   * @param command the stdio command after {@code --}, or empty
   */
  McpClient connect(String target, List<String> command, ClientHandlers handlers, PrintWriter err) {
    return connect(target, command, handlers, err, null);
  }

  /** Whether the user passed an {@code Authorization} header (then OAuth stays out of the way). */
  boolean hasAuthorizationHeader() {
    return headers.stream().anyMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("authorization:"));
  }

  /**
   * Connects to the target, with {@code auth} supplying credentials for an HTTP server (never for
   * stdio: the MCP authorization spec is for HTTP transports).
   */
  McpClient connect(String target, List<String> command, ClientHandlers handlers, PrintWriter err,
      dev.mcpkit.client.auth.AuthProvider auth) {
    McpClientBuilder b = builder(handlers, err);
    if (!command.isEmpty()) {
      b.stdio(stdio(command, env, null, err));
    } else if (!configs.isEmpty()) {
      if (configs.size() > 1) {
        throw new IllegalArgumentException("--config: give one configuration file (only scan takes several)");
      }
      target(b, ServerConfigs.read(configs.getFirst()).server(target, this::input), err, auth);
    } else if (target != null && (target.startsWith("http://") || target.startsWith("https://"))) {
      b.url(target);
      if (auth != null) {
        b.auth(auth);
      }
    } else {
      throw new IllegalArgumentException("the target must be a URL (http://...), \"-- command args...\" for stdio,"
          + " or a server name with --config FILE; got " + (target == null ? "nothing" : "\"" + target + "\""));
    }
    return b.connect();
  }

  /** Reads one entry of a configuration file, asking for its inputs as {@code call} does; its secrets are then hidden. */
  ServerSpec spec(Path file, String name) {
    ServerSpec spec = ServerConfigs.read(file).server(name, this::input);
    secrets.addAll(spec.secrets());
    return spec;
  }

  /** Connects to a configuration entry (without OAuth: {@code scan} passes headers only). */
  McpClient connect(ServerSpec spec, PrintWriter err) {
    McpClientBuilder b = builder(ClientHandlers.none(), err);
    target(b, spec, err, null);
    return b.connect();
  }

  private void target(McpClientBuilder b, ServerSpec spec, PrintWriter err, dev.mcpkit.client.auth.AuthProvider auth) {
    secrets.addAll(spec.secrets());
    if (spec.isStdio()) {
      Map<String, String> vars = new LinkedHashMap<>(spec.env());
      vars.putAll(env);
      StdioCommand c = stdio(spec.argv(), vars, spec.cwd(), err).withSecrets(spec.secrets()).withName(spec.name())
          .withLaunchPolicy(launchPolicy()); // a configuration file names the executable: no shells (item 3)
      // a configuration file names the server: PATH, HOME, LANG, TZ and the entry's env only
      b.stdio(inheritEnv ? c : c.withInherit(StdioCommand.Inherit.MINIMAL));
    } else {
      spec.headers().forEach(b::header);
      b.url(spec.url());
      if (auth != null) {
        b.auth(auth);
      }
    }
  }

  /** What a server of a {@code --config} file may be started with: no shells, or only what --allow-exec names. */
  LaunchPolicy launchPolicy() {
    try {
      return LaunchPolicy.standard().allow(allowExec).setting("--allow-exec");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--allow-exec: " + e.getMessage().replaceFirst("^entry \\d+: ", ""));
    }
  }

  private McpClientBuilder builder(ClientHandlers handlers, PrintWriter err) {
    McpClientBuilder b = McpClient.builder().clientInfo("mcpkit-cli", Main.versionString()).handlers(handlers)
        .requestTimeout(timeout()).connectTimeout(min(timeout(), Duration.ofSeconds(10)))
        .probeTimeout(min(timeout(), Duration.ofSeconds(5)))
        .onWarning(w -> err.println("mcpkit: warning: " + line(w))).allowInsecureHttp(insecureHttp)
        .interceptor(interceptor);
    if (protocol != null) {
      b.protocolVersion(ProtocolVersion.parse(protocol).orElseThrow(() -> new IllegalArgumentException(
          "--protocol: unknown revision \"" + line(protocol) + "\"; " + Suggest.hint(protocol,
              ProtocolVersion.newestFirst().stream().map(ProtocolVersion::id).toList(), "the revisions"))));
    }
    if (verbose) {
      b.frameListener((d, text) -> {
        err.println((d == dev.mcpkit.client.FrameListener.Direction.SENT ? "> " : "< ") + json(text));
        err.flush();
      });
    }
    for (String h : headers) {
      int colon = h.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("--header: expected \"Name: value\", got \"" + h + "\"");
      }
      b.header(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
    }
    return b;
  }

  private StdioCommand stdio(List<String> argv, Map<String, String> vars, String cwd, PrintWriter err) {
    StdioCommand c = StdioCommand.of(argv).withEnv(vars);
    if (inheritEnv) {
      c = c.withInheritedEnv();
    }
    if (cwd != null) {
      c = c.withWorkingDirectory(Path.of(cwd));
    }
    // The server's stderr is shown with --verbose; otherwise only its last lines, in error messages.
    c = c.withStderr(verbose ? line -> {
      err.println("[server stderr] " + PeerText.line(ServerSpec.redact(line, secrets), 2000));
      err.flush();
    } : line -> { });
    return c;
  }

  /** A {@code ${input:id}}: from {@code --input}, else asked on the terminal, else an error naming it. */
  private String input(String id, tools.jackson.databind.JsonNode def) {
    String v = inputs.get(id);
    if (v != null) {
      return v;
    }
    String description = def == null ? "" : def.path("description").asString("");
    Console console = System.console();
    if (!isTerminal(console)) {
      throw new IllegalArgumentException("the configuration needs the input \"" + id + "\""
          + (description.isEmpty() ? "" : " (" + description + ")") + "; there is no terminal to ask, so pass --input "
          + id + "=VALUE");
    }
    String prompt = (description.isEmpty() ? id : description) + ": ";
    if (def != null && def.path("password").asBoolean(false)) {
      char[] pw = console.readPassword("%s", prompt);
      return pw == null ? "" : new String(pw);
    }
    String line = console.readLine("%s", prompt);
    return line == null ? "" : line;
  }

  /** {@code Console.isTerminal()} exists from JDK 22 (where System.console() is never null); this compiles for 21. */
  static boolean isTerminal(Console c) {
    if (c == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }
}
