package dev.mcpkit.server;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans out server-side changes (list changes, resource updates) to whoever listens: each 2025
 * session and each 2026 {@code subscriptions/listen} stream registers a {@link Listener}. A failing
 * listener is dropped, never allowed to affect the others. {@link McpServer#changes()} gives a server's hub; it is
 * API so that a transport outside this module (or a cluster's shared bus) can listen to and publish the same changes.
 */
public final class ChangeHub {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeHub.class);

  /** What changed. */
  public enum Kind {
    /** The tool list changed ({@code notifications/tools/list_changed}). */
    TOOLS,
    /** The prompt list changed ({@code notifications/prompts/list_changed}). */
    PROMPTS,
    /** The resource or template list changed ({@code notifications/resources/list_changed}). */
    RESOURCES,
    /** One resource changed, named by the published URI ({@code notifications/resources/updated}). */
    RESOURCE_UPDATED,
    /** The server is shutting down: a 2026 {@code subscriptions/listen} stream that receives it ends. */
    CLOSING
  }

  /** Receives changes; must not block for long (it runs on the thread that made the change). */
  @FunctionalInterface
  public interface Listener {
    /**
     * @param uri the updated resource for {@link Kind#RESOURCE_UPDATED}, otherwise {@code null}
     */
    void changed(Kind kind, String uri);

    /**
     * The same, with the change's id: one change has one id on every instance of a cluster that hears of it, so that
     * a receiver reached through several instances (a shared 2025 session) can act on it once.
     *
     * @param changeId the id {@link #publish} gave the change (origin and sequence), or {@code null} when unknown
     */
    default void changed(Kind kind, String uri, String changeId) {
      changed(kind, uri);
    }
  }

  // A concurrent hash set, not a copy-on-write one: every 2025 session and every listen stream registers here, so
  // with 10,000 open streams a copy-on-write set would copy the whole array on each open and close (quadratic).
  // Iteration is weakly consistent, which is all publish needs: a listener added during a publish may or may not
  // see that change, as with any change racing a registration.
  private final Set<Listener> listeners = ConcurrentHashMap.newKeySet();
  /** Relays of this server's own changes to other instances (a cluster's bus); rarely more than one. */
  private final Set<Listener> relays = ConcurrentHashMap.newKeySet();
  /** Subscribers per resource URI (sessions and listen streams), for the {@link ResourceWatcher}. */
  private final java.util.Map<String, Integer> watched = new ConcurrentHashMap<>();
  private final ResourceWatcher watcher;
  /** Names this hub in its changes' ids: random, so two instances (or two runs) never make the same id. */
  private final String origin = Long.toHexString(new java.security.SecureRandom().nextLong());
  private final java.util.concurrent.atomic.AtomicLong sequence = new java.util.concurrent.atomic.AtomicLong();

  ChangeHub() {
    this(null);
  }

  ChangeHub(ResourceWatcher watcher) {
    this.watcher = watcher;
  }

  /** Adds a listener; the returned action removes it again. */
  public Runnable register(Listener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /**
   * Adds a relay: a listener told only of the changes {@link #publish published} on this server, never of those
   * {@link #deliverLocally delivered} from elsewhere, so that a cluster's shared bus can forward this instance's
   * changes to the other instances without echoing back what it received from them. A relay that throws is logged
   * and kept (a shared bus that is down now may answer later). The returned action removes it.
   */
  public Runnable relay(Listener relay) {
    relays.add(relay);
    return () -> relays.remove(relay);
  }

  /**
   * Tells every listener, on this thread; a listener that throws is dropped. Then tells the {@link #relay relays}.
   *
   * @param uri the updated resource for {@link Kind#RESOURCE_UPDATED}, otherwise {@code null}
   */
  public void publish(Kind kind, String uri) {
    String id = origin + "-" + sequence.incrementAndGet();
    deliverLocally(kind, uri, id);
    for (Listener r : relays) {
      try {
        r.changed(kind, uri, id);
      } catch (RuntimeException e) {
        LOG.warn("a change relay failed: {}", e.toString());
      }
    }
  }

  /**
   * Tells this server's listeners (its 2025 sessions and listen streams) of a change made elsewhere, such as on
   * another instance of a cluster, without telling the {@link #relay relays}: what a relay received is never sent
   * back out. A listener that throws is dropped.
   *
   * @param uri the updated resource for {@link Kind#RESOURCE_UPDATED}, otherwise {@code null}
   */
  public void deliverLocally(Kind kind, String uri) {
    deliverLocally(kind, uri, null);
  }

  /**
   * {@link #deliverLocally(Kind, String)} for a change whose id is known (the id its origin's {@link #publish} gave
   * it, carried by the cluster's bus), passed on to the listeners.
   */
  public void deliverLocally(Kind kind, String uri, String changeId) {
    for (Listener l : listeners) {
      try {
        l.changed(kind, uri, changeId);
      } catch (RuntimeException e) {
        LOG.debug("dropping a change listener that failed: {}", e.toString());
        listeners.remove(l);
      }
    }
  }

  /**
   * A subscriber to {@code uri} appeared (a 2025 session subscribed, or a listen stream naming it opened); the
   * server's {@link ResourceWatcher} is told of the first one. Transports call it once per subscriber.
   */
  public void subscribed(String uri) {
    if (watched.merge(uri, 1, Integer::sum) == 1) {
      tell(uri, true);
    }
  }

  /** A subscriber to {@code uri} left; the {@link ResourceWatcher} is told when it was the last one. */
  public void unsubscribed(String uri) {
    boolean[] last = {false};
    watched.computeIfPresent(uri, (k, n) -> {
      last[0] = n == 1;
      return last[0] ? null : n - 1;
    });
    if (last[0]) {
      tell(uri, false);
    }
  }

  private void tell(String uri, boolean watch) {
    if (watcher == null) {
      return;
    }
    try {
      if (watch) {
        watcher.watch(uri);
      } else {
        watcher.unwatch(uri);
      }
    } catch (RuntimeException e) {
      LOG.warn("the resource watcher failed for a subscription change: {}", e.toString());
    }
  }

  /** How many listeners are registered (open sessions and listen streams). */
  public int size() {
    return listeners.size();
  }
}
