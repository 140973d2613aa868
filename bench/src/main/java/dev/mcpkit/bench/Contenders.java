package dev.mcpkit.bench;

import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerResource;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.HttpOptions;
import dev.mcpkit.server.http.McpHttpServer;
import dev.mcpkit.server.stdio.StdioServer;
import java.time.Duration;

/**
 * The Java contenders. Each serves the same {@code echo} tool (returns its {@code message} as one
 * text block; reports progress first when the request carries a progress token, which turns the
 * HTTP response into SSE) and the same 1 MiB text resource {@code bench://blob}.
 */
public final class Contenders {

  private Contenders() {}

  /** Arguments of {@code echo}. */
  public record Echo(String message) {}

  static void serve(String kind, int port) throws Exception {
    switch (kind) {
      case "mcpkit", "mcpkit-vt" -> {
        // Streams are capped per client address by default (16); the stream workload opens 10,000
        // from 127.0.0.1, so the cap is raised here. Everything else keeps the safe defaults
        // (Host/Origin validation on, body limit, idle eviction).
        // workload (h): in cluster mode with BENCH_STORE=redis://… (ClusterSetup), as mcpkit serve --store runs it
        ClusterSetup cluster = ClusterSetup.fromEnv();
        HttpOptions o = options();
        String instance = System.getenv("BENCH_INSTANCE");
        if (instance != null) {
          o = o.toBuilder().instanceName(instance).build();
        }
        // mcpkit-vt: the same echo not declared non-blocking, so each call runs on its own virtual thread (a
        // reference row for the thread hop that the declaration saves)
        boolean nonBlocking = kind.equals("mcpkit");
        McpHttpServer http = cluster.readiness(McpHttpServer.builder(cluster.server(() -> mcpkitBuilder(nonBlocking)))
            .port(port).options(cluster.options(o))).build().start();
        ready(http.port());
        http.join();
      }
      case "mcpkit-guarded" -> GuardedContender.serve(port, options());
      case "sdk" -> SdkContender.serve(port);
      case "floor" -> FloorContender.serve(port);
      case "floor-vt" -> FloorContender.serveVirtual(port);
      default -> throw new IllegalArgumentException("unknown contender " + kind);
    }
  }

  static HttpOptions options() {
    // The bench opens 10,000 streams and many sessions from one address: the limits meant for
    // hostile clients are raised so they measure the transport, not the admission policy.
    return HttpOptions.builder().maxStreamsPerClient(50_000).maxStreams(50_000).maxSessionsPerClient(50_000)
        .maxSessions(50_000).shutdownGrace(Duration.ofSeconds(1)).build();
  }

  static void stdio(String kind) throws Exception {
    switch (kind) {
      case "mcpkit" -> StdioServer.serve(mcpkit());
      case "sdk" -> SdkContender.stdio();
      case "floor" -> FloorContender.stdio();
      default -> throw new IllegalArgumentException("unknown contender " + kind);
    }
  }

  static McpServer mcpkit() {
    return mcpkitBuilder().build();
  }

  static dev.mcpkit.server.McpServerBuilder mcpkitBuilder() {
    return mcpkitBuilder(true);
  }

  /**
   * @param nonBlocking whether {@code echo} is declared non-blocking (it only computes: over HTTP it then runs on
   *     the Jetty thread that read the request)
   */
  static dev.mcpkit.server.McpServerBuilder mcpkitBuilder(boolean nonBlocking) {
    ServerTool.Builder echo = ServerTool.builder("echo").description("Echoes the message back").handler(Echo.class,
        (a, ctx) -> {
          ctx.progress(1, 1.0, "echoing"); // a no-op unless the request carries a progress token
          return ToolResults.text(a.message());
        });
    return McpServer.builder().name("mcpkit-bench").version("1")
        .tool((nonBlocking ? echo.nonBlocking() : echo).build())
        .resource(ServerResource.builder(Blob.URI, "blob").description("1 MiB of text").mimeType("text/plain")
            .text(Blob.TEXT).build());
  }

  static void ready(int port) {
    System.err.println("READY " + port);
    System.err.flush();
  }
}
