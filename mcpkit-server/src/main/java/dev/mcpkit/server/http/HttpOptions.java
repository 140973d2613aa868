package dev.mcpkit.server.http;

import java.time.Duration;
import java.util.Set;

/**
 * Settings of the HTTP transports; every default is the safe one.
 *
 * @param path the Streamable HTTP endpoint ({@code /mcp})
 * @param legacySsePath the 2024-11-05 HTTP+SSE stream endpoint ({@code /sse}), or {@code null} to
 *     disable the legacy transport; its message endpoint is {@code legacyMessagesPath}
 * @param allowedHosts Host header values accepted besides loopback names (DNS-rebinding defence)
 * @param allowedOrigins Origin values accepted besides loopback origins
 * @param checkHosts whether to validate the Host header at all (turn off only behind a proxy
 *     that does it)
 * @param maxBodyBytes the largest request body (413 beyond)
 * @param maxStreamsPerClient open SSE streams per client (session, or remote address)
 * @param heartbeat interval of SSE keep-alive comments
 * @param sessionIdleTimeout how long an idle 2025 session lives
 * @param eventBuffer events kept per resumable stream
 * @param retryMs the reconnection delay announced to 2025 clients on SSE streams
 * @param shutdownGrace how long requests in flight may take to finish on stop
 */
public record HttpOptions(
    String path,
    String legacySsePath,
    String legacyMessagesPath,
    Set<String> allowedHosts,
    Set<String> allowedOrigins,
    boolean checkHosts,
    long maxBodyBytes,
    int maxStreamsPerClient,
    Duration heartbeat,
    Duration sessionIdleTimeout,
    int eventBuffer,
    int retryMs,
    Duration shutdownGrace) {

  public HttpOptions {
    allowedHosts = Set.copyOf(allowedHosts);
    allowedOrigins = Set.copyOf(allowedOrigins);
  }

  public static HttpOptions defaults() {
    return new HttpOptions("/mcp", "/sse", "/messages", Set.of(), Set.of(), true, 4L * 1024 * 1024, 16,
        Duration.ofSeconds(15), Duration.ofMinutes(30), 1000, 2000, Duration.ofSeconds(10));
  }
}
