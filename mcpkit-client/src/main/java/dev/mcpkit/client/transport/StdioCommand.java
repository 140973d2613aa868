package dev.mcpkit.client.transport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How to start a stdio server: an argv list (never a shell command line), environment changes, a
 * working directory, and where its stderr goes. Immutable; build with {@link #of(String...)} and
 * the {@code with...} methods.
 *
 * @param argv the executable and its arguments, each one element (no word splitting, no shell)
 * @param env variables to set in the child; a {@code null} value removes an inherited variable
 * @param inheritEnv whether the child starts with this process's environment
 * @param workingDirectory the child's working directory, or {@code null} for the current one
 * @param stderr receives each line the child writes to stderr (default: logged at INFO); the last
 *     lines are also kept for error messages
 * @param maxLineBytes the longest message accepted from the child
 * @param shutdownGrace how long the child may take to exit after its stdin is closed, before it is
 *     destroyed (and, after the same time again, destroyed forcibly)
 */
public record StdioCommand(
    List<String> argv,
    Map<String, String> env,
    boolean inheritEnv,
    Path workingDirectory,
    Consumer<String> stderr,
    int maxLineBytes,
    Duration shutdownGrace) {

  /** The default message size limit: 16 MiB. */
  public static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

  public StdioCommand {
    argv = List.copyOf(argv);
    if (argv.isEmpty() || argv.getFirst().isBlank()) {
      throw new IllegalArgumentException("a stdio command needs an executable");
    }
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    Objects.requireNonNull(stderr, "stderr");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    if (maxLineBytes < 1024) {
      throw new IllegalArgumentException("maxLineBytes must be at least 1024");
    }
  }

  /** A command from its argv: {@code of("node", "server.js", "--stdio")}. */
  public static StdioCommand of(String... argv) {
    return of(List.of(argv));
  }

  public static StdioCommand of(List<String> argv) {
    return new StdioCommand(argv, Map.of(), true, null, StdioCommand::log, DEFAULT_MAX_LINE_BYTES, Duration.ofSeconds(2));
  }

  private static final org.slf4j.Logger STDERR = org.slf4j.LoggerFactory.getLogger("dev.mcpkit.client.stdio.stderr");

  /** The default stderr sink: each line logged at INFO (logger {@code dev.mcpkit.client.stdio.stderr}). */
  private static void log(String line) {
    STDERR.info("[server stderr] {}", dev.mcpkit.client.internal.Text.excerpt(line, 2000));
  }

  /** Sets (or, with {@code null}, removes) one variable in the child's environment. */
  public StdioCommand withEnv(String name, String value) {
    Map<String, String> e = new LinkedHashMap<>(env);
    e.put(name, value);
    return new StdioCommand(argv, e, inheritEnv, workingDirectory, stderr, maxLineBytes, shutdownGrace);
  }

  public StdioCommand withEnv(Map<String, String> vars) {
    Map<String, String> e = new LinkedHashMap<>(env);
    e.putAll(vars);
    return new StdioCommand(argv, e, inheritEnv, workingDirectory, stderr, maxLineBytes, shutdownGrace);
  }

  /** Starts the child with only the variables given by {@link #withEnv} (and none inherited). */
  public StdioCommand withCleanEnv() {
    return new StdioCommand(argv, env, false, workingDirectory, stderr, maxLineBytes, shutdownGrace);
  }

  public StdioCommand withWorkingDirectory(Path dir) {
    return new StdioCommand(argv, env, inheritEnv, dir, stderr, maxLineBytes, shutdownGrace);
  }

  public StdioCommand withStderr(Consumer<String> sink) {
    return new StdioCommand(argv, env, inheritEnv, workingDirectory, sink, maxLineBytes, shutdownGrace);
  }

  public StdioCommand withMaxLineBytes(int max) {
    return new StdioCommand(argv, env, inheritEnv, workingDirectory, stderr, max, shutdownGrace);
  }

  public StdioCommand withShutdownGrace(Duration grace) {
    return new StdioCommand(argv, env, inheritEnv, workingDirectory, stderr, maxLineBytes, grace);
  }

  /** The command line for messages (arguments with spaces quoted; never executed as text). */
  public String display() {
    List<String> parts = new ArrayList<>();
    for (String a : argv) {
      parts.add(a.isEmpty() || a.chars().anyMatch(c -> c == ' ' || c == '"' || c == '\'') ? "'" + a + "'" : a);
    }
    return String.join(" ", parts);
  }
}
