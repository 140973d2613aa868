package dev.mcpkit.server.http;

import dev.mcpkit.server.cluster.SessionCluster;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the HTTP transports; immutable, and every default is the safe one. Change one with
 * {@link #toBuilder()}:
 *
 * <pre>{@code
 * HttpOptions o = HttpOptions.builder().maxBodyBytes(1 << 20).sessionIdleTimeout(Duration.ofMinutes(5)).build();
 * HttpOptions p = o.toBuilder().maxStreamsPerClient(4).build();
 * }</pre>
 *
 * <p>A "client" in the limits below is the authenticated principal (subject and OAuth client) when
 * a guard names one, otherwise the remote address; the limits hold across all of its sessions and
 * all stream kinds (2025 GET streams, SSE responses to POSTs, 2026 {@code subscriptions/listen},
 * legacy {@code /sse}).
 */
public final class HttpOptions {

  private final String path;
  private final String legacySsePath;
  private final String legacyMessagesPath;
  private final Set<String> allowedHosts;
  private final Set<String> allowedOrigins;
  private final boolean checkHosts;
  private final long maxBodyBytes;
  private final int maxStreamsPerClient;
  private final int maxStreams;
  private final int maxSessionsPerClient;
  private final int maxSessions;
  private final Duration heartbeat;
  private final Duration sessionIdleTimeout;
  private final Duration streamIdleTimeout;
  private final long maxQueuedBytesPerStream;
  private final Duration writeTimeout;
  private final int eventBuffer;
  private final SessionCluster sessionCluster;
  private final int retryMs;
  private final Duration shutdownGrace;
  private final ClientCounts clientCounts;
  private final String instanceName;

  private HttpOptions(Builder b) {
    this.path = requirePath(b.path, "path");
    this.legacySsePath = b.legacySsePath == null ? null : requirePath(b.legacySsePath, "legacySsePath");
    this.legacyMessagesPath = requirePath(b.legacyMessagesPath, "legacyMessagesPath");
    this.allowedHosts = Set.copyOf(b.allowedHosts);
    this.allowedOrigins = Set.copyOf(b.allowedOrigins);
    this.checkHosts = b.checkHosts;
    this.maxBodyBytes = positive(b.maxBodyBytes, "maxBodyBytes");
    this.maxStreamsPerClient = (int) positive(b.maxStreamsPerClient, "maxStreamsPerClient");
    this.maxStreams = (int) positive(b.maxStreams, "maxStreams");
    this.maxSessionsPerClient = (int) positive(b.maxSessionsPerClient, "maxSessionsPerClient");
    this.maxSessions = (int) positive(b.maxSessions, "maxSessions");
    this.heartbeat = positive(b.heartbeat, "heartbeat");
    this.sessionIdleTimeout = positive(b.sessionIdleTimeout, "sessionIdleTimeout");
    this.streamIdleTimeout = positive(b.streamIdleTimeout, "streamIdleTimeout");
    this.maxQueuedBytesPerStream = positive(b.maxQueuedBytesPerStream, "maxQueuedBytesPerStream");
    this.writeTimeout = positive(b.writeTimeout, "writeTimeout");
    this.eventBuffer = (int) positive(b.eventBuffer, "eventBuffer");
    this.sessionCluster = b.sessionCluster;
    this.retryMs = (int) positive(b.retryMs, "retryMs");
    this.shutdownGrace = Objects.requireNonNull(b.shutdownGrace, "shutdownGrace");
    this.clientCounts = b.clientCounts;
    this.instanceName = requireInstanceName(b.instanceName);
  }

  /** The defaults: every one the safe choice. */
  public static HttpOptions defaults() {
    return builder().build();
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings, to change some of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The Streamable HTTP endpoint (default {@code /mcp}). */
  public String path() {
    return path;
  }

  /** The 2024-11-05 HTTP+SSE stream endpoint (default {@code /sse}), or {@code null} when the legacy transport is off. */
  public String legacySsePath() {
    return legacySsePath;
  }

  /** The 2024-11-05 message endpoint (default {@code /messages}). */
  public String legacyMessagesPath() {
    return legacyMessagesPath;
  }

  /** Host header values accepted besides loopback names (DNS-rebinding defence); default none. */
  public Set<String> allowedHosts() {
    return allowedHosts;
  }

  /** Browser origins accepted besides the server's own; default none. */
  public Set<String> allowedOrigins() {
    return allowedOrigins;
  }

  /** Whether the Host header is validated at all (default true; turn off only behind a proxy that does it). */
  public boolean checkHosts() {
    return checkHosts;
  }

  /** The largest request body (default 4 MiB; 413 beyond). */
  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  /** Open streams per client across all its sessions and stream kinds (default 16; 429 beyond). */
  public int maxStreamsPerClient() {
    return maxStreamsPerClient;
  }

  /** Open streams in the whole server (default 10,000; 503 beyond). */
  public int maxStreams() {
    return maxStreams;
  }

  /** Live 2025 and legacy sessions per client (default 64; 429 beyond). */
  public int maxSessionsPerClient() {
    return maxSessionsPerClient;
  }

  /** Live sessions in the whole server (default 10,000; 503 beyond). */
  public int maxSessions() {
    return maxSessions;
  }

  /** Interval of SSE keep-alive comments, also the housekeeping period (default 15 s). */
  public Duration heartbeat() {
    return heartbeat;
  }

  /** How long an idle 2025 or legacy session lives (default 30 min). */
  public Duration sessionIdleTimeout() {
    return sessionIdleTimeout;
  }

  /** How long a stream that carries nothing but heartbeats stays open (default 30 min). */
  public Duration streamIdleTimeout() {
    return streamIdleTimeout;
  }

  /** Bytes a stream may have waiting for a slow reader before it is closed (default 1 MiB). */
  public long maxQueuedBytesPerStream() {
    return maxQueuedBytesPerStream;
  }

  /** How long one write to a peer may wait before the stream is closed (default 30 s). */
  public Duration writeTimeout() {
    return writeTimeout;
  }

  /** Events kept per resumable stream (default 1,000). */
  public int eventBuffer() {
    return eventBuffer;
  }

  /**
   * Where 2025 sessions are shared with other instances of this server, or {@code null} (the default): sessions live
   * in this process only.
   */
  public SessionCluster sessionCluster() {
    return sessionCluster;
  }

  /** The reconnection delay announced to 2025 clients on SSE streams (default 2,000 ms). */
  public int retryMs() {
    return retryMs;
  }

  /** How long requests in flight may take to finish on stop (default 10 s). */
  public Duration shutdownGrace() {
    return shutdownGrace;
  }

  /**
   * Where the per-client stream and session counts are kept: {@code null} (the default) for each server's own
   * memory, or a store shared by the instances of a cluster (see {@link ClientCounts}).
   */
  public ClientCounts clientCounts() {
    return clientCounts;
  }

  /**
   * The name this server instance sends in the {@value #INSTANCE_HEADER} header of every HTTP response, or {@code
   * null} (the default) for no such header. Behind a load balancer it tells which instance answered (logs, tests).
   */
  public String instanceName() {
    return instanceName;
  }

  /** The response header that carries {@link #instanceName()}. */
  public static final String INSTANCE_HEADER = "Mcpkit-Instance";

  private static String requireInstanceName(String name) {
    // A header value: visible ASCII only (no CR/LF: no header injection), short, and not empty.
    if (name != null && (name.isEmpty() || name.length() > 64 || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
      throw new IllegalArgumentException("instanceName must be 1 to 64 visible ASCII characters, without spaces");
    }
    return name;
  }

  private static String requirePath(String p, String name) {
    Objects.requireNonNull(p, name);
    if (!p.startsWith("/")) {
      throw new IllegalArgumentException(name + " must start with '/': " + p);
    }
    return p;
  }

  private static long positive(long n, String name) {
    if (n <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + n);
    }
    return n;
  }

  private static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
    return d;
  }

  /** Builds {@link HttpOptions}; a builder starts from the defaults. */
  public static final class Builder {
    private String path = "/mcp";
    private String legacySsePath = "/sse";
    private String legacyMessagesPath = "/messages";
    private Set<String> allowedHosts = Set.of();
    private Set<String> allowedOrigins = Set.of();
    private boolean checkHosts = true;
    private long maxBodyBytes = 4L * 1024 * 1024;
    private long maxStreamsPerClient = 16;
    private long maxStreams = 10_000;
    private long maxSessionsPerClient = 64;
    private long maxSessions = 10_000;
    private Duration heartbeat = Duration.ofSeconds(15);
    private Duration sessionIdleTimeout = Duration.ofMinutes(30);
    private Duration streamIdleTimeout = Duration.ofMinutes(30);
    private long maxQueuedBytesPerStream = 1024 * 1024;
    private Duration writeTimeout = Duration.ofSeconds(30);
    private long eventBuffer = 1000;
    private SessionCluster sessionCluster;
    private long retryMs = 2000;
    private Duration shutdownGrace = Duration.ofSeconds(10);
    private ClientCounts clientCounts;
    private String instanceName;

    private Builder() {}

    private Builder(HttpOptions o) {
      path = o.path;
      legacySsePath = o.legacySsePath;
      legacyMessagesPath = o.legacyMessagesPath;
      allowedHosts = o.allowedHosts;
      allowedOrigins = o.allowedOrigins;
      checkHosts = o.checkHosts;
      maxBodyBytes = o.maxBodyBytes;
      maxStreamsPerClient = o.maxStreamsPerClient;
      maxStreams = o.maxStreams;
      maxSessionsPerClient = o.maxSessionsPerClient;
      maxSessions = o.maxSessions;
      heartbeat = o.heartbeat;
      sessionIdleTimeout = o.sessionIdleTimeout;
      streamIdleTimeout = o.streamIdleTimeout;
      maxQueuedBytesPerStream = o.maxQueuedBytesPerStream;
      writeTimeout = o.writeTimeout;
      eventBuffer = o.eventBuffer;
      sessionCluster = o.sessionCluster;
      retryMs = o.retryMs;
      shutdownGrace = o.shutdownGrace;
      clientCounts = o.clientCounts;
      instanceName = o.instanceName;
    }

    /** @see HttpOptions#path() */
    public Builder path(String path) {
      this.path = path;
      return this;
    }

    /** Both legacy endpoints; {@code sse == null} turns the legacy transport off. @see HttpOptions#legacySsePath() */
    public Builder legacyPaths(String sse, String messages) {
      this.legacySsePath = sse;
      this.legacyMessagesPath = messages;
      return this;
    }

    /** @see HttpOptions#allowedHosts() */
    public Builder allowedHosts(Set<String> hosts) {
      this.allowedHosts = Set.copyOf(hosts);
      return this;
    }

    /** @see HttpOptions#allowedOrigins() */
    public Builder allowedOrigins(Set<String> origins) {
      this.allowedOrigins = Set.copyOf(origins);
      return this;
    }

    /** @see HttpOptions#checkHosts() */
    public Builder checkHosts(boolean check) {
      this.checkHosts = check;
      return this;
    }

    /** @see HttpOptions#maxBodyBytes() */
    public Builder maxBodyBytes(long n) {
      this.maxBodyBytes = n;
      return this;
    }

    /** @see HttpOptions#maxStreamsPerClient() */
    public Builder maxStreamsPerClient(int n) {
      this.maxStreamsPerClient = n;
      return this;
    }

    /** @see HttpOptions#maxStreams() */
    public Builder maxStreams(int n) {
      this.maxStreams = n;
      return this;
    }

    /** @see HttpOptions#maxSessionsPerClient() */
    public Builder maxSessionsPerClient(int n) {
      this.maxSessionsPerClient = n;
      return this;
    }

    /** @see HttpOptions#maxSessions() */
    public Builder maxSessions(int n) {
      this.maxSessions = n;
      return this;
    }

    /** @see HttpOptions#heartbeat() */
    public Builder heartbeat(Duration every) {
      this.heartbeat = every;
      return this;
    }

    /** @see HttpOptions#sessionIdleTimeout() */
    public Builder sessionIdleTimeout(Duration idle) {
      this.sessionIdleTimeout = idle;
      return this;
    }

    /** @see HttpOptions#streamIdleTimeout() */
    public Builder streamIdleTimeout(Duration idle) {
      this.streamIdleTimeout = idle;
      return this;
    }

    /** @see HttpOptions#maxQueuedBytesPerStream() */
    public Builder maxQueuedBytesPerStream(long n) {
      this.maxQueuedBytesPerStream = n;
      return this;
    }

    /** @see HttpOptions#writeTimeout() */
    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = timeout;
      return this;
    }

    /** @see HttpOptions#eventBuffer() */
    public Builder eventBuffer(int n) {
      this.eventBuffer = n;
      return this;
    }

    /** Shares 2025 sessions with other instances; {@code null} keeps them in this process. @see HttpOptions#sessionCluster() */
    public Builder sessionCluster(SessionCluster cluster) {
      this.sessionCluster = cluster;
      return this;
    }

    /** @see HttpOptions#retryMs() */
    public Builder retryMs(int ms) {
      this.retryMs = ms;
      return this;
    }

    /** @see HttpOptions#shutdownGrace() */
    public Builder shutdownGrace(Duration grace) {
      this.shutdownGrace = grace;
      return this;
    }

    /** {@code null} counts in each server's own memory. @see HttpOptions#clientCounts() */
    public Builder clientCounts(ClientCounts counts) {
      this.clientCounts = counts;
      return this;
    }

    /** {@code null} for no instance header. @see HttpOptions#instanceName() */
    public Builder instanceName(String name) {
      this.instanceName = name;
      return this;
    }

    /** The options; throws {@link IllegalArgumentException} naming a setting that is out of range. */
    public HttpOptions build() {
      return new HttpOptions(this);
    }
  }
}
