package dev.mcpkit.gateway.internal;

import dev.mcpkit.gateway.Upstream;
import dev.mcpkit.server.McpServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a new list of upstreams to a running gateway (a configuration reload): an upstream whose settings did not
 * change keeps its {@link Link} (its connection, its callers' sessions, its process); one no longer listed is closed;
 * a new one is connected and served; a changed one (another target, prefix, timeout, credential type, isolation,
 * resilience) is closed and connected again. The served lists change as one change per list, in configuration order.
 * Reloads run one at a time.
 */
public final class Reload {

  private static final Logger LOG = LoggerFactory.getLogger(Reload.class);

  private final Catalog catalog;
  private final Health health;
  private final Refresher refresher;
  /** Connects to an upstream with the gateway's client name, held calls and guard. */
  private final Function<Upstream, Link> connect;

  /** Reloads for the gateway made of these parts (the server is the one {@code health} was started with). */
  public Reload(Catalog catalog, Health health, Refresher refresher, Function<Upstream, Link> connect) {
    this.catalog = catalog;
    this.health = health;
    this.refresher = refresher;
    this.connect = connect;
  }

  /** What a reload did, by upstream name. */
  public record Outcome(List<String> kept, List<String> added, List<String> removed, List<String> restarted) {}

  /** Serves {@code upstreams} (configuration order) from now on. */
  public synchronized Outcome apply(List<Upstream> upstreams) {
    McpServer server = health.server();
    Map<String, Link> before = new LinkedHashMap<>();
    catalog.links().forEach(l -> before.put(l.name(), l));
    List<String> kept = new ArrayList<>();
    List<String> added = new ArrayList<>();
    List<String> restarted = new ArrayList<>();
    Map<String, Future<Link>> fresh = new LinkedHashMap<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Upstream u : upstreams) {
        Link old = before.get(u.name());
        if (old != null && same(old.upstream(), u)) {
          kept.add(u.name());
          if (u.auth() != old.upstream().auth()) {
            Credentials.close(u); // the kept connection goes on with its own; this copy was made by the file's reading
          }
        } else {
          (old == null ? added : restarted).add(u.name());
          fresh.put(u.name(), pool.submit(() -> connect.apply(u)));
        }
      }
      List<Link> now = new ArrayList<>();
      List<Link> started = new ArrayList<>();
      for (Upstream u : upstreams) {
        Future<Link> f = fresh.get(u.name());
        Link l = f == null ? before.get(u.name()) : f.get();
        now.add(l);
        if (f != null) {
          started.add(l);
        }
      }
      List<String> removed = before.keySet().stream().filter(n -> upstreams.stream().noneMatch(u ->
          u.name().equals(n))).toList();
      List<Link> closing = before.values().stream().filter(l -> !now.contains(l)).toList();
      closing.forEach(health::untrack);
      catalog.links(now, server); // what the removed and replaced upstreams served goes, in one change per list
      closing.forEach(Reload::closeQuietly);
      for (Link l : started) {
        health.track(l); // one that cannot be reached is retried, as at start
        if (l.available()) {
          l.watch(refresher::changed);
          catalog.up(l, server);
        }
      }
      Outcome o = new Outcome(kept, added, removed, restarted);
      LOG.info("configuration reloaded: kept {}, added {}, removed {}, restarted {}", kept, added, removed, restarted);
      return o;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while connecting to the new upstreams");
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("connecting to the new upstreams failed: " + e.getCause().getMessage());
    }
  }

  /**
   * Whether an upstream's settings are the same: then its connection is kept. Credentials compare by their kind only
   * (an OAuth strategy's settings are not kept apart from their provider), static ones through the target's headers
   * and environment.
   */
  static boolean same(Upstream a, Upstream b) {
    return a.target().equals(b.target()) && a.prefix().equals(b.prefix()) && a.timeout().equals(b.timeout())
        && a.connectTimeout().equals(b.connectTimeout()) && a.maxCallers() == b.maxCallers()
        && a.callerIdle().equals(b.callerIdle()) && a.sessionPerCaller() == b.sessionPerCaller()
        && a.resilience().equals(b.resilience()) && Objects.equals(a.auth().getClass(), b.auth().getClass());
  }

  private static void closeQuietly(Link l) {
    try {
      l.close();
    } catch (RuntimeException e) {
      LOG.warn("closing upstream {} failed: {}", l.name(), e.getMessage());
    }
    Credentials.close(l.upstream());
  }
}
