package dev.mcpkit.cluster.internal;

import dev.mcpkit.server.http.ClientCounts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;

/**
 * Per-client counts shared by the instances of a cluster, held through leases. Each counted (resource, client) is a
 * Redis hash with one field per instance (the units that instance holds); each instance has a lease, an entry in a
 * sorted set scored by its expiry (Redis' clock), renewed by {@link #heartbeat()}. A count is the sum of the fields
 * whose lease is live: a check-and-take runs as one Lua script, which also deletes the fields of lapsed leases, so a
 * dead instance's share is released once its lease lapses, with nobody having to notice the death.
 *
 * <p>Each instance also keeps its own counts in memory: the heartbeat writes them back when its lease had lapsed (a
 * Redis restart without persistence, or a long pause) and for counts whose release could not reach Redis, and keeps
 * the hashes of live counts from expiring. Until then a count may be briefly off by the units in flight at the
 * moment of the write-back; the next write-back corrects it.
 */
public final class RedisCounts implements ClientCounts {

  private static final Logger LOG = LoggerFactory.getLogger(RedisCounts.class);

  private static final String ACQUIRE = """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local h = redis.call('HGETALL', KEYS[1])
      local sum = 0
      for i = 1, #h, 2 do
        local owner = h[i]
        local live = owner == ARGV[1]
        if not live then
          local until_ = redis.call('ZSCORE', KEYS[2], owner)
          live = until_ and tonumber(until_) >= now
        end
        if live then
          sum = sum + tonumber(h[i + 1])
        else
          redis.call('HDEL', KEYS[1], owner)
        end
      end
      if sum >= tonumber(ARGV[2]) then
        return 0
      end
      redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
      redis.call('PEXPIRE', KEYS[1], ARGV[3])
      return 1
      """;

  private static final String RELEASE = """
      local n = redis.call('HINCRBY', KEYS[1], ARGV[1], -1)
      if n <= 0 then
        redis.call('HDEL', KEYS[1], ARGV[1])
      end
      return n
      """;

  /** Renews this instance's lease; answers 1 when it had lapsed or never existed (the counts must be written back). */
  private static final String RENEW = """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local old = redis.call('ZSCORE', KEYS[1], ARGV[1])
      redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
      if old == false or tonumber(old) < now then
        return 1
      end
      return 0
      """;

  private final RedisClient redis;
  private final String prefix;
  private final String leases;
  private final String self;
  private final long leaseMillis;
  private final long keyMillis;
  /** This instance's units per counted key. */
  private final Map<String, Integer> local = new ConcurrentHashMap<>();
  /** Keys whose Redis field may differ from {@link #local} (a release that could not reach Redis). */
  private final Set<String> dirty = ConcurrentHashMap.newKeySet();

  /**
   * @param prefix the cluster's key prefix
   * @param self this instance's id (its lease and its fields)
   * @param lease how long a lease lives without a {@link #heartbeat()}; renew it well within that
   */
  public RedisCounts(RedisClient redis, String prefix, String self, Duration lease) {
    this.redis = redis;
    this.prefix = prefix;
    this.leases = prefix + "leases";
    this.self = self;
    this.leaseMillis = lease.toMillis();
    this.keyMillis = Math.max(leaseMillis * 3, 1000); // a count nobody renews (every holder died) goes by itself
  }

  private String key(String resource, String client) {
    return prefix + "limit:" + resource + ":" + client;
  }

  @Override
  public boolean tryAcquire(String resource, String client, int limit) {
    String k = key(resource, client);
    Object r = redis.eval(ACQUIRE, List.of(k, leases),
        List.of(self, Integer.toString(limit), Long.toString(keyMillis)));
    if (!Long.valueOf(1).equals(r)) {
      return false;
    }
    local.merge(k, 1, Integer::sum);
    return true;
  }

  @Override
  public void release(String resource, String client) {
    String k = key(resource, client);
    boolean[] held = {false};
    local.computeIfPresent(k, (key, n) -> {
      held[0] = true;
      return n <= 1 ? null : n - 1;
    });
    if (!held[0]) {
      return; // not taken here: nothing of this instance's to give back
    }
    try {
      redis.eval(RELEASE, List.of(k), List.of(self));
    } catch (RuntimeException e) {
      dirty.add(k); // the heartbeat writes the count back once Redis answers
      LOG.debug("a release could not reach Redis; it is written back later: {}", e.toString());
    }
  }

  /**
   * Renews this instance's lease and keeps its counts alive; writes its counts back when the lease had lapsed and
   * where a release did not reach Redis. Throws when Redis does not answer (the caller retries at its next beat).
   *
   * @return true when the lease had lapsed or never existed (Redis may have lost what this instance put there)
   */
  public boolean heartbeat() {
    boolean lapsed = Long.valueOf(1).equals(
        redis.eval(RENEW, List.of(leases), List.of(self, Long.toString(leaseMillis))));
    Set<String> writeBack = lapsed ? Set.copyOf(local.keySet()) : Set.copyOf(dirty);
    if (lapsed && !local.isEmpty()) {
      LOG.info("this instance's lease had lapsed; writing its {} counts back", local.size());
    }
    try (Pipeline p = redis.pipelined()) {
      for (String k : writeBack) {
        dirty.remove(k);
        Integer n = local.get(k);
        if (n == null) {
          p.hdel(k, self);
        } else {
          p.hset(k, self, Integer.toString(n));
        }
      }
      for (String k : local.keySet()) {
        p.pexpire(k, keyMillis);
      }
      p.sync();
    } catch (RuntimeException e) {
      dirty.addAll(writeBack);
      throw e;
    }
    return lapsed;
  }

  /** A clean stop: gives up the lease and this instance's fields at once, rather than when the lease lapses. */
  public void leave() {
    try (Pipeline p = redis.pipelined()) {
      for (String k : local.keySet()) {
        p.hdel(k, self);
      }
      p.zrem(leases, self);
      p.sync();
    } catch (RuntimeException e) {
      LOG.warn("could not give up this instance's lease (it lapses by itself): {}", e.toString());
    }
    local.clear();
  }
}
