package dev.mcpkit.server.testing;

import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.http.HttpOptions;
import dev.mcpkit.server.http.McpHttpServer;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A real {@link McpHttpServer} on an ephemeral 127.0.0.1 port with a test client, closed
 * together. Each test starts its own, so tests never share state.
 */
public final class HttpFixture implements AutoCloseable {

  public final McpServer server;
  public final McpHttpServer http;
  public final HttpTestClient client;

  private HttpFixture(McpServer server, McpHttpServer http) {
    this.server = server;
    this.http = http;
    this.client = new HttpTestClient(http);
  }

  public static HttpFixture start(McpServer server) {
    return start(server, b -> b);
  }

  /** Starts with builder customisations (options, guard, allowed hosts). */
  public static HttpFixture start(McpServer server, UnaryOperator<McpHttpServer.Builder> customise) {
    try {
      McpHttpServer http = customise.apply(McpHttpServer.builder(server).port(0)).build().start();
      return new HttpFixture(server, http);
    } catch (Exception e) {
      throw new IllegalStateException("the test server did not start", e);
    }
  }

  /** The defaults with changes applied through the builder. */
  public static HttpOptions options(UnaryOperator<HttpOptions.Builder> change) {
    return change.apply(HttpOptions.builder()).build();
  }

  public int port() {
    return http.port();
  }

  @Override
  public void close() {
    client.close();
    http.close();
  }
}
