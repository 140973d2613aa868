package dev.mcpkit.cluster;

import dev.mcpkit.cluster.internal.ChangeBus;
import dev.mcpkit.cluster.internal.RedisCounts;
import dev.mcpkit.cluster.internal.SharedKey;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.McpServerBuilder;
import dev.mcpkit.server.http.HttpOptions;
import dev.mcpkit.server.http.ReadinessCheck;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

/**
 * One instance's connection to a cluster of {@link dev.mcpkit.server.http.McpHttpServer}s that share one Redis: owns
 * the Jedis pool, the change reader and sender threads and the lease heartbeat, and applies the shared parts to a
 * server:
 *
 * <pre>{@code
 * try (RedisCluster cluster = RedisCluster.builder(URI.create("redis://127.0.0.1:6379/0")).connect()) {
 *   McpServer server = cluster.attach(cluster.applyTo(McpServer.builder().name("s").version("1")).build());
 *   HttpOptions options = cluster.applyTo(HttpOptions.builder()).build();
 *   McpHttpServer http = McpHttpServer.builder(server).options(options).readiness(cluster.readiness()).build();
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link #applyTo(McpServerBuilder)}: one {@code requestState} key for every instance, so a multi round-trip
 *       started on one continues on another (the operator's key when given, else one made once in Redis);
 *   <li>{@link #attach(McpServer)}: list changes and resource updates published on any instance reach the listeners
 *       (2025 sessions, 2026 {@code subscriptions/listen} streams) of every instance, through a Redis Stream;
 *   <li>{@link #applyTo(HttpOptions.Builder)}: the per-client stream and session limits hold across the cluster,
 *       through counts held by per-instance leases (a dead instance's share is released when its lease lapses);
 *   <li>{@link #readiness()}: {@code /readyz} is ready when Redis answers PING.
 * </ul>
 *
 * <p>While Redis does not answer, requests that must count (a new stream or session) are refused with 503, calls that
 * need nothing shared are served, and the threads reconnect by themselves.
 */
