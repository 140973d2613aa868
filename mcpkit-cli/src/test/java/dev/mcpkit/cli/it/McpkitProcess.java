package dev.mcpkit.cli.it;

import dev.mcpkit.core.testing.Repo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged {@code mcpkit.jar} run as a user runs it, for end-to-end tests: started with the
 * JDK that runs the tests, its HTTP endpoint read from the line it prints on stderr.
 */
public final class McpkitProcess implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+|[\\w.\\[\\]:]+:\\d+)");

  private final Process process;
  private final URI endpoint;
  private final StringBuffer stderr;

  private McpkitProcess(Process process, URI endpoint, StringBuffer stderr) {
    this.process = process;
    this.endpoint = endpoint;
    this.stderr = stderr;
  }

  /** The shaded jar built by this module. */
  public static Path jar() {
    // -Dmcpkit.jar=/path/to/other/mcpkit.jar runs the tests against another build (e.g. the one before a fix).
    String other = System.getProperty("mcpkit.jar");
    Path jar = other != null && !other.isBlank() ? Path.of(other) : Repo.root().resolve("mcpkit-cli/target/mcpkit.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: run the package phase first");
    }
    return jar;
  }

  /** The java binary running the tests (a JDK >= 21). */
  public static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  /** The command line that runs mcpkit with the given arguments. */
  public static List<String> command(String... args) {
    return command(jar(), args);
  }

  private static List<String> command(Path jar, String... args) {
    List<String> cmd = new ArrayList<>(List.of(java(), "-jar", jar.toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Starts an HTTP-serving command (e.g. {@code serve --port 0}) and waits for its endpoint. */
  public static McpkitProcess startHttp(String... args) throws IOException, InterruptedException {
    return startHttp(jar(), args);
  }

  /**
   * Starts an HTTP-serving command of the given jar and waits for its endpoint (the URL after "listening on"; a
   * bare {@code host:port} there, as the auth-server prints it, is taken as {@code http://host:port}).
   */
  public static McpkitProcess startHttp(Path jar, String... args) throws IOException, InterruptedException {
    return startHttp(jar, java.util.Map.of(), args);
  }

  /** As {@link #startHttp(Path, String...)}, with {@code env} added to the process's environment. */
  public static McpkitProcess startHttp(Path jar, java.util.Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command(jar, args)).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().putAll(env);
    Process p = pb.start();
    BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
    CompletableFuture<URI> url = new CompletableFuture<>();
    StringBuffer log = new StringBuffer();
    Thread.ofVirtual().start(() -> {
      try {
        String line;
        while ((line = err.readLine()) != null) {
          log.append(line).append('\n');
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            url.complete(URI.create(m.group(1).startsWith("http") ? m.group(1) : "http://" + m.group(1)));
          }
        }
      } catch (IOException ignored) {
        // process ended
      }
      url.completeExceptionally(new IllegalStateException("mcpkit exited before listening:\n" + log));
    });
    try {
      return new McpkitProcess(p, url.get(60, TimeUnit.SECONDS), log);
    } catch (Exception e) {
      p.destroyForcibly();
      throw new IllegalStateException("mcpkit did not start: " + e.getMessage() + "\n" + log, e);
    }
  }

  public URI endpoint() {
    return endpoint;
  }

  /** Everything the process printed on stderr so far. */
  public String output() {
    return stderr.toString();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Kills the process at once (SIGKILL, as {@code kill -9}: no shutdown hook runs) and waits for it to end. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(15, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
