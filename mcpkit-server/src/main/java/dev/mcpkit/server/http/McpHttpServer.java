package dev.mcpkit.server.http;

import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.internal.Dispatcher;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ProxyConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;

/**
 * Serves an {@link McpServer} over HTTP on Jetty: the Streamable HTTP endpoint (both eras) and
 * the 2024-11-05 HTTP+SSE endpoints. Binds 127.0.0.1 by default, validates Host and Origin,
 * limits body size and open streams, evicts idle sessions, and on {@link #close()} lets requests
 * in flight finish.
 *
 * <pre>{@code
 * try (McpHttpServer http = McpHttpServer.builder(server).port(8080).build().start()) {
 *   System.out.println("MCP endpoint: " + http.endpoint());
 *   http.join();
 * }
 * }</pre>
 */
public final class McpHttpServer implements AutoCloseable {

  private final McpServer server;
  private final String host;
  private final int port;
  private final HttpOptions options;
  private final RequestGuard guard;
  private final List<Handler> extraHandlers;
  private final TrustedProxies trustedProxies;
  private final boolean proxyProtocol;
  private final List<ReadinessCheck> readiness;
  private final SessionRegistry sessions;
  private final StreamRegistry streams;
  private final Dispatcher dispatcher;
  private final Handler mcpHandler;
  /** The socket {@link Builder#bind()} bound, served on at start; null when start binds. */
  private ServerSocketChannel bound;
  private Server jetty;
  private ServerConnector connector;
  private ScheduledExecutorService housekeeping;

  private McpHttpServer(Builder b) {
    this.server = b.server;
    this.host = b.host;
    this.port = b.port;
    this.options = b.effectiveOptions();
    this.guard = b.guard;
    this.extraHandlers = List.copyOf(b.extraHandlers);
    this.trustedProxies = TrustedProxies.of(b.trustedProxies);
    this.proxyProtocol = b.proxyProtocol;
    this.readiness = List.copyOf(b.readiness);
    this.bound = b.bound;
    b.bound = null; // one owner: this server serves on it, or releases it on close
    this.dispatcher = new Dispatcher(server);
    this.sessions = new SessionRegistry(options, dispatcher);
    this.streams = new StreamRegistry(options);
    List<Handler> mcp = new ArrayList<>();
    mcp.add(new StreamableHttpHandler(dispatcher, options, guard, sessions, streams));
    if (options.legacySsePath() != null) {
      mcp.add(new LegacySseHandler(dispatcher, options, guard, sessions, streams));
    }
    this.mcpHandler = JettyServers.sequence(mcp);
  }

  /** A builder for an HTTP server that serves {@code server}. */
  public static Builder builder(McpServer server) {
    return new Builder(server);
  }

  /**
   * The MCP handlers alone, to mount in another Jetty server (next to an authorization server,
   * say). The server calling them must run {@link #housekeeping()} periodically, as {@link
   * #start()} does.
   */
  public Handler handler() {
    return mcpHandler;
  }

  /**
   * Heartbeats for open streams (closing stalled and idle ones) and eviction of idle sessions; run
   * every few seconds. Never waits on a client: stream writes are queued (see SseConnection).
   */
  public void housekeeping() {
    try {
      streams.heartbeat();
    } finally {
      sessions.evictIdle();
    }
  }

