package dev.mcpkit.server.internal;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonrpc.JsonRpcNotification;
import dev.mcpkit.core.jsonrpc.McpException;
import dev.mcpkit.core.protocol.MetaKeys;
import dev.mcpkit.core.protocol.Methods;
import dev.mcpkit.core.schema.ServerCapabilities;
import dev.mcpkit.core.schema.SubscriptionFilter;
import dev.mcpkit.core.schema.SubscriptionsListenRequestParams;
import dev.mcpkit.core.schema.SubscriptionsListenResult;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.transport.LegacySession;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Delivers change notifications: to 2025 sessions on their standalone channel (list changes, and
 * updates of subscribed resources), and to 2026 {@code subscriptions/listen} streams, filtered by
 * what each stream asked for and tagged with its subscription id.
 */
final class Subscriptions {

  private final McpServer server;
  /** The listen streams this transport serves, ended by {@link #closeAll()}. */
  private final Set<CountDownLatch> open = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  Subscriptions(McpServer server) {
    this.server = server;
  }

  /** Starts delivering changes to an initialized 2025 session. */
  void attach(LegacySession session) {
    Runnable unregister = server.changes().register((kind, uri) -> {
      JsonNotificationSink sink = message -> session.standalone().ifPresent(ex -> ex.send(message));
      switch (kind) {
        case TOOLS -> sink.send(new JsonRpcNotification(Methods.NOTIFICATION_TOOLS_LIST_CHANGED, null));
        case PROMPTS -> sink.send(new JsonRpcNotification(Methods.NOTIFICATION_PROMPTS_LIST_CHANGED, null));
        case RESOURCES -> sink.send(new JsonRpcNotification(Methods.NOTIFICATION_RESOURCES_LIST_CHANGED, null));
        case RESOURCE_UPDATED -> {
          if (session.subscriptions().contains(uri)) {
            sink.send(new JsonRpcNotification(Methods.NOTIFICATION_RESOURCES_UPDATED, Json.object().put("uri", uri)));
          }
        }
        case CLOSING -> { }
      }
    });
    session.onClose(unregister);
  }

  @FunctionalInterface
  private interface JsonNotificationSink {
    void send(JsonRpcNotification n);
  }

  /**
   * Serves {@code subscriptions/listen}: acknowledges the honoured filter, then streams matching
   * notifications until the client closes the stream (cancellation) or the server shuts down.
   */
  Object listen(Scope s) {
    SubscriptionsListenRequestParams p;
    try {
      p = Json.convert(s.params, SubscriptionsListenRequestParams.class);
    } catch (JacksonException | IllegalArgumentException e) {
      throw McpException.invalidParams("Invalid params for subscriptions/listen: " + Dispatcher.describe(e));
    }
    if (p.notifications() == null) {
      throw McpException.invalidParams("Invalid params: missing \"notifications\" (the subscription filter)");
    }
    SubscriptionFilter honoured = honour(p.notifications(), server.capabilities());
    JsonNode subscriptionId = s.inFlight.id().json();
    ObjectNode ack = Json.object();
    ack.set("notifications", Json.tree(honoured));
    ack.set("_meta", tag(subscriptionId));

    // Listen before acknowledging, so that no change after the acknowledgement is missed; hold
    // back what arrives before it, because nothing may precede the acknowledgement.
    Set<String> uris = honoured.resourceSubscriptions() == null ? Set.of() : Set.copyOf(honoured.resourceSubscriptions());
    CountDownLatch closing = new CountDownLatch(1);
    Object gate = new Object();
    List<JsonRpcNotification> early = new java.util.ArrayList<>();
    boolean[] acknowledged = {false};
    Runnable unregister = server.changes().register((kind, uri) -> {
      String method = switch (kind) {
        case TOOLS -> Boolean.TRUE.equals(honoured.toolsListChanged()) ? Methods.NOTIFICATION_TOOLS_LIST_CHANGED : null;
        case PROMPTS -> Boolean.TRUE.equals(honoured.promptsListChanged()) ? Methods.NOTIFICATION_PROMPTS_LIST_CHANGED : null;
        case RESOURCES -> Boolean.TRUE.equals(honoured.resourcesListChanged())
            ? Methods.NOTIFICATION_RESOURCES_LIST_CHANGED : null;
        case RESOURCE_UPDATED -> uris.contains(uri) ? Methods.NOTIFICATION_RESOURCES_UPDATED : null;
        case CLOSING -> {
          closing.countDown();
          yield null;
        }
      };
      if (method != null) {
        ObjectNode params = Json.object();
        if (uri != null) {
          params.put("uri", uri);
        }
        params.set("_meta", tag(subscriptionId));
        JsonRpcNotification n = new JsonRpcNotification(method, params);
        synchronized (gate) {
          if (!acknowledged[0]) {
            early.add(n);
            return;
          }
          s.exchange.send(n);
        }
      }
    });
    try {
      synchronized (gate) {
        s.exchange.send(new JsonRpcNotification(Methods.NOTIFICATION_SUBSCRIPTIONS_ACKNOWLEDGED, ack));
        acknowledged[0] = true;
        early.forEach(s.exchange::send);
        early.clear();
      }
    } catch (RuntimeException e) {
      unregister.run();
      throw e;
    }
    open.add(closing);
    if (closed) {
      closing.countDown();
    }
    try {
      closing.await();
    } catch (InterruptedException e) {
      throw new InputBroker.Cancelled();
    } finally {
      open.remove(closing);
      unregister.run();
    }
    ObjectNode meta = tag(subscriptionId);
    return new SubscriptionsListenResult(null, meta);
  }

  /**
   * Ends every listen stream of this transport with its final result (the transport is stopping).
   * Other transports serving the same server keep theirs.
   */
  void closeAll() {
    closed = true;
    open.forEach(CountDownLatch::countDown);
  }

  private static ObjectNode tag(JsonNode subscriptionId) {
    ObjectNode meta = Json.object();
    meta.set(MetaKeys.SUBSCRIPTION_ID, subscriptionId);
    return meta;
  }

  /** The part of a filter the server can honour, given its capabilities. */
  private static SubscriptionFilter honour(SubscriptionFilter asked, ServerCapabilities caps) {
    boolean tools = caps.tools() != null && Boolean.TRUE.equals(caps.tools().listChanged());
    boolean prompts = caps.prompts() != null && Boolean.TRUE.equals(caps.prompts().listChanged());
    boolean resourcesList = caps.resources() != null && Boolean.TRUE.equals(caps.resources().listChanged());
    boolean subscribe = caps.resources() != null && Boolean.TRUE.equals(caps.resources().subscribe());
    return new SubscriptionFilter(
        Boolean.TRUE.equals(asked.toolsListChanged()) && tools ? Boolean.TRUE : null,
        Boolean.TRUE.equals(asked.promptsListChanged()) && prompts ? Boolean.TRUE : null,
        Boolean.TRUE.equals(asked.resourcesListChanged()) && resourcesList ? Boolean.TRUE : null,
        asked.resourceSubscriptions() != null && subscribe ? List.copyOf(asked.resourceSubscriptions()) : null);
  }
}
