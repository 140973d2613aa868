package dev.mcpkit.gateway.internal;

import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.ServerNotification;
import dev.mcpkit.client.Subscription;
import dev.mcpkit.core.schema.SubscriptionFilter;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ResourceWatcher;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resource subscriptions bridged to the upstreams: while a downstream client subscribes to a served URI (a 2025
 * {@code resources/subscribe}, or a 2026 {@code subscriptions/listen} that names it), the gateway subscribes to the
 * upstream resource behind it, in the upstream's era, and passes each {@code notifications/resources/updated} on
 * under the served URI (rewritten back where it collided). Upstream subscriptions are made and ended one at a time on
 * a thread of their own: the server calls the watcher on a request thread, and subscribing waits for the upstream.
 * A 2026-07-28 upstream's stream that ends while still wanted is opened again by {@link ListenAgain}, and the
 * subscribers are then told the resource was updated, since an update made while it was cut was not passed on.
 */
public final class Watches implements ResourceWatcher, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Watches.class);

  private final Catalog catalog;
  private final CompletableFuture<McpServer> server = new CompletableFuture<>();
  /** The served URIs downstream clients subscribe to now. */
  private final Set<String> wanted = ConcurrentHashMap.newKeySet();
  /**
   * The upstream subscription per served URI, while open. Changed under {@link #lock}: by {@link #worker}, and by
   * a {@link ListenAgain} thread opening an ended one again.
   */
  private final Map<String, Subscription> open = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(Thread.ofVirtual().name("gateway-watch").factory());

  /** Watches the resources {@code catalog} serves. */
  public Watches(Catalog catalog) {
    this.catalog = catalog;
  }

  /** Passes updates to {@code built} from now on. */
  public void start(McpServer built) {
    server.complete(built);
  }

  @Override
  public void watch(String uri) {
    wanted.add(uri);
    run(() -> {
      Catalog.Route route = catalog.route(uri);
      if (route == null) {
        return; // nothing served there (now): nothing to follow upstream
      }
      var caps = route.link().client().serverInfo().capabilities().resources();
      if (caps == null || !Boolean.TRUE.equals(caps.subscribe())) {
        return; // the upstream tells of no updates
      }
      follow(uri, route.link(), route.link().client(), route.uri());
    });
  }

  /**
   * Subscribes on {@code c} to {@code original}, the upstream's URI behind {@code uri}, unless that is followed
   * already or no longer wanted; {@code false} when subscribing failed.
   */
  private boolean follow(String uri, Link link, McpClient c, String original) {
    lock.lock();
    try {
      if (!wanted.contains(uri) || open.containsKey(uri) || worker.isShutdown()) {
        return true;
      }
      Subscription s = c.listen(SubscriptionFilter.resources(List.of(original)), n -> {
        if (n instanceof ServerNotification.ResourceUpdated u && original.equals(u.uri())) {
          server.join().resourceUpdated(uri);
        }
      });
      open.put(uri, s);
      s.ended().whenComplete((done, failure) -> {
        // unwatch and close remove it before closing it: still here, the upstream (or the way to it) ended it
        if (open.remove(uri, s) && wanted.contains(uri) && link.client() == c && c.isOpen()
            && !c.serverInfo().era().usesInitialize()) {
          ListenAgain.start(link, "a resource's subscriptions/listen stream",
              () -> wanted.contains(uri) && !worker.isShutdown() && link.client() == c && c.isOpen(),
              () -> follow(uri, link, c, original), () -> server.join().resourceUpdated(uri));
        }
      });
      return true;
    } catch (RuntimeException e) {
      LOG.warn("upstream '{}': subscribing to a resource failed: {}", link.name(),
          link.upstream().target().redact(String.valueOf(e.getMessage())));
      return false;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void unwatch(String uri) {
    wanted.remove(uri);
    run(() -> {
      Subscription s = remove(uri);
      if (s != null) {
        try {
          s.close();
        } catch (RuntimeException e) {
          LOG.debug("ending an upstream resource subscription failed: {}", e.toString());
        }
      }
    });
  }

  private Subscription remove(String uri) {
    lock.lock();
    try {
      return open.remove(uri);
    } finally {
      lock.unlock();
    }
  }

  private void run(Runnable task) {
    try {
      worker.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed
    }
  }

  /** Ends every upstream subscription. */
  @Override
  public void close() {
    wanted.clear();
    worker.shutdownNow();
    for (String uri : List.copyOf(open.keySet())) {
      Subscription s = remove(uri); // removed first: its end is then not taken for the upstream's
      try {
        if (s != null) {
          s.close();
        }
      } catch (RuntimeException e) {
        // the upstream is going away too
      }
    }
    server.cancel(false);
  }
}
