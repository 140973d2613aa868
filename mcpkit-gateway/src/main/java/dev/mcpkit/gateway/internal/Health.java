package dev.mcpkit.gateway.internal;

import dev.mcpkit.gateway.Resilience;
import dev.mcpkit.server.McpServer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the upstreams served while they come and go. An upstream is lost when its connection closes (a stdio process
 * exited, a 2025 session ended: checked every {@value #CHECK_MS} ms) or a request finds it unreachable (an HTTP
 * upstream is not probed while healthy); one that could not be reached at start is lost from the start. A lost
 * upstream is marked down ({@link Link#markDown}: calls fail naming it), its items are hidden ({@link
 * Resilience.WhenDown#HIDE}, downstream clients are told the lists changed) or kept, and it is connected again after
 * an exponential backoff with jitter, capped; when that works, it is listed and served again. A stdio upstream that
 * failed (exited or did not start) {@link Resilience#crashLoopFailures()} times within the window stays down: the log
 * and {@code /readyz} ({@link #stopped}) say why.
 */
public final class Health implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Health.class);
  static final long CHECK_MS = 200;

  private final Catalog catalog;
  private final Refresher refresher;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("gateway-health").factory());
  private final Map<Link, State> states = new ConcurrentHashMap<>();
  private volatile McpServer server;
  private volatile boolean closed;

  /** One upstream's retries: how many in a row failed, its recent failures, whether one is scheduled. */
  private static final class State {
    int attempt;
    final Deque<Long> failures = new ArrayDeque<>();
    boolean retrying;
    String stopped;
  }

  /** Health of {@code catalog}'s upstreams; their list changes go to {@code refresher} after a reconnection. */
  public Health(Catalog catalog, Refresher refresher) {
    this.catalog = catalog;
    this.refresher = refresher;
  }

  /** Starts following {@code links} for {@code built}: those down now are retried. */
  public void start(McpServer built, List<Link> links) {
    this.server = built;
    links.forEach(this::track);
    timer.scheduleWithFixedDelay(this::check, CHECK_MS, CHECK_MS, TimeUnit.MILLISECONDS);
  }

  /** The server started with ({@link #start}). */
  McpServer server() {
    return server;
  }

  /** Follows {@code link} (at start, or added by a reload): retried now when it is down. */
  public void track(Link link) {
    State s = new State();
    states.put(link, s);
    link.onLost(this::lost);
    if (!link.available()) {
      failed(link, s);
    }
  }

  /** Stops following {@code link} (removed by a reload); a retry scheduled for it does nothing. */
  public void untrack(Link link) {
    states.remove(link);
    link.onLost((l, why) -> { });
  }

  /**
   * Why a stdio upstream is not restarted any more (a crash loop), or {@code null}: said by {@code /readyz} next to
   * its name, and in the log.
   */
  public String stopped(String upstream) {
    for (Map.Entry<Link, State> e : states.entrySet()) {
      if (e.getKey().name().equals(upstream)) {
        synchronized (e.getValue()) {
          return e.getValue().stopped;
        }
      }
    }
    return null;
  }

  private void check() {
    for (Link l : states.keySet()) {
      var c = l.client();
      if (c != null && !c.isOpen()) {
        lost(l, l.upstream().target().isStdio() ? "its process exited" : "its connection was closed");
      }
    }
  }

  /** {@code link} is unreachable ({@code why}): marks it down, hides its items (if so configured), retries it. */
  void lost(Link link, String why) {
    State s = states.get(link);
    if (s == null || closed || !link.markDown(why)) {
      return; // not followed, or already down (another request or the check saw it first)
    }
    LOG.warn("upstream '{}' is unavailable: {}; retrying it", link.name(), why);
    if (link.upstream().resilience().whenDown() == Resilience.WhenDown.HIDE) {
      catalog.down(link, server);
    }
    failed(link, s);
  }

  /** Counts a failure and schedules the next attempt, unless a stdio upstream is in a crash loop. */
  private void failed(Link link, State s) {
    Resilience r = link.upstream().resilience();
    long delay;
    synchronized (s) {
      if (link.upstream().target().isStdio()) {
        long now = System.nanoTime();
        s.failures.addLast(now);
        while (!s.failures.isEmpty() && now - s.failures.peekFirst() > r.crashLoopWindow().toNanos()) {
          s.failures.removeFirst();
        }
        if (s.failures.size() >= r.crashLoopFailures()) {
          s.stopped = "crash loop: it failed " + s.failures.size() + " times within "
              + Failures.seconds(r.crashLoopWindow()) + ", not restarted again";
          LOG.error("upstream '{}' stays down: {} (last: {}); fix it, then reload the configuration or restart the"
              + " gateway", link.name(), s.stopped, link.error());
          return;
        }
      }
      if (s.retrying) {
        return;
      }
      s.retrying = true;
      delay = backoff(r, s.attempt++);
    }
    try {
      timer.schedule(() -> Thread.ofVirtual().name("gateway-retry-" + link.name()).start(() -> retry(link, s)), delay,
          TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed
    }
  }

  /** The delay before attempt {@code n} (from 0): doubling from the first, capped, taken between its half and itself. */
  static long backoff(Resilience r, int n) {
    long first = r.retryFirst().toMillis();
    long max = r.retryMax().toMillis();
    long d = n >= 30 ? max : Math.min(max, first << n);
    return d / 2 + ThreadLocalRandom.current().nextLong(d / 2 + 1);
  }

  private void retry(Link link, State s) {
    synchronized (s) {
      s.retrying = false;
    }
    if (closed || states.get(link) != s) {
      return;
    }
    if (!link.reconnect()) {
      LOG.info("upstream '{}' is still unavailable: {}", link.name(), link.error());
      failed(link, s);
      return;
    }
    if (closed || states.get(link) != s) { // closed or removed meanwhile: do not leave its connection open
      link.markDown("the gateway stopped following it");
      return;
    }
    synchronized (s) {
      s.attempt = 0;
    }
    link.watch(refresher::changed);
    catalog.up(link, server);
    LOG.info("upstream '{}' is available again", link.name());
  }

  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
  }
}
