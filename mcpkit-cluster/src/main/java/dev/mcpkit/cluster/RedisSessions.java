package dev.mcpkit.cluster;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.ClientCapabilities;
import dev.mcpkit.core.schema.Implementation;
import dev.mcpkit.core.schema.LoggingLevel;
import dev.mcpkit.server.cluster.SessionCluster;
import dev.mcpkit.server.cluster.SessionRecord;
import dev.mcpkit.store.Hashes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.GetExParams;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * 2025 sessions shared by several server instances through Redis: a {@link SessionCluster} for {@code
 * HttpOptions.Builder#sessionCluster}, one per instance, all on the same Redis and prefix.
 *
 * <pre>{@code
 * RedisSessions sessions = RedisSessions.builder(RedisClient.builder().hostAndPort(host, port).build(), "a1").prefix("prod").build();
 * HttpOptions options = HttpOptions.builder().sessionCluster(sessions).build();
 * }</pre>
 *
 * <p>Keys ({@code h} is the SHA-256 of the session id: an id is a bearer credential, never stored in clear):
 * {@code mcpkit:{prefix}:session:h} (the record, JSON, with a time to live), {@code mcpkit:{prefix}:events:h} (the
 * session's event log, a Redis stream trimmed to about {@code maxEvents}), {@code mcpkit:{prefix}:inbox:<instance>}
 * (answers routed to one instance) and {@code mcpkit:{prefix}:control} (cancellations, ended sessions and GET stream
 * claims, read by every instance); request streams are kept in {@code req:h:n} and leased in {@code run:h:n}
 * ({@link RequestStreams}), and each instance's liveness in {@code alive:<instance>}. The braces make the prefix a Redis Cluster hash tag, so that one XREAD can read all of them.
 *
 * <p>One virtual thread per instance reads its inbox, the control stream and the event logs of the GET streams it
 * holds, with one blocking XREAD. Redis Streams rather than pub/sub: nothing published while a reader reconnects is
 * lost. Closing stops the reader; it does not close the Jedis client.
 */
public final class RedisSessions implements SessionCluster {

  private static final Logger LOG = LoggerFactory.getLogger(RedisSessions.class);
  private static final Pattern INSTANCE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final Pattern CHANGE_ID = Pattern.compile("[0-9a-f]{1,16}-\\d{1,19}");
  private static final Pattern EVENT_ID = Pattern.compile("\\d{1,20}-\\d{1,20}");
  /** XADD and PEXPIRE of an event log in one round trip; returns the event's id. */
  private static final String PUBLISH = "local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'm', ARGV[2]) "
      + "redis.call('PEXPIRE', KEYS[1], ARGV[3]) return id";
  /**
   * {@link #PUBLISH} once per change and session: the change's set of sessions (KEYS[2], kept a minute) gains the
   * session's hash first, and an append that finds it there already does nothing.
   */
  private static final String PUBLISH_ONCE = "if redis.call('SADD', KEYS[2], ARGV[4]) == 0 then return false end "
      + "redis.call('PEXPIRE', KEYS[2], 60000) " + PUBLISH;
  /**
   * How many cancellations one session may put on the shared control stream per {@link #CANCEL_WINDOW_MS}. The stream
   * keeps about 10,000 entries that every instance must read (session ends, GET stream claims): unbounded, one client
   * sending cancellations could push those out before a slow instance reads them. A client cancels requests it
   * started, so this is far above what a session needs; past it, a cancellation still reaches the instance it was
   * posted to, and is dropped for the others (logged once per window).
   */
  static final int CANCEL_BUDGET = 100;
  static final long CANCEL_WINDOW_MS = 10_000;
  /**
   * A session's cancellation onto the control stream, counted against its budget (KEYS[2], expiring with the window)
   * in the same round trip; returns the count, the entry added only while it is within the budget.
   */
  private static final String BROADCAST = "local n = redis.call('INCR', KEYS[2]) "
      + "if n == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[4]) end "
      + "if n <= tonumber(ARGV[3]) then redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 't', 'msg', "
      + "'s', ARGV[2], 'i', ARGV[5], 'm', ARGV[6]) end return n";
  /**
   * XADD to an inbox that exists, of an instance that is alive; nil when it never joined, 0 when its liveness lapsed
   * (it died: nothing would read the answer).
   */
  private static final String SEND = "if redis.call('EXISTS', KEYS[1]) == 0 then return false end "
      + "if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end "
      + "return redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 't', 'msg', 's', ARGV[2], 'm', ARGV[3])";

  /**
   * {@link #SEND} of an answer, only while its request is awaited (KEYS[3], which the answer removes); nil when it is
   * not, as when the instance never joined.
   */
  private static final String ANSWER = "if redis.call('EXISTS', KEYS[1]) == 0 then return false end "
      + "if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end "
      + "if redis.call('DEL', KEYS[3]) == 0 then return false end "
      + "return redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 't', 'msg', 's', ARGV[2], 'm', ARGV[3])";

  private final UnifiedJedis jedis;
  private final String instanceId;
  private final String base;
  private final long ttlMs;
  private final long maxEvents;
  private final long maxInbox;
  private final Duration block;
  private final SessionStreamReader reader;
  private final RequestStreams requests;
  private volatile long streamBase;

  private RedisSessions(Builder b) {
    this.jedis = b.jedis;
    this.instanceId = b.instanceId;
    this.base = "mcpkit:{" + b.prefix + "}:";
    this.ttlMs = b.ttl.toMillis();
    this.maxEvents = b.maxEvents;
    this.maxInbox = b.maxInbox;
    this.block = b.block;
    this.reader = new SessionStreamReader(this);
    this.requests = new RequestStreams(this, b.lease.toMillis());
  }

  /**
   * A builder.
   *
   * @param jedis the Redis client (a pooled {@code RedisClient}: the reader holds one connection while it blocks)
   * @param instanceId this instance's name, unique in the cluster: letters, digits, {@code _ . -}, up to 64
   */
  public static Builder builder(UnifiedJedis jedis, String instanceId) {
    return new Builder(jedis, instanceId);
  }

  @Override
  public String instanceId() {
    return instanceId;
  }

  @Override
  public void start(Receiver receiver) {
    Objects.requireNonNull(receiver, "receiver");
    // this instance's request streams are numbered from its ordinal, unique in the cluster, times 2^32
    streamBase = jedis.incr(base + "instances") << 32;
    reader.start(receiver); // makes the inbox, which the writer's first beat gives its time to live
    requests.start();
  }

  @Override
  public long streamBase() {
    return streamBase;
  }

  @Override
  public RequestLog requestLog(String sessionId, long stream, String requestId) {
    return requests.log(hash(sessionId), stream, requestId);
  }

  @Override
  public Replay replay(String sessionId, long stream, long afterSeq) {
    return requests.replay(hash(sessionId), stream, afterSeq);
  }

  @Override
  public void save(SessionRecord r) {
    Stored s = new Stored(r.owner(), r.handshake().version().id(), r.handshake().capabilities(),
        r.handshake().clientInfo(), r.settings().logLevel() == null ? null : r.settings().logLevel().id(),
        r.settings().subscriptions());
    String json = Json.write(s);
    call(j -> j.psetex(recordKey(hash(r.id())), ttlMs, json));
    reader.known(hash(r.id()), r.id());
  }

  @Override
  public Optional<SessionRecord> load(String sessionId) {
    String h = hash(sessionId);
    String json = call(j -> j.getEx(recordKey(h), GetExParams.getExParams().px(ttlMs)));
    if (json == null) {
      return Optional.empty();
    }
    Stored s = Json.convert(Json.parse(json), Stored.class);
    ProtocolVersion v = ProtocolVersion.parse(s.version()).orElse(null);
    if (v == null) {
      return Optional.empty(); // written by a newer release: not servable here
    }
    reader.known(h, sessionId);
    return Optional.of(new SessionRecord(sessionId, s.owner(),
        new SessionRecord.Handshake(v, s.capabilities(), s.clientInfo()),
        new SessionRecord.Settings(s.logLevel() == null ? null : LoggingLevel.of(s.logLevel()), s.subscriptions())));
  }

  @Override
  public void keepAlive(Collection<String> sessionIds) {
    for (String id : sessionIds) {
      jedis.pexpire(recordKey(hash(id)), ttlMs);
    }
  }

  @Override
  public void delete(String sessionId) {
    String h = hash(sessionId);
    call(j -> j.del(recordKey(h), eventsKey(h)));
    reader.forget(h);
    call(j -> j.xadd(controlKey(), XAddParams.xAddParams().maxLen(maxInbox).approximateTrimming(),
        Map.of("t", "end", "s", h, "i", instanceId)));
  }

  @Override
  public void release(String sessionId) {
    reader.forget(hash(sessionId));
  }

  @Override
  public String publish(String sessionId, byte[] message) {
    Object id = jedis.eval(PUBLISH, List.of(eventsKey(hash(sessionId))),
        List.of(Long.toString(maxEvents), new String(message, StandardCharsets.UTF_8), Long.toString(ttlMs)));
    return String.valueOf(id);
  }

  @Override
  public String publish(String sessionId, byte[] message, String changeId) {
    if (changeId == null || !CHANGE_ID.matcher(changeId).matches()) {
      return publish(sessionId, message);
    }
    String h = hash(sessionId);
    Object id = jedis.eval(PUBLISH_ONCE, List.of(eventsKey(h), changeKey(changeId)), List.of(Long.toString(maxEvents),
        new String(message, StandardCharsets.UTF_8), Long.toString(ttlMs), h));
    return id == null ? null : String.valueOf(id);
  }

  @Override
  public String follow(String sessionId, String afterEventId) {
    if (afterEventId != null) {
      if (!EVENT_ID.matcher(afterEventId).matches()) {
        throw new IllegalArgumentException("not an event id");
      }
      new StreamEntryID(afterEventId); // beyond what an id holds: NumberFormatException, an IllegalArgumentException
    }
    String h = hash(sessionId);
    String from = afterEventId;
    if (from == null) {
      List<StreamEntry> last = call(j -> j.xrevrange(eventsKey(h), "+", "-", 1));
      from = last.isEmpty() ? "0-0" : last.get(0).getID().toString();
    }
    reader.follow(h, sessionId, from);
    return from;
  }

  @Override
  public void claim(String sessionId) {
    String h = hash(sessionId);
    StreamEntryID id = call(j -> j.xadd(controlKey(), XAddParams.xAddParams().maxLen(maxInbox).approximateTrimming(),
        Map.of("t", "get", "s", h, "i", instanceId)));
    reader.claimed(h, id);
  }

  @Override
  public void unfollow(String sessionId) {
    reader.unfollow(hash(sessionId));
  }

  @Override
  public boolean send(String toInstance, String sessionId, byte[] message) {
    return deliver(toInstance, sessionId, message) == Delivery.SENT;
  }

  @Override
  public Delivery deliver(String toInstance, String sessionId, byte[] message) {
    return toInbox(SEND, toInstance, sessionId, null, message);
  }

  /** Marked for as long as a session lives idle: a request is never awaited longer; {@link #settled} removes it. */
  @Override
  public void awaiting(String sessionId, String requestId) {
    call(j -> j.psetex(awaitKey(hash(sessionId), requestId), ttlMs, instanceId));
  }

  @Override
  public void settled(String sessionId, String requestId) {
    try {
      jedis.del(awaitKey(hash(sessionId), requestId));
    } catch (JedisException e) {
      LOG.debug("could not clear an awaited request (it expires with the session's time to live)", e);
    }
  }

  @Override
  public Delivery answer(String toInstance, String sessionId, String requestId, byte[] message) {
    return toInbox(ANSWER, toInstance, sessionId, requestId, message);
  }

  /** {@link #SEND} or {@link #ANSWER} (with the answered request's id). */
  private Delivery toInbox(String script, String toInstance, String sessionId, String requestId, byte[] message) {
    if (!INSTANCE.matcher(toInstance).matches()) {
      return Delivery.UNKNOWN; // not an instance name: nothing waits for it
    }
    String h = hash(sessionId);
    // Only into an inbox that exists (every instance creates its own when it starts): a client that makes up
    // instance names in answer ids cannot make Redis create keys.
    List<String> keys = requestId == null ? List.of(inboxKey(toInstance), aliveKey(toInstance))
        : List.of(inboxKey(toInstance), aliveKey(toInstance), awaitKey(h, requestId));
    Object added = jedis.eval(script, keys, List.of(Long.toString(maxInbox), h,
        new String(message, StandardCharsets.UTF_8)));
    return added == null ? Delivery.UNKNOWN : Long.valueOf(0).equals(added) ? Delivery.GONE : Delivery.SENT;
  }

  @Override
  public void broadcast(String sessionId, byte[] message) {
    String h = hash(sessionId);
    Object n = jedis.eval(BROADCAST, List.of(controlKey(), budgetKey(h)), List.of(Long.toString(maxInbox), h,
        Integer.toString(CANCEL_BUDGET), Long.toString(CANCEL_WINDOW_MS), instanceId,
        new String(message, StandardCharsets.UTF_8)));
    if (Long.valueOf(CANCEL_BUDGET + 1).equals(n)) {
      LOG.warn("a session sent more than {} cancellations in {} s: the rest of this window reach only the instance"
          + " they were posted to (session {}...)", CANCEL_BUDGET, CANCEL_WINDOW_MS / 1000, h.substring(0, 12));
    }
  }

  /** Wakes this instance's reader (its blocking read now includes a log it follows). */
  void wake() {
    jedis.xadd(inboxKey(instanceId), XAddParams.xAddParams().maxLen(maxInbox).approximateTrimming(), Map.of("t", "wake"));
  }

  /** {@link #wake}, at most: when Redis does not answer, the reader's next read includes the new log anyway. */
  void wakeReader() {
    try {
      wake();
    } catch (JedisException e) {
      // read within one block
    }
  }

  RequestStreams requests() {
    return requests;
  }

  @Override
  public void close() {
    requests.stop();
    reader.stop();
  }

  /** Stops this instance's threads at once and releases nothing: a kill -9, as the other instances see it (tests). */
  void halt() {
    requests.halt();
    reader.stop();
  }

  /**
   * Runs a command; when the pooled connection it got was broken (Redis restarted since), clears the pool's idle
   * connections, which are all broken then, and runs it once more on a new one. A Redis that does not answer is an
   * {@link UncheckedIOException}: the server answers 503.
   */
  <T> T call(java.util.function.Function<UnifiedJedis, T> command) {
    try {
      try {
        return command.apply(jedis);
      } catch (JedisConnectionException e) {
        if (jedis instanceof RedisClient pooled) {
          pooled.getPool().clear();
        }
        return command.apply(jedis);
      }
    } catch (JedisException e) {
      throw new UncheckedIOException(new IOException("the cluster's shared store does not answer", e));
    }
  }

  long maxEvents() {
    return maxEvents;
  }

  long ttlMs() {
    return ttlMs;
  }

  String requestKey(String h, long stream) {
    return base + "req:" + h + ":" + stream;
  }

  String leaseKey(String h, long stream) {
    return base + "run:" + h + ":" + stream;
  }

  String aliveKey(String instance) {
    return base + "alive:" + instance;
  }

  UnifiedJedis jedis() {
    return jedis;
  }

  Duration block() {
    return block;
  }

  String recordKey(String h) {
    return base + "session:" + h;
  }

  String eventsKey(String h) {
    return base + "events:" + h;
  }

  /** The sessions a change was appended to (a change id is the origin hub's random hex and a sequence number). */
  String changeKey(String changeId) {
    return base + "change:" + changeId;
  }

  /** A server request of the session that an instance awaits the answer to (the id, which the client echoes, hashed). */
  String awaitKey(String h, String requestId) {
    return base + "await:" + h + ":" + hash(requestId);
  }

  String inboxKey(String instance) {
    return base + "inbox:" + instance;
  }

  /** A session's count of cancellations put on the control stream in the current window. */
  String budgetKey(String h) {
    return base + "cancels:" + h;
  }

  String controlKey() {
    return base + "control";
  }

  static String hash(String sessionId) {
    return Hashes.sha256(sessionId);
  }

  /** The record as stored: no session id (the key is its hash). */
  record Stored(SessionRecord.Owner owner, String version, ClientCapabilities capabilities,
      Implementation clientInfo, String logLevel, Set<String> subscriptions) {}

  /** Builds {@link RedisSessions}; immutable settings, safe defaults. */
  public static final class Builder {
    private final UnifiedJedis jedis;
    private final String instanceId;
    private String prefix = "mcp";
    private Duration ttl = Duration.ofMinutes(30);
    private long maxEvents = 1000;
    private long maxInbox = 10_000;
    private Duration block = Duration.ofSeconds(2);
    private Duration lease = Duration.ofSeconds(15);

    private Builder(UnifiedJedis jedis, String instanceId) {
      this.jedis = Objects.requireNonNull(jedis, "jedis");
      if (instanceId == null || !INSTANCE.matcher(instanceId).matches()) {
        throw new IllegalArgumentException("instanceId must be 1 to 64 of letters, digits, '_', '.', '-'");
      }
      this.instanceId = instanceId;
    }

    /** The namespace of this cluster's keys ({@code mcpkit:{prefix}:...}); default {@code mcp}. */
    public Builder prefix(String prefix) {
      if (prefix == null || !INSTANCE.matcher(prefix).matches()) {
        throw new IllegalArgumentException("prefix must be 1 to 64 of letters, digits, '_', '.', '-'");
      }
      this.prefix = prefix;
      return this;
    }

    /**
     * How long a session lives with no request on any instance (and no stream held open); default 30 minutes, the
     * server's default {@code sessionIdleTimeout}.
     */
    public Builder ttl(Duration ttl) {
      if (ttl.toMillis() <= 0) {
        throw new IllegalArgumentException("ttl must be positive");
      }
      this.ttl = ttl;
      return this;
    }

    /** About how many events a session's log keeps for resumption (trimmed with {@code MAXLEN ~}); default 1000. */
    public Builder maxEvents(long n) {
      if (n <= 0) {
        throw new IllegalArgumentException("maxEvents must be positive");
      }
      this.maxEvents = n;
      return this;
    }

    /** How long the reader's XREAD blocks (also how soon {@link #close()} takes effect); default 2 s. */
    public Builder block(Duration block) {
      if (block.toMillis() <= 0) {
        throw new IllegalArgumentException("block must be positive");
      }
      this.block = block;
      return this;
    }

    /**
     * How long a request running on this instance, and the instance itself, count as alive after the last renewal
     * (every third of it); default 15 s. A client resuming a request stream of a dead instance gets its error, and an
     * answer to a dead instance is refused, this long after the death at most.
     */
    public Builder lease(Duration lease) {
      if (lease.toMillis() <= 0) {
        throw new IllegalArgumentException("lease must be positive");
      }
      this.lease = lease;
      return this;
    }

    /** The instance's {@link RedisSessions}. */
    public RedisSessions build() {
      return new RedisSessions(this);
    }
  }
}
