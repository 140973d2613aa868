package dev.mcpkit.gateway.internal;

import dev.mcpkit.server.McpServer;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an upstream's list-changed notifications into {@link Catalog#refresh} calls, one at a time, on a thread of its
 * own: the notification arrives on the thread that reads the upstream's messages, which the re-listing needs free.
 * Notifications that arrive while a refresh of the same list waits are folded into it (it lists what is current when
 * it runs). Refreshes wait for {@link #start}: a change announced while the gateway was listing at start is not lost.
 */
public final class Refresher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Refresher.class);

  private final Catalog catalog;
  private final CompletableFuture<McpServer> server = new CompletableFuture<>();
  private final Set<String> pending = ConcurrentHashMap.newKeySet();
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(Thread.ofVirtual().name("gateway-refresh").factory());

  /** Refreshes {@code catalog}. */
  public Refresher(Catalog catalog) {
    this.catalog = catalog;
  }

  /** Applies refreshes to {@code built} from now on (and those that waited for it). */
  public void start(McpServer built) {
    server.complete(built);
  }

  /** {@code link}'s upstream says {@code section} changed; never blocks. */
  public void changed(Link link, Catalog.Section section) {
    String key = link.name() + "\u0000" + section;
    if (!pending.add(key)) {
      return; // a refresh of that list is queued and has not started: it will see this change too
    }
    try {
      worker.execute(() -> {
        pending.remove(key);
        try {
          catalog.refresh(link, section, server.join());
        } catch (RuntimeException e) {
          LOG.warn("following the {} of upstream '{}' failed: {}", section, link.name(), e.getMessage());
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      pending.remove(key); // closed
    }
  }

  /** Stops refreshing. */
  @Override
  public void close() {
    worker.shutdownNow();
    server.cancel(false);
  }
}