  /** Starts Jetty; returns this server, listening. */
  public McpHttpServer start() throws Exception {
    // no I/O buffer shared between connections: see JettyServers for the Jetty race it rules out
    jetty = JettyServers.newServer("mcp-jetty");
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false); // no version fingerprint on every response
    // Jetty keeps a per-connection header cache (~100 KiB from a connection's second request on);
    // with thousands of open streams it dominated the heap (bench workload d), for no measurable
    // gain on MCP's few, short headers.
    http.setHeaderCacheSize(0);
    // the client's address, for every per-address limit and log, when a trusted proxy names it
    http.addCustomizer(new ForwardedFor(trustedProxies));
    HttpConnectionFactory h1 = JettyServers.http(http);
    ProxyConnectionFactory proxy = new ProxyConnectionFactory(h1.getProtocol());
    connector = proxyProtocol
        ? new ServerConnector(jetty, new ProxyGate(trustedProxies, proxy, h1), proxy, h1)
        : new ServerConnector(jetty, h1);
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(Duration.ofMinutes(5).toMillis());
    if (bound != null) {
      connector.open(bound); // serve on the socket bound earlier: Jetty's start does not bind again
      bound = null; // the connector owns it now, and closes it when stopped
    }
    jetty.addConnector(connector);
    List<Handler> all = new ArrayList<>();
    all.add(mcpHandler);
    all.addAll(extraHandlers);
    all.add(new HealthHandler(readiness)); // after the extra handlers: one of them may answer the probes itself
    all.add(new NotFoundHandler());
    GracefulHandler graceful = new GracefulHandler(JettyServers.sequence(all));
    jetty.setHandler(options.instanceName() == null ? graceful : new InstanceHeader(options.instanceName(), graceful));
    jetty.setErrorHandler(new JsonErrorHandler(options.instanceName()));
    jetty.setStopTimeout(options.shutdownGrace().toMillis());
    jetty.start();
    housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mcp-housekeeping");
      t.setDaemon(true);
      return t;
    });
    long every = Math.max(1, options.heartbeat().toMillis());
    housekeeping.scheduleAtFixedRate(() -> {
      try {
        housekeeping();
      } catch (RuntimeException e) {
        // a periodic task that throws is never run again: keep the heartbeats and evictions going
        org.slf4j.LoggerFactory.getLogger(McpHttpServer.class).warn("housekeeping failed: {}", e.toString());
      }
    }, every, every, TimeUnit.MILLISECONDS);
    return this;
  }

  /** The bound port (the real one when built with port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** The Streamable HTTP endpoint URL. */
  public URI endpoint() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    if (h.equals("0.0.0.0") || h.equals("[::]")) {
      h = "127.0.0.1";
    }
    return URI.create("http://" + h + ":" + port() + options.path());
  }

  /** The name sent in the {@value HttpOptions#INSTANCE_HEADER} header, or {@code null} when none is sent. */
  public String instanceName() {
    return options.instanceName();
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    jetty.join();
  }

  /** The number of open 2025 sessions (for monitoring and tests). */
  public int sessionCount() {
    return sessions.size();
  }

  /** The number of open long-lived streams. */
  public int streamCount() {
    return streams.openCount();
  }

  /**
   * Stops gracefully: long-lived streams end (listen streams with a final result), requests in
   * flight get the shutdown grace period to finish, then sessions are closed.
   */
  @Override
  public void close() {
    if (jetty == null) {
      closeUnstarted();
      return;
    }
    dispatcher.shutdown(); // only this transport's subscriptions end
    streams.closeAll();
    try {
      jetty.stop();
    } catch (Exception e) {
      // stop failures leave nothing more to do
    }
    sessions.closeAll();
    housekeeping.shutdownNow();
    jetty = null;
  }

  /** Releases the socket {@link Builder#bind()} bound for a server that was never started. */
  private void closeUnstarted() {
    if (bound != null) {
      try {
        bound.close();
      } catch (IOException e) {
        // nothing listens on it any more either way
      }
      bound = null;
    }
  }

  /** Builds an {@link McpHttpServer}. */
  public static final class Builder {
    private final McpServer server;
    private String host = "127.0.0.1";
    private int port = 8080;
    private HttpOptions options = HttpOptions.defaults();
    private RequestGuard guard = RequestGuard.ALLOW_ALL;
    private final List<Handler> extraHandlers = new ArrayList<>();
    private final Set<String> extraHosts = new HashSet<>();
    private final Set<String> extraOrigins = new HashSet<>();
    private final List<String> trustedProxies = new ArrayList<>();
    private boolean proxyProtocol;
    private final List<ReadinessCheck> readiness = new ArrayList<>();
    private ServerSocketChannel bound;

    private Builder(McpServer server) {
      this.server = Objects.requireNonNull(server);
    }

    /** The interface to bind (default 127.0.0.1: local only). */
    public Builder host(String host) {
      unbound();
      this.host = Objects.requireNonNull(host);
      return this;
    }

    /** The port (default 8080; 0 picks a free one). */
    public Builder port(int port) {
      unbound();
      this.port = port;
      return this;
    }

    /** The transport's options (see {@link HttpOptions}); replaces earlier options. */
    public Builder options(HttpOptions options) {
      this.options = Objects.requireNonNull(options);
      return this;
    }

    /**
     * Adds Host header values to accept besides loopback names (needed when serving a hostname).
     * Kept apart from {@link #options(HttpOptions)}, so the order of the calls does not matter.
     */
    public Builder allowHosts(String... hosts) {
      for (String h : hosts) {
        extraHosts.add(h.toLowerCase(java.util.Locale.ROOT));
      }
      return this;
    }

    /** Adds browser origins to accept besides the server's own origin (e.g. {@code https://app.example}). */
    public Builder allowOrigins(String... origins) {
      extraOrigins.addAll(List.of(origins));
      return this;
    }

    /** Authentication and authorization (see mcpkit-auth); default: anonymous. */
    public Builder guard(RequestGuard guard) {
      this.guard = Objects.requireNonNull(guard);
      return this;
    }

    /** A handler tried after the MCP endpoints (metadata documents, an embedded AS, ...). */
    public Builder handler(Handler handler) {
      extraHandlers.add(Objects.requireNonNull(handler));
      return this;
    }

    /**
     * Adds reverse proxies (addresses or CIDR blocks, see {@link TrustedProxies}) whose {@code X-Forwarded-For} names
     * the client, for every per-address limit and log; from other peers the header is ignored. Default: none.
     *
     * @throws IllegalArgumentException for an entry that is not an IP literal or CIDR block
     */
    public Builder trustedProxies(String... proxies) {
      TrustedProxies.of(List.of(proxies)); // fail here, at configuration, not at start
      trustedProxies.addAll(List.of(proxies));
      return this;
    }

    /**
     * Reads a PROXY protocol header (v1 or v2, Jetty's {@code ProxyConnectionFactory}) on connections from the
     * {@link #trustedProxies trusted proxies}; never on others. Default: off.
     */
    public Builder proxyProtocol(boolean on) {
      this.proxyProtocol = on;
      return this;
    }

    /** Adds a check {@code /readyz} makes (a store answers, upstreams are up); without one, ready means serving. */
    public Builder readiness(ReadinessCheck check) {
      readiness.add(Objects.requireNonNull(check));
      return this;
    }

    /**
     * Binds the listening socket now, on the {@link #host host} and {@link #port port} set so far, and returns the
     * bound port: the real one with port 0. For a server whose own URLs contain its port (an authorization server's
     * issuer, a protected resource's URL): bind, build the guard and handlers with the port, then give them to this
     * builder; {@link McpHttpServer#start()} serves on this same socket, so no other process can take the port in
     * between. Connections made before the start wait in the backlog and are answered after it. The host and port
     * cannot change while it is bound. The socket goes to the next server {@link #build() built}; one never started
     * releases it on {@link McpHttpServer#close()}.
     *
     * @throws IOException when the port cannot be bound (a {@link java.net.BindException} when it is taken)
     * @throws IllegalStateException when already bound
     */
    public int bind() throws IOException {
      unbound();
      bound = JettyServers.bind(host, port);
      return bound.socket().getLocalPort();
    }

    private void unbound() {
      if (bound != null) {
        throw new IllegalStateException("already bound to port " + bound.socket().getLocalPort());
      }
    }

    /** The server, not yet started. */
    public McpHttpServer build() {
      return new McpHttpServer(this);
    }

    /** The options with the hosts and origins added by {@link #allowHosts} and {@link #allowOrigins}. */
    private HttpOptions effectiveOptions() {
      Set<String> hosts = new HashSet<>(options.allowedHosts());
      hosts.addAll(extraHosts);
      Set<String> origins = new HashSet<>(options.allowedOrigins());
      origins.addAll(extraOrigins);
      return options.toBuilder().allowedHosts(hosts).allowedOrigins(origins).build();
    }
  }
}
