package dev.mcpkit.client.internal;

import dev.mcpkit.client.McpClientException;
import dev.mcpkit.client.ServerNotification;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonrpc.JsonRpcNotification;
import dev.mcpkit.core.jsonrpc.RequestId;
import dev.mcpkit.core.protocol.MetaKeys;
import dev.mcpkit.core.protocol.Methods;
import dev.mcpkit.core.schema.LoggingLevel;
import dev.mcpkit.core.schema.SubscriptionFilter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns notifications into {@link ServerNotification}s, invalidates cached lists, and routes
 * them: to the subscription whose id they carry (2026-07-28 {@code subscriptions/listen}), to the
 * 2025 subscriptions whose filter matches, and to the client-wide listeners.
 */
public final class Notifications {

  /** A subscription's routing entry. */
  public static final class Route {
    final SubscriptionFilter filter;
    final Consumer<ServerNotification> consumer;
    final CompletableFuture<SubscriptionFilter> ack = new CompletableFuture<>();
    final CompletableFuture<Void> ended = new CompletableFuture<>();

    public Route(SubscriptionFilter filter, Consumer<ServerNotification> consumer) {
      this.filter = filter;
      this.consumer = consumer;
    }

    public CompletableFuture<SubscriptionFilter> ack() {
      return ack;
    }

    public CompletableFuture<Void> ended() {
      return ended;
    }
  }

  private final Session session;
  private final ListCache cache;
  private final List<Consumer<ServerNotification>> global = new CopyOnWriteArrayList<>();
  private final Map<RequestId, Route> modern = new ConcurrentHashMap<>();
  private final List<Route> legacy = new CopyOnWriteArrayList<>();

  Notifications(Session session, ListCache cache, Consumer<ServerNotification> initial) {
    this.session = session;
    this.cache = cache;
    if (initial != null) {
      global.add(initial);
    }
  }

  public void addGlobal(Consumer<ServerNotification> l) {
    global.add(l);
  }

  public void addModern(RequestId id, Route r) {
    modern.put(id, r);
  }

  public void removeModern(RequestId id) {
    Route r = modern.remove(id);
    if (r != null) {
      r.ended.complete(null);
    }
  }

  public void addLegacy(Route r) {
    legacy.add(r);
  }

  public void removeLegacy(Route r) {
    legacy.remove(r);
    r.ended.complete(null);
  }

  void closeAll(McpClientException cause) {
    modern.values().forEach(r -> r.ended.completeExceptionally(cause));
    legacy.forEach(r -> r.ended.completeExceptionally(cause));
  }

  void dispatch(JsonRpcNotification n) {
    ObjectNode params = n.params() == null ? Json.object() : n.params();
    ServerNotification typed = type(n.method(), params);
    invalidate(typed);
    JsonNode sub = params.path("_meta").get(MetaKeys.SUBSCRIPTION_ID);
    if (sub != null && (sub.isString() || sub.isIntegralNumber())) {
      Route r = modern.get(RequestId.from(sub));
      if (r != null) {
        if (n.method().equals(Methods.NOTIFICATION_SUBSCRIPTIONS_ACKNOWLEDGED)) {
          r.ack.complete(filter(params.get("notifications")));
        } else if (n.method().equals(Methods.NOTIFICATION_CANCELLED)) {
          removeModern(RequestId.from(sub));
        } else {
          deliver(r.consumer, typed);
        }
        return;
      }
    }
    if (n.method().equals(Methods.NOTIFICATION_CANCELLED)) {
      JsonNode rid = params.get("requestId");
      if (rid != null && (rid.isString() || rid.isIntegralNumber())) {
        removeModern(RequestId.from(rid)); // the server tore down a subscription
      }
      return;
    }
    for (Route r : legacy) {
      if (matches(r.filter, typed)) {
        deliver(r.consumer, typed);
      }
    }
    for (Consumer<ServerNotification> l : global) {
      deliver(l, typed);
    }
  }

  private void deliver(Consumer<ServerNotification> l, ServerNotification n) {
    try {
      l.accept(n);
    } catch (RuntimeException e) {
      session.settings().warnings().accept("a notification listener failed: " + e);
    }
  }

  private void invalidate(ServerNotification n) {
    switch (n) {
      case ServerNotification.ToolsListChanged t -> {
        cache.invalidate(Methods.TOOLS_LIST);
        session.toolsChanged();
      }
      case ServerNotification.PromptsListChanged p -> cache.invalidate(Methods.PROMPTS_LIST);
      case ServerNotification.ResourcesListChanged r -> {
        cache.invalidate(Methods.RESOURCES_LIST);
        cache.invalidate(Methods.RESOURCES_TEMPLATES_LIST);
      }
      case ServerNotification.ResourceUpdated u -> cache.invalidate(Methods.RESOURCES_READ, u.uri());
      default -> { }
    }
  }

  static boolean matches(SubscriptionFilter f, ServerNotification n) {
    return switch (n) {
      case ServerNotification.ToolsListChanged t -> Boolean.TRUE.equals(f.toolsListChanged());
      case ServerNotification.PromptsListChanged p -> Boolean.TRUE.equals(f.promptsListChanged());
      case ServerNotification.ResourcesListChanged r -> Boolean.TRUE.equals(f.resourcesListChanged());
      case ServerNotification.ResourceUpdated u -> f.resourceSubscriptions() != null && f.resourceSubscriptions().contains(u.uri());
      default -> false;
    };
  }

  private static SubscriptionFilter filter(JsonNode n) {
    if (n == null || !n.isObject()) {
      return SubscriptionFilter.none();
    }
    try {
      return Json.convert(n, SubscriptionFilter.class);
    } catch (RuntimeException e) {
      return SubscriptionFilter.none();
    }
  }

  static ServerNotification type(String method, ObjectNode p) {
    return switch (method) {
      case Methods.NOTIFICATION_TOOLS_LIST_CHANGED -> new ServerNotification.ToolsListChanged();
      case Methods.NOTIFICATION_PROMPTS_LIST_CHANGED -> new ServerNotification.PromptsListChanged();
      case Methods.NOTIFICATION_RESOURCES_LIST_CHANGED -> new ServerNotification.ResourcesListChanged();
      case Methods.NOTIFICATION_RESOURCES_UPDATED -> new ServerNotification.ResourceUpdated(p.path("uri").asString(""));
      case Methods.NOTIFICATION_MESSAGE -> {
        LoggingLevel level;
        try {
          level = LoggingLevel.of(p.path("level").asString("info"));
        } catch (IllegalArgumentException e) {
          level = LoggingLevel.INFO;
        }
        yield new ServerNotification.LogMessage(level, p.path("logger").isString() ? p.get("logger").asString() : null, p.get("data"));
      }
      default -> new ServerNotification.Other(method, p);
    };
  }
}