public final class RedisCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RedisCluster.class);

  private final String instanceId;
  private final String description;
  private final RedisClient redis;
  private final byte[] requestStateKey;
  /** Where the shared requestState key lives in Redis; null when the operator gave the key. */
  private final String sharedKeyName;
  private final ChangeBus bus;
  private final RedisCounts counts;
  private final RedisSessions sessions;
  private final ScheduledExecutorService heartbeat;
  private volatile boolean heartbeatDown;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RedisCluster(Builder b) {
    this.instanceId = b.instanceId != null ? b.instanceId : HexFormat.of().formatHex(randomBytes(8));
    URI u = b.uri;
    String host = u.getHost() == null ? "127.0.0.1" : u.getHost();
    int port = u.getPort() > 0 ? u.getPort() : 6379;
    int db = database(u);
    this.description = u.getScheme() + "://" + host + ":" + port + "/" + db; // never the password
    int timeout = (int) b.timeout.toMillis();
    int block = (int) Math.min(1000, Math.max(100, timeout / 2));
    var config = DefaultJedisClientConfig.builder().connectionTimeoutMillis(timeout).socketTimeoutMillis(timeout)
        // an XREAD BLOCK waits up to its block time: a Redis that went silent must not hold the reader forever
        .blockingSocketTimeoutMillis(timeout + block).database(db).ssl("rediss".equals(u.getScheme()))
        .clientName("mcpkit-" + instanceId);
    String userInfo = u.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      String user = colon < 0 ? null : decode(userInfo.substring(0, colon));
      if (user != null && !user.isEmpty()) {
        config.user(user);
      }
      config.password(decode(colon < 0 ? userInfo : userInfo.substring(colon + 1)));
    }
    this.redis = RedisClient.builder().hostAndPort(host, port).clientConfig(config.build()).build();
    try {
      redis.ping();
      this.sharedKeyName = b.requestStateKey != null ? null : b.prefix + "request-state-key";
      this.requestStateKey = b.requestStateKey != null ? b.requestStateKey.clone()
          : SharedKey.get(redis, sharedKeyName);
      this.counts = new RedisCounts(redis, b.prefix, instanceId, b.lease);
      counts.heartbeat(); // the lease exists before the first count, so no other instance takes this one for dead
    } catch (RuntimeException e) {
      redis.close();
      throw new IllegalStateException("cannot connect to Redis at " + description + ": " + e.getMessage(), e);
    }
    this.bus = new ChangeBus(redis, new ChangeBus.Stream(b.prefix + "changes", b.changeStreamLength), instanceId,
        Duration.ofMillis(block));
    bus.start();
    this.sessions = RedisSessions.builder(redis, sessionInstanceId(instanceId)).prefix(sessionPrefix(b.prefix))
        .ttl(b.sessionTtl).block(Duration.ofMillis(block)).lease(b.lease).build();
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mcpkit-cluster-lease");
      t.setDaemon(true);
      return t;
    });
    long every = Math.max(100, b.lease.toMillis() / 3); // two beats may fail before the lease lapses
    heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    LOG.info("cluster instance {} connected to Redis at {}", instanceId, description);
  }

  /** A builder for a connection to the Redis at {@code redis} ({@code redis://[user:password@]host:port[/db]}). */
  public static Builder builder(URI redis) {
    return new Builder(redis);
  }

  /** This instance's id in the cluster (its lease, its changes' origin). */
  public String instanceId() {
    return instanceId;
  }

  /**
   * Gives {@code server} the cluster's {@code requestState} key, so that any instance opens the states any other
   * sealed. Returns the same builder.
   */
  public McpServerBuilder applyTo(McpServerBuilder server) {
    return server.requestStateKey(requestStateKey);
  }

  /**
   * Carries {@code server}'s list changes and resource updates to the other instances, and theirs to its listeners.
   * One server per cluster connection. Which resources are watched ({@code ResourceWatcher}) stays each instance's
   * own. Returns the same server.
   *
   * @throws IllegalStateException when another server is attached already
   */
  public McpServer attach(McpServer server) {
    bus.attach(server.changes());
    return server;
  }

  /**
   * Shares the 2025 sessions with the other instances ({@link RedisSessions}: any instance serves any request of a
   * session) and counts the per-client stream and session limits across the cluster. Returns the same builder.
   */
  public HttpOptions.Builder applyTo(HttpOptions.Builder options) {
    return options.clientCounts(counts).sessionCluster(sessions);
  }

  /** The sessions' key namespace: the key prefix without the {@code mcpkit:} and separators it has already. */
  private static String sessionPrefix(String keyPrefix) {
    String p = keyPrefix.replaceFirst("^mcpkit:", "").replaceAll("[^A-Za-z0-9_.-]+", ".").replaceAll("^\\.+|\\.+$", "");
    return p.isEmpty() ? "cluster" : p.length() > 64 ? p.substring(0, 64) : p;
  }

  private static String sessionInstanceId(String id) {
    String s = id.replaceAll("[^A-Za-z0-9_.-]", "_");
    return s.length() > 64 ? s.substring(0, 64) : s;
  }

  /** A {@code /readyz} check: ready when Redis answers PING, else names {@code redis}. */
  public ReadinessCheck readiness() {
    return () -> {
      try {
        redis.ping();
        return List.of();
      } catch (RuntimeException e) {
        LOG.warn("readiness: Redis at {} does not answer: {}", description, e.toString());
        return List.of("redis");
      }
    };
  }

  private void beat() {
    try {
      if (counts.heartbeat() && sharedKeyName != null) {
        // Redis lost this instance's lease, so maybe everything (a restart without persistence): put the shared
        // requestState key back before an instance starting now makes a different one
        SharedKey.restore(redis, sharedKeyName, requestStateKey);
      }
      if (heartbeatDown) {
        heartbeatDown = false;
        LOG.info("the lease of instance {} is renewed again", instanceId);
      }
    } catch (RuntimeException e) {
      if (!heartbeatDown) {
        heartbeatDown = true;
        LOG.warn("cannot renew the lease of instance {} (retrying): {}", instanceId, e.toString());
      }
    }
  }

  /**
   * Disconnects: stops relaying changes (what is queued gets one more try), gives up this instance's lease and counts
   * at once, and closes the pool. Close the HTTP server first, so that its streams are released. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    sessions.close();
    bus.close();
    heartbeat.shutdownNow();
    try {
      heartbeat.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    counts.leave();
    redis.close();
  }

  private static int database(URI u) {
    String path = u.getPath();
    if (path == null || path.length() <= 1) {
      return 0;
    }
    try {
      return Integer.parseInt(path.substring(1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("the Redis database in " + u.getHost() + path + " must be a number");
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new java.security.SecureRandom().nextBytes(b);
    return b;
  }

  /** Builds a {@link RedisCluster}; every setting has a default except the Redis URI. */
  public static final class Builder {
    private final URI uri;
    private String instanceId;
    private String prefix = "mcpkit:cluster:";
    private Duration timeout = Duration.ofSeconds(2);
    private Duration lease = Duration.ofSeconds(15);
    private Duration sessionTtl = Duration.ofMinutes(30);
    private long changeStreamLength = 10_000;
    private byte[] requestStateKey;

    private Builder(URI uri) {
      this.uri = Objects.requireNonNull(uri, "uri");
      if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
        throw new IllegalArgumentException("a cluster's store must be a redis:// or rediss:// URI");
      }
    }

    /** This instance's id (default: 16 random hex digits); unique in the cluster. */
    public Builder instanceId(String id) {
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException("the instance id must not be blank");
      }
      this.instanceId = id;
      return this;
    }

    /**
     * How long a 2025 session lives in Redis with no request on any instance and no stream held open (default 30
     * minutes, the server's default {@code sessionIdleTimeout}).
     */
    public Builder sessionTtl(Duration ttl) {
      if (ttl.toMillis() <= 0) {
        throw new IllegalArgumentException("sessionTtl must be positive");
      }
      this.sessionTtl = ttl;
      return this;
    }

    /** The prefix of every key the cluster keeps in Redis (default {@code mcpkit:cluster:}). */
    public Builder keyPrefix(String prefix) {
      this.prefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /** How long to wait to connect to Redis and for one reply (default 2 s). */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive: " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * How long an instance's lease lives without a renewal (default 15 s; renewed every third of it): after a crash,
     * the instance's share of the per-client limits is released within this time.
     */
    public Builder leaseTtl(Duration ttl) {
      if (ttl.toMillis() < 300) {
        throw new IllegalArgumentException("the lease needs at least 300 ms: " + ttl);
      }
      this.lease = ttl;
      return this;
    }

    /** How many change entries the Redis Stream keeps, approximately (default 10,000). */
    public Builder changeStreamLength(long entries) {
      if (entries < 1) {
        throw new IllegalArgumentException("the change stream needs room for at least one entry");
      }
      this.changeStreamLength = entries;
      return this;
    }

    /**
     * The {@code requestState} key (at least 32 bytes), the same on every instance; preferred to the default, a key
     * made once and kept in Redis, where whoever can read Redis can read it too.
     */
    public Builder requestStateKey(byte[] key) {
      if (key.length < 32) {
        throw new IllegalArgumentException("the requestState key needs at least 32 bytes");
      }
      this.requestStateKey = key.clone();
      return this;
    }

    /**
     * Connects (checking Redis with a PING), renews this instance's lease and starts the threads.
     *
     * @throws IllegalStateException when Redis does not answer
     */
    public RedisCluster connect() {
      return new RedisCluster(this);
    }
  }
}
