package dev.mcpkit.server.internal;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans out server-side changes (list changes, resource updates) to whoever listens: each 2025
 * session and each 2026 {@code subscriptions/listen} stream registers a {@link Listener}. A failing
 * listener is dropped, never allowed to affect the others.
 */
public final class ChangeHub {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeHub.class);

  /** What changed. */
  public enum Kind { TOOLS, PROMPTS, RESOURCES, RESOURCE_UPDATED, CLOSING }

  /** Receives changes; must not block for long (it runs on the thread that made the change). */
  @FunctionalInterface
  public interface Listener {
    /**
     * @param uri the updated resource for {@link Kind#RESOURCE_UPDATED}, otherwise {@code null}
     */
    void changed(Kind kind, String uri);
  }

  private final Set<Listener> listeners = new CopyOnWriteArraySet<>();

  public Runnable register(Listener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  public void publish(Kind kind, String uri) {
    for (Listener l : listeners) {
      try {
        l.changed(kind, uri);
      } catch (RuntimeException e) {
        LOG.debug("dropping a change listener that failed: {}", e.toString());
        listeners.remove(l);
      }
    }
  }

  public int size() {
    return listeners.size();
  }
}
