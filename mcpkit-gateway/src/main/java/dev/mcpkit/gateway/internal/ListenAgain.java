package dev.mcpkit.gateway.internal;

import dev.mcpkit.client.ServerNotification;
import dev.mcpkit.core.schema.SubscriptionFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a 2026-07-28 upstream's {@code subscriptions/listen} stream again after it ended while the gateway still uses
 * the connection (the upstream restarted, a proxy cut the stream, the server ended it): attempts after the
 * upstream's retry backoff ({@code gateway.retry}: doubling, capped, jittered, as {@link Health} reconnects), for as
 * long as the connection is the link's own and open. It stops when the upstream is marked down, reconnected or closed;
 * {@link Health} opens a new stream when it is back. Once the stream is open again, its owner makes up for what the
 * stream could not tell while it was cut: {@link Link} lists again every list it follows (the path a
 * {@code list_changed} takes), {@link Watches} tells the subscribers of its resource that it may have changed.
 */
final class ListenAgain {

  private static final Logger LOG = LoggerFactory.getLogger(ListenAgain.class);

  private ListenAgain() {}

  /**
   * Starts the attempts on a virtual thread of their own.
   *
   * @param stream the stream, as the log names it ("its subscriptions/listen stream")
   * @param following whether the stream is still wanted on this connection (checked before each attempt)
   * @param open opens the stream once; {@code false} when that failed
   * @param reopened makes up for what the stream could not tell while it was cut (run once, after it opened)
   */
  static void start(Link link, String stream, BooleanSupplier following, BooleanSupplier open, Runnable reopened) {
    LOG.info("upstream '{}': {} ended; opening it again", link.name(), stream);
    Thread.ofVirtual().name("mcpkit-gateway-listen-" + link.name()).start(() -> {
      for (int attempt = 0; ; attempt++) {
        try {
          Thread.sleep(Health.backoff(link.upstream().resilience(), attempt));
        } catch (InterruptedException e) {
          return;
        }
        if (!following.getAsBoolean()) {
          return; // marked down, reconnected or closed: Health (or nobody) follows it from here
        }
        if (open.getAsBoolean()) {
          LOG.info("upstream '{}': {} is open again", link.name(), stream);
          reopened.run();
          return;
        }
        LOG.debug("upstream '{}': {}: attempt {} to open it again failed", link.name(), stream, attempt + 1);
      }
    });
  }

  /** The list a list-change notification is about, if it is one. */
  static java.util.Optional<Catalog.Section> section(ServerNotification n) {
    return java.util.Optional.ofNullable(switch (n) {
      case ServerNotification.ToolsListChanged x -> Catalog.Section.TOOLS;
      case ServerNotification.PromptsListChanged x -> Catalog.Section.PROMPTS;
      case ServerNotification.ResourcesListChanged x -> Catalog.Section.RESOURCES;
      default -> null;
    });
  }

  /** The lists {@code filter} follows. */
  static List<Catalog.Section> sections(SubscriptionFilter filter) {
    List<Catalog.Section> s = new ArrayList<>();
    if (Boolean.TRUE.equals(filter.toolsListChanged())) {
      s.add(Catalog.Section.TOOLS);
    }
    if (Boolean.TRUE.equals(filter.promptsListChanged())) {
      s.add(Catalog.Section.PROMPTS);
    }
    if (Boolean.TRUE.equals(filter.resourcesListChanged())) {
      s.add(Catalog.Section.RESOURCES);
    }
    return s;
  }
}
