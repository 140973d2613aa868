package dev.mcpkit.cli;

import dev.mcpkit.auth.client.CredentialStore;
import dev.mcpkit.auth.client.StoredClient;
import dev.mcpkit.auth.client.StoredGrant;
import dev.mcpkit.core.text.PeerText;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mcpkit doctor}: what mcpkit runs on and what it has stored, each problem with what to do about it. Never
 * prints a token or a secret. Exits 1 when it found a problem.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = {"Checks the set-up and says what to do about each problem found.",
        "It reports the JDK (and why it was chosen), the jar and its start-up archive,",
        "the port mcpkit up and serve use, the sign-ins stored per authorization server",
        "(never their tokens or secrets), and the test tools.",
        "With a TARGET (a URL, or -- <command> [args...] for stdio) it connects to that",
        "server instead and, when it fails, says why and what to do: nothing listening,",
        "wrong path, TLS, 401 without resource metadata, a forced revision the server",
        "does not speak, Host or Origin rejected, a stdio server that logs to stdout or",
        "dies at start (with its stderr)."},
    footer = {"%nExit codes:%n  0  no problem found (with a TARGET: it connects)%n"
        + "  1  a problem was found (listed at the end)%n  2  bad usage"})
final class DoctorCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--port", defaultValue = "8080", paramLabel = "N",
      description = "The port to check (default ${DEFAULT-VALUE}, the default of mcpkit up and mcpkit serve).")
  int port;

  @Option(names = "--credentials", paramLabel = "FILE",
      description = {"The credential file to check (default:", "~/.mcpkit/credentials.json, or $MCPKIT_CREDENTIALS)."})
  Path credentials;

  @Parameters(paramLabel = "TARGET", arity = "0..*",
      description = "A server to diagnose: a URL, or -- <command> [args...] for stdio.")
  List<String> target = new ArrayList<>();

  @Option(names = {"-H", "--header"}, paramLabel = "NAME: VALUE",
      description = "With a URL TARGET: an HTTP header for every request (repeatable).")
  List<String> headers = new ArrayList<>();

  @Option(names = {"-e", "--env"}, paramLabel = "NAME=VALUE",
      description = "With a stdio TARGET: an environment variable for it (repeatable).")
  Map<String, String> env = new LinkedHashMap<>();

  @Option(names = "--protocol", paramLabel = "REVISION",
      description = "With a URL TARGET: the revision to force, as mcpkit call --protocol.")
  String protocol;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s",
      description = "With a TARGET: bound of each request (default ${DEFAULT-VALUE}).")
  String timeout;

  private final List<String> problems = new ArrayList<>();

  @Override
  public Integer call() {
    if (!target.isEmpty()) {
      return DoctorTarget.run(spec, target, headers, env, protocol, timeout);
    }
    PrintWriter out = spec.commandLine().getOut();
    String mcpkit = Main.command();
    out.println("mcpkit doctor");
    jdk(out);
    Optional<Path> jar = jar(out);
    jar.ifPresent(j -> archive(out, j));
    port(out, mcpkit);
    credentials(out, mcpkit);
    jar.ifPresent(j -> tools(out, j));
    out.println();
    if (problems.isEmpty()) {
      out.println("No problems found.");
    } else {
      out.println("Problems (" + problems.size() + "):");
      problems.forEach(p -> out.println("  - " + p));
    }
    out.flush();
    return problems.isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  private static void line(PrintWriter out, String what, String value) {
    out.printf("  %-18s %s%n", what, value);
  }

  private void jdk(PrintWriter out) {
    String why = System.getProperty("mcpkit.java.reason");
    line(out, "JDK", Runtime.version() + " at " + System.getProperty("java.home"));
    line(out, "  chosen by", why == null || why.isBlank() ? "whoever ran java -jar (not the ./mcpkit launcher)"
        : PeerText.line(why, 300));
  }

  private Optional<Path> jar(PrintWriter out) {
    try {
      Path p = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isRegularFile(p)) {
        line(out, "jar", "not running from a jar (" + p + ")");
        return Optional.empty();
      }
      line(out, "jar", p + " (built " + Files.getLastModifiedTime(p).toInstant().toString() + ")");
      return Optional.of(p);
    } catch (Exception e) {
      line(out, "jar", "unknown");
      return Optional.empty();
    }
  }

  /** The start-up archive the launcher records next to the jar (see ./mcpkit). */
  private void archive(PrintWriter out, Path jar) {
    int major = Runtime.version().feature();
    Path archive = jar.resolveSibling("mcpkit-jdk" + major + (major >= 25 ? ".aot" : ".jsa"));
    boolean inUse = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .anyMatch(a -> a.startsWith("-XX:AOTCache=") || a.startsWith("-XX:SharedArchiveFile="));
    String state;
    try {
      Path stamp = archive.resolveSibling(archive.getFileName() + ".jdk");
      String stamped = Files.exists(stamp) ? Files.readString(stamp).strip() : "";
      if (!Files.exists(archive)) {
        state = "none yet (" + archive.getFileName() + "): ./mcpkit records it right after a build, or in the"
            + " background on the first start with another JDK; starts are slower until then";
      } else if (Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) < 0) {
        state = "older than the jar (" + archive.getFileName() + "): the next ./mcpkit start records a new one";
      } else if (!sameJdk(stamped)) {
        // An archive works only with the JDK build that recorded it; the launcher stamps it with that JDK's
        // home and runtime version and remakes it when they differ.
        state = "recorded by another JDK (" + archive.getFileName() + ", "
            + (stamped.isEmpty() ? "no stamp" : "stamped " + PeerText.line(stamped, 200))
            + "): the next ./mcpkit start records a new one in the background";
      } else {
        state = "current (" + archive.getFileName() + ")" + (inUse ? ", in use" : ", not used by this start");
      }
    } catch (IOException e) {
      state = "unreadable: " + e.getMessage();
    }
    line(out, "start-up archive", state);
  }

  /**
   * Whether {@code stamped} (the launcher's stamp: a JDK home, a space, its runtime version) names the JDK this
   * command runs on. Homes are compared as real paths: the launcher may name a JDK through a link.
   */
  static boolean sameJdk(String stamped) {
    int space = stamped.lastIndexOf(' ');
    if (space <= 0) {
      return false;
    }
    Path home = Path.of(System.getProperty("java.home"));
    try {
      return Path.of(stamped.substring(0, space)).toRealPath().equals(home.toRealPath())
          && stamped.substring(space + 1).equals(System.getProperty("java.runtime.version"));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private void port(PrintWriter out, String mcpkit) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      line(out, "port " + port, "free");
    } catch (BindException e) {
      line(out, "port " + port, "in use" + PortInUse.holder(port).map(h -> ", by " + h).orElse(""));
      problems.add("port " + port + " on 127.0.0.1 is in use (another program, or an mcpkit up/serve already"
          + " running): stop it, or start mcpkit on another port: " + mcpkit + " up --port " + (port + 1)
          + " (or --port 0 for any free one)");
    } catch (IOException e) {
      line(out, "port " + port, "could not be checked: " + e.getMessage());
    }
  }

  private void credentials(PrintWriter out, String mcpkit) {
    Path file = credentials != null ? credentials : CredentialStore.defaultPath();
    if (!Files.exists(file)) {
      line(out, "sign-ins", "none stored (" + file + ")");
      return;
    }
    boolean loose = false;
    try {
      loose = Files.getPosixFilePermissions(file).stream()
          .anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"));
    } catch (UnsupportedOperationException | IOException e) {
      // not a POSIX file system: nothing to check
    }
    List<CredentialStore.ServerBinding> bindings;
    CredentialStore store = CredentialStore.file(file);
    try {
      bindings = store.bindings();
    } catch (RuntimeException e) {
      line(out, "sign-ins", file + ": unreadable");
      problems.add(file + " cannot be read as mcpkit's credential file: move it away and sign in again ("
          + mcpkit + " login URL)");
      return;
    }
    line(out, "sign-ins", bindings.size() + " server(s) in " + file
        + (loose ? " (others could read it; reading it made it 0600, as every mcpkit command does)" : ""));
    Instant now = Instant.now();
    for (CredentialStore.ServerBinding b : bindings) {
      out.println("    " + PeerText.line(b.server(), 300));
      out.println("      authorization server  " + PeerText.line(b.issuer(), 300));
      Optional<StoredClient> c = b.issuer() == null ? Optional.empty() : store.client(b.issuer());
      out.println("      client                " + c.map(x -> PeerText.line(x.clientId(), 200) + " ("
          + PeerText.line(String.valueOf(x.registration()), 100) + ")").orElse("(none stored)"));
      Optional<StoredGrant> g = b.issuer() == null || b.resource() == null ? Optional.empty()
          : store.grant(b.issuer(), b.resource());
      if (g.isEmpty()) {
        out.println("      tokens                none: sign in with " + mcpkit + " login "
            + AuthOptions.quote(b.server()));
        continue;
      }
      StoredGrant t = g.get();
      boolean expired = t.expiresAt() != null && t.expiresAt().isBefore(now);
      out.println("      tokens                scopes " + (t.scopes().isEmpty() ? "(none)" : String.join(" ", t.scopes()))
          + "; " + (t.expiresAt() == null ? "expiry not said" : (expired ? "expired " : "expires ") + t.expiresAt())
          + "; " + (t.refreshToken() != null ? "renewed with a refresh token" : "no refresh token"));
      if (expired && t.refreshToken() == null) {
        problems.add("the sign-in to " + PeerText.line(b.server(), 300) + " has expired and cannot be renewed: "
            + mcpkit + " login " + AuthOptions.quote(b.server()));
      }
    }
  }

  /** The test tools ./run-tests installs into .tools/ at the repository root (present only in a clone). */
  private void tools(PrintWriter out, Path jar) {
    Path root = jar.toAbsolutePath().getParent();
    root = root == null || root.getParent() == null ? null : root.getParent().getParent();
    if (root == null || !Files.exists(root.resolve("mvnw"))) {
      return;
    }
    Path tools = root.resolve(".tools");
    if (!Files.isDirectory(tools)) {
      line(out, "test tools", "not installed (./run-tests installs Node 22, the conformance suites and the Inspector"
          + " into .tools/); only the tests need them");
      return;
    }
    List<String> found = new ArrayList<>();
    for (String t : List.of("node22", "conformance", "conformance-alpha", "inspector", "mcp-peers")) {
      if (Files.isDirectory(tools.resolve(t))) {
        found.add(t);
      }
    }
    line(out, "test tools", found.isEmpty() ? "none in " + tools + " (./run-tests installs them)"
        : String.join(", ", found) + " in " + tools);
  }
}
