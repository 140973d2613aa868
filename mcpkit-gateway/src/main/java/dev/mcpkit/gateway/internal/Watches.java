package dev.mcpkit.gateway.internal;

import dev.mcpkit.client.ServerNotification;
import dev.mcpkit.client.Subscription;
import dev.mcpkit.core.schema.SubscriptionFilter;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ResourceWatcher;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resource subscriptions bridged to the upstreams: while a downstream client subscribes to a served URI (a 2025
 * {@code resources/subscribe}, or a 2026 {@code subscriptions/listen} that names it), the gateway subscribes to the
 * upstream resource behind it, in the upstream's era, and passes each {@code notifications/resources/updated} on
 * under the served URI (rewritten back where it collided). Upstream subscriptions are made and ended one at a time on
 * a thread of their own: the server calls the watcher on a request thread, and subscribing waits for the upstream.
 */
public final class Watches implements ResourceWatcher, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Watches.class);

  private final Catalog catalog;
  private final CompletableFuture<McpServer> server = new CompletableFuture<>();
  /** The upstream subscription per served URI, while watched. Touched only on {@link #worker}. */
  private final Map<String, Subscription> open = new ConcurrentHashMap<>();
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
    run(() -> {
      Catalog.Route route = catalog.route(uri);
      if (route == null || open.containsKey(uri)) {
        return; // nothing served there (now): nothing to follow upstream
      }
      var caps = route.link().client().serverInfo().capabilities().resources();
      if (caps == null || !Boolean.TRUE.equals(caps.subscribe())) {
        return; // the upstream tells of no updates
      }
      String original = route.uri();
      try {
        open.put(uri, route.link().client().listen(SubscriptionFilter.resources(List.of(original)),
            n -> {
              if (n instanceof ServerNotification.ResourceUpdated u && original.equals(u.uri())) {
                server.join().resourceUpdated(uri);
              }
            }));
      } catch (RuntimeException e) {
        LOG.warn("upstream '{}': subscribing to a resource failed: {}", route.link().name(),
            route.link().upstream().target().redact(String.valueOf(e.getMessage())));
      }
    });
  }

  @Override
  public void unwatch(String uri) {
    run(() -> {
      Subscription s = open.remove(uri);
      if (s != null) {
        try {
          s.close();
        } catch (RuntimeException e) {
          LOG.debug("ending an upstream resource subscription failed: {}", e.toString());
        }
      }
    });
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
    worker.shutdownNow();
    open.values().forEach(s -> {
      try {
        s.close();
      } catch (RuntimeException e) {
        // the upstream is going away too
      }
    });
    open.clear();
    server.cancel(false);
  }
}
