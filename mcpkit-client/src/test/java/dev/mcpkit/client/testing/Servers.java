package dev.mcpkit.client.testing;

import dev.mcpkit.client.transport.StdioCommand;
import dev.mcpkit.conformance.EverythingServer;
import dev.mcpkit.server.http.McpHttpServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Real peers for the client tests: the mcpkit everything server over HTTP, and over stdio in a child JVM. */
public final class Servers {

  private Servers() {}

  /** The everything server on an ephemeral loopback port; close it after the test. */
  public static McpHttpServer http() throws Exception {
    return McpHttpServer.builder(EverythingServer.create()).port(0).build().start();
  }

  /** A child JVM that runs a main class of the test class path. */
  public static StdioCommand java(Class<?> main, String... args) {
    List<String> argv = new ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.add("-Xshare:auto");
    argv.add("-XX:TieredStopAtLevel=1");
    argv.add("-cp");
    argv.add(System.getProperty("java.class.path"));
    argv.add(main.getName());
    argv.addAll(List.of(args));
    return StdioCommand.of(argv);
  }

  /** The everything server over stdio, in a child JVM. */
  public static StdioCommand stdioEverything() {
    return java(StdioEverything.class);
  }

  /** A shell script as a stdio "server" (for scripted bad peers; the client itself never uses a shell). */
  public static StdioCommand bash(String script) {
    return StdioCommand.of("bash", "-c", script);
  }
}
