package dev.mcpkit.server.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts a resource (open streams, live sessions) per client and in total, and refuses beyond a
 * limit of each. A client is named by {@link Limits#clientKey}: the principal when a guard names
 * one, otherwise the remote address, so one client cannot multiply its share by opening sessions.
 */
final class Quota {

  /** The outcome of {@link #tryAcquire}. */
  enum Grant { GRANTED, CLIENT_FULL, SERVER_FULL }

  private final int perClient;
  private final int total;
  private final Map<String, Integer> held = new ConcurrentHashMap<>();
  private final AtomicInteger all = new AtomicInteger();

  Quota(int perClient, int total) {
    this.perClient = perClient;
    this.total = total;
  }

  /** Takes one unit for the client, or says which limit refuses it. Each grant must be {@link #release}d once. */
  Grant tryAcquire(String client) {
    // Count and check in one atomic step per client: a separate get-then-increment could count on
    // a counter that a concurrent release just removed, letting a client exceed the limit.
    boolean[] granted = {false};
    held.compute(client, (k, n) -> {
      int h = n == null ? 0 : n;
      if (h >= perClient) {
        return n;
      }
      granted[0] = true;
      return h + 1;
    });
    if (!granted[0]) {
      return Grant.CLIENT_FULL;
    }
    int now = all.incrementAndGet();
    if (now > total) {
      all.decrementAndGet();
      decrement(client);
      return Grant.SERVER_FULL;
    }
    return Grant.GRANTED;
  }

  void release(String client) {
    all.decrementAndGet();
    decrement(client);
  }

  private void decrement(String client) {
    held.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
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
}
