package dev.mcpkit.core.schema;

import java.util.List;

/** Which change notifications a {@code subscriptions/listen} stream delivers (2026-07-28). */
public record SubscriptionFilter(
    Boolean toolsListChanged,
    Boolean promptsListChanged,
    Boolean resourcesListChanged,
    List<String> resourceSubscriptions) {

  /** A filter that asks for nothing. */
  public static SubscriptionFilter none() {
    return new SubscriptionFilter(null, null, null, null);
  }

  /** A filter that asks for the updates of these resources only. */
  public static SubscriptionFilter resources(List<String> uris) {
    return new SubscriptionFilter(null, null, null, List.copyOf(uris));
  }
}
