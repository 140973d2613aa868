package dev.mcpkit.client.transport;

import dev.mcpkit.client.config.ServerSpec;
import dev.mcpkit.core.text.PeerText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How to start a stdio server: an argv list (never a shell command line), environment changes, a
 * working directory, and where its stderr goes. Immutable; build with {@link #of(String...)} and
 * the {@code with...} methods.
 *
 * <p>The child does not inherit this process's whole environment: by default it gets only the
 * variables of {@link #defaultEnvironment()} (the {@link Inherit#SAFE} list, as the official
 * TypeScript SDK does), plus those set with {@link #withEnv}. A config file from the internet names
 * a server; {@code AWS_SECRET_ACCESS_KEY} or {@code GITHUB_TOKEN} must not reach it unasked.
 */
public final class StdioCommand {
  private final List<String> argv;
  private final Map<String, String> env;
  private final Inherit inherit;
  private final Path workingDirectory;
  private final Consumer<String> stderr;
  private final int maxLineBytes;
  private final Duration shutdownGrace;
  private final Set<String> secrets;
  private final LaunchPolicy launch;
  private final String name;

  /** Which of this process's environment variables a stdio server starts with. */
  public enum Inherit {
    /** Only the {@link #defaultEnvironment()} variables (PATH, HOME, USER, locale, temp dir, ...): the default. */
    SAFE,
    /** All of them (opt-in: the server sees every secret in this process's environment). */
    ALL,
    /** None: only what {@link #withEnv} sets. */
    NONE,
    /**
     * Only {@link #MINIMAL_INHERITED} ({@code PATH}, {@code HOME}, {@code LANG}, {@code TZ}; on Windows {@link
     * #MINIMAL_INHERITED_WINDOWS}): what a server named in a host configuration file gets ({@code
     * McpClientBuilder.server(ServerSpec)}, the gateway's upstreams), plus the variables its entry names.
     */
    MINIMAL
  }

  /**
   * The variables a server from a configuration file inherits ({@link Inherit#MINIMAL}): enough to find executables,
   * its home directory, the language and the time zone; nothing that identifies or authorizes the launching process.
   */
  public static final List<String> MINIMAL_INHERITED = List.of("PATH", "HOME", "LANG", "TZ");

  /** {@link #MINIMAL_INHERITED} on Windows, where a process does not start without {@code SYSTEMROOT}. */
  public static final List<String> MINIMAL_INHERITED_WINDOWS = List.of("PATH", "PATHEXT", "SYSTEMROOT", "USERPROFILE",
      "TEMP", "TZ");

  /** The variables a stdio server inherits by default, on Unix-like systems; {@code LC_*} too. */
  public static final List<String> DEFAULT_INHERITED = List.of(
      "HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER", "LANG", "LANGUAGE", "TMPDIR", "TZ");

  /** The variables a stdio server inherits by default on Windows. */
  public static final List<String> DEFAULT_INHERITED_WINDOWS = List.of(
      "APPDATA", "HOMEDRIVE", "HOMEPATH", "LOCALAPPDATA", "PATH", "PATHEXT", "PROCESSOR_ARCHITECTURE", "SYSTEMDRIVE",
      "SYSTEMROOT", "WINDIR", "COMSPEC", "TEMP", "TMP", "USERNAME", "USERPROFILE", "PROGRAMFILES", "TZ");

  /** The default message size limit: 16 MiB. */
  public static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

  /** A command from its argv: {@code of("node", "server.js", "--stdio")}. */
  public static StdioCommand of(String... argv) {
    return of(List.of(argv));
  }

  /**
   * A command from its argv, inheriting only the safe variables, logging stderr, with a 16 MiB line limit and a 2
   * second shutdown grace.
   */
  public static StdioCommand of(List<String> argv) {
    return new StdioCommand(argv, Map.of(), Inherit.SAFE, null, StdioCommand::log, DEFAULT_MAX_LINE_BYTES,
        Duration.ofSeconds(2), Set.of(), LaunchPolicy.any(), null);
  }

  /**
   * The variables of this process that a stdio server gets by default: {@link #DEFAULT_INHERITED}
   * and every {@code LC_*} (on Windows {@link #DEFAULT_INHERITED_WINDOWS}), skipping values that
   * start with {@code ()} (exported shell functions), like the TypeScript SDK's {@code getDefaultEnvironment}.
   */
  public static Map<String, String> defaultEnvironment() {
    return defaultEnvironment(System.getenv(), System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows"));
  }

  /** The variables of this process that {@link Inherit#MINIMAL} passes on. */
  public static Map<String, String> minimalEnvironment() {
    return environment(System.getenv(), windows(), windows() ? MINIMAL_INHERITED_WINDOWS : MINIMAL_INHERITED, false);
  }

  private static boolean windows() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
  }

  static Map<String, String> defaultEnvironment(Map<String, String> from, boolean windows) {
    return environment(from, windows, windows ? DEFAULT_INHERITED_WINDOWS : DEFAULT_INHERITED, true);
  }

  private static Map<String, String> environment(Map<String, String> from, boolean windows, List<String> names,
      boolean locales) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : from.entrySet()) {
      String name = e.getKey();
      boolean allowed = windows ? names.contains(name.toUpperCase(Locale.ROOT)) // Windows names ignore case
          : names.contains(name) || (locales && name.startsWith("LC_"));
      if (allowed && e.getValue() != null && !e.getValue().startsWith("()")) {
        out.put(name, e.getValue());
      }
    }
    return out;
  }

  private static final org.slf4j.Logger STDERR = org.slf4j.LoggerFactory.getLogger("dev.mcpkit.client.stdio.stderr");

  /** The default stderr sink: each line logged at INFO (logger {@code dev.mcpkit.client.stdio.stderr}). */
  private static void log(String line) {
    STDERR.info("[server stderr] {}", PeerText.line(line, 2000));
  }

  /** Sets (or, with {@code null}, removes) one variable in the child's environment. */
  public StdioCommand withEnv(String name, String value) {
    Map<String, String> e = new LinkedHashMap<>(env);
    e.put(name, value);
    return new StdioCommand(argv, e, inherit, workingDirectory, stderr, maxLineBytes, shutdownGrace, secrets, launch, name);
  }

  /** Sets several variables in the child's environment (a {@code null} value removes one). */
  public StdioCommand withEnv(Map<String, String> vars) {
    Map<String, String> e = new LinkedHashMap<>(env);
    e.putAll(vars);
    return new StdioCommand(argv, e, inherit, workingDirectory, stderr, maxLineBytes, shutdownGrace, secrets, launch, name);
  }

  /** Starts the child with only the variables given by {@link #withEnv} (and none inherited). */
  public StdioCommand withCleanEnv() {
    return withInherit(Inherit.NONE);
  }

  /** Starts the child with this process's whole environment (opt-in: it sees every secret there). */
  public StdioCommand withInheritedEnv() {
    return withInherit(Inherit.ALL);
  }

  /** Which of this process's variables the child inherits. */
  public StdioCommand withInherit(Inherit policy) {
    return new StdioCommand(argv, env, policy, workingDirectory, stderr, maxLineBytes, shutdownGrace, secrets, launch, name);
  }

  /** Values to show as {@code ***} in every message and log line about this server (added to those already set). */
  public StdioCommand withSecrets(Collection<String> values) {
    Set<String> all = new LinkedHashSet<>(secrets);
    all.addAll(values);
    return new StdioCommand(argv, env, inherit, workingDirectory, stderr, maxLineBytes, shutdownGrace, all, launch, name);
  }

  /** {@code text} with every one of {@link #secrets()} shown as {@code ***}. */
  public String redact(String text) {
    return ServerSpec.redact(text, secrets);
  }

  /** The child's working directory ({@code null}: this process's). */
  public StdioCommand withWorkingDirectory(Path dir) {
    return new StdioCommand(argv, env, inherit, dir, stderr, maxLineBytes, shutdownGrace, secrets, launch, name);
  }

  /** Receives each line the child writes to stderr (default: logged, sanitised). */
  public StdioCommand withStderr(Consumer<String> sink) {
    return new StdioCommand(argv, env, inherit, workingDirectory, sink, maxLineBytes, shutdownGrace, secrets, launch, name);
  }

  /** The largest message accepted from the child, in bytes (at least 1024). */
  public StdioCommand withMaxLineBytes(int max) {
    return new StdioCommand(argv, env, inherit, workingDirectory, stderr, max, shutdownGrace, secrets, launch, name);
  }

  /**
   * How long each step of the shutdown waits for the child to exit: after closing its stdin, then after destroying it,
   * before destroying it forcibly.
   */
  public StdioCommand withShutdownGrace(Duration grace) {
    return new StdioCommand(argv, env, inherit, workingDirectory, stderr, maxLineBytes, grace, secrets, launch, name);
  }

  /**
   * Which executables may be started ({@link LaunchPolicy}), checked before anything is spawned: {@link
   * LaunchPolicy#any()} for a command built by hand, {@link LaunchPolicy#standard()} (no shells) for a server of a
   * configuration file.
   */
  public StdioCommand withLaunchPolicy(LaunchPolicy policy) {
    return new StdioCommand(argv, env, inherit, workingDirectory, stderr, maxLineBytes, shutdownGrace, secrets, policy,
        name);
  }

  /** The server's name for messages (its entry in a configuration file); {@code null}: the command line. */
  public StdioCommand withName(String serverName) {
    return new StdioCommand(argv, env, inherit, workingDirectory, stderr, maxLineBytes, shutdownGrace, secrets, launch,
        serverName);
  }

  /** Without secrets: the command line as {@link #display()}, the names of the variables set, not their values. */
  @Override
  public String toString() {
    return "StdioCommand[" + display() + ", env=" + env.keySet() + ", inherit=" + inherit + "]";
  }

  /**
   * The command line for messages: arguments with spaces quoted, {@link #secrets()} shown as {@code
   * ***}, non-printing characters escaped; never executed as text.
   */
  public String display() {
    List<String> parts = new ArrayList<>();
    for (String a : argv) {
      parts.add(a.isEmpty() || a.chars().anyMatch(c -> c == ' ' || c == '"' || c == '\'') ? "'" + a + "'" : a);
    }
    return PeerText.line(redact(String.join(" ", parts)), 1000);
  }

  private StdioCommand(List<String> argv, Map<String, String> env, Inherit inherit, Path workingDirectory,
      Consumer<String> stderr, int maxLineBytes, Duration shutdownGrace, Set<String> secrets, LaunchPolicy launch,
      String name) {
    argv = List.copyOf(argv);
    if (argv.isEmpty() || argv.getFirst().isBlank()) {
      throw new IllegalArgumentException("a stdio command needs an executable");
    }
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    Objects.requireNonNull(inherit, "inherit");
    Objects.requireNonNull(stderr, "stderr");
    secrets = secrets == null ? Set.of() : Set.copyOf(secrets);
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    if (maxLineBytes < 1024) {
      throw new IllegalArgumentException("maxLineBytes must be at least 1024");
    }
    this.argv = argv;
    this.env = env;
    this.inherit = inherit;
    this.workingDirectory = workingDirectory;
    this.stderr = stderr;
    this.maxLineBytes = maxLineBytes;
    this.shutdownGrace = shutdownGrace;
    this.secrets = secrets;
    this.launch = Objects.requireNonNull(launch, "launch");
    this.name = name;
  }

  /** The executable and its arguments, each one element (no word splitting, no shell). */
  public List<String> argv() {
    return argv;
  }

  /** Variables to set in the child; a {@code null} value removes an inherited variable. */
  public Map<String, String> env() {
    return env;
  }

  /** Which of this process's variables the child starts with. */
  public Inherit inherit() {
    return inherit;
  }

  /** The child's working directory, or {@code null} for the current one. */
  public Path workingDirectory() {
    return workingDirectory;
  }

  /**
   * Receives each line the child writes to stderr (default: logged at INFO); the last lines are also kept for error
   * messages.
   */
  public Consumer<String> stderr() {
    return stderr;
  }

  /** The longest message accepted from the child. */
  public int maxLineBytes() {
    return maxLineBytes;
  }

  /**
   * How long the child may take to exit after its stdin is closed, before it is destroyed (and, after the same time
   * again, destroyed forcibly).
   */
  public Duration shutdownGrace() {
    return shutdownGrace;
  }

  /**
   * Values never shown in messages or logs (such as those substituted from {@code ${env:...}} in a config file):
   * {@link #display()} and the stderr lines show {@code ***}.
   */
  public Set<String> secrets() {
    return secrets;
  }

  /** Which executables may be started: checked by the transport before it spawns anything. */
  public LaunchPolicy launchPolicy() {
    return launch;
  }

  /** The server's name for messages, or {@code null} (then the command line names it). */
  public String name() {
    return name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StdioCommand other
        && Objects.equals(argv, other.argv)
        && Objects.equals(env, other.env)
        && Objects.equals(inherit, other.inherit)
        && Objects.equals(workingDirectory, other.workingDirectory)
        && Objects.equals(stderr, other.stderr)
        && maxLineBytes == other.maxLineBytes
        && Objects.equals(shutdownGrace, other.shutdownGrace)
        && Objects.equals(secrets, other.secrets)
        && launch.equals(other.launch)
        && Objects.equals(name, other.name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(argv, env, inherit, workingDirectory, stderr, maxLineBytes, shutdownGrace, secrets, launch, name);
  }
}
