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

  /** The defaults with one change applied through {@link Options}. */
  public static HttpOptions options(UnaryOperator<Options> change) {
    return change.apply(new Options(HttpOptions.defaults())).build();
  }

  public int port() {
    return http.port();
  }

  @Override
  public void close() {
    client.close();
    http.close();
  }

  /** A mutable copy of {@link HttpOptions}, for readable test setups. */
  public static final class Options {
    private HttpOptions o;

    Options(HttpOptions o) {
      this.o = o;
    }

    public Options maxBodyBytes(long n) {
      o = new HttpOptions(o.path(), o.legacySsePath(), o.legacyMessagesPath(), o.allowedHosts(), o.allowedOrigins(),
          o.checkHosts(), n, o.maxStreamsPerClient(), o.heartbeat(), o.sessionIdleTimeout(), o.eventBuffer(),
          o.retryMs(), o.shutdownGrace());
      return this;
    }

    public Options maxStreamsPerClient(int n) {
      o = new HttpOptions(o.path(), o.legacySsePath(), o.legacyMessagesPath(), o.allowedHosts(), o.allowedOrigins(),
          o.checkHosts(), o.maxBodyBytes(), n, o.heartbeat(), o.sessionIdleTimeout(), o.eventBuffer(),
          o.retryMs(), o.shutdownGrace());
      return this;
    }

    /** Idle timeout of sessions, and a housekeeping period short enough to apply it promptly. */
    public Options sessionIdleTimeout(Duration idle, Duration housekeeping) {
      o = new HttpOptions(o.path(), o.legacySsePath(), o.legacyMessagesPath(), o.allowedHosts(), o.allowedOrigins(),
          o.checkHosts(), o.maxBodyBytes(), o.maxStreamsPerClient(), housekeeping, idle, o.eventBuffer(),
          o.retryMs(), o.shutdownGrace());
      return this;
    }

    /** The keep-alive interval of streams (also the housekeeping period). */
    public Options heartbeat(Duration every) {
      o = new HttpOptions(o.path(), o.legacySsePath(), o.legacyMessagesPath(), o.allowedHosts(), o.allowedOrigins(),
          o.checkHosts(), o.maxBodyBytes(), o.maxStreamsPerClient(), every, o.sessionIdleTimeout(), o.eventBuffer(),
          o.retryMs(), o.shutdownGrace());
      return this;
    }

    public Options shutdownGrace(Duration grace) {
      o = new HttpOptions(o.path(), o.legacySsePath(), o.legacyMessagesPath(), o.allowedHosts(), o.allowedOrigins(),
          o.checkHosts(), o.maxBodyBytes(), o.maxStreamsPerClient(), o.heartbeat(), o.sessionIdleTimeout(),
          o.eventBuffer(), o.retryMs(), grace);
      return this;
    }

    HttpOptions build() {
      return o;
    }
  }
}
