package dev.mcpkit.server.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts a resource (open streams, live sessions) per client and in total, and refuses beyond a
 * limit of each. A client is named by {@link Limits#clientKey}: the principal when a guard names
 * one, otherwise the remote address, so one client cannot multiply its share by opening sessions.
 * The per-client counts live in {@link HttpOptions#clientCounts()} when set (shared by a cluster),
 * else in this object; the total is always this server's own.
 */
final class Quota {

  private static final Logger LOG = LoggerFactory.getLogger(Quota.class);

  /** The outcome of {@link #tryAcquire}. */
  enum Grant {
    GRANTED, CLIENT_FULL, SERVER_FULL,
    /** The shared per-client counts do not answer (a cluster's store is down). */
    UNAVAILABLE
  }

  private final String resource;
  private final int perClient;
  private final int total;
  private final ClientCounts counts;
  private final AtomicInteger all = new AtomicInteger();

  /** The limits {@code perClient} and {@code total} of {@code resource}, counted as {@code options} says. */
  Quota(String resource, int perClient, int total, HttpOptions options) {
    this.resource = resource;
    this.perClient = perClient;
    this.total = total;
    this.counts = options.clientCounts() != null ? options.clientCounts() : new InMemory();
  }

  /** Takes one unit for the client, or says which limit refuses it. Each grant must be {@link #release}d once. */
  Grant tryAcquire(String client) {
    boolean granted;
    try {
      granted = counts.tryAcquire(resource, client, perClient);
    } catch (RuntimeException e) {
      LOG.debug("cannot count {} for a client: {}", resource, e.toString()); // the store's owner logs the outage once
      return Grant.UNAVAILABLE;
    }
    if (!granted) {
      return Grant.CLIENT_FULL;
    }
    int now = all.incrementAndGet();
    if (now > total) {
      all.decrementAndGet();
      counts.release(resource, client);
      return Grant.SERVER_FULL;
    }
    return Grant.GRANTED;
  }

  void release(String client) {
    all.decrementAndGet();
    counts.release(resource, client);
  }

  int perClient() {
    return perClient;
  }

  int total() {
    return total;
  }

  int count() {
    return all.get();
  }

  /** The default: one server's own counts. */
  private static final class InMemory implements ClientCounts {
    private final Map<String, Integer> held = new ConcurrentHashMap<>();

    @Override
    public boolean tryAcquire(String resource, String client, int limit) {
      // Count and check in one atomic step per client: a separate get-then-increment could count on
      // a counter that a concurrent release just removed, letting a client exceed the limit.
      boolean[] granted = {false};
      held.compute(client, (k, n) -> {
        int h = n == null ? 0 : n;
        if (h >= limit) {
          return n;
        }
        granted[0] = true;
        return h + 1;
      });
      return granted[0];
    }

    @Override
    public void release(String resource, String client) {
      held.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
    }
  }
}
