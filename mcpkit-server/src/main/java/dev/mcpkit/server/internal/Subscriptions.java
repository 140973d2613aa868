package dev.mcpkit.server.internal;

import dev.mcpkit.core.era.Era;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonrpc.JsonRpcNotification;
import dev.mcpkit.core.jsonrpc.JsonRpcResponse;
import dev.mcpkit.core.jsonrpc.JsonRpcResult;
import dev.mcpkit.core.jsonrpc.McpException;
import dev.mcpkit.core.jsonrpc.RequestId;
import dev.mcpkit.core.protocol.MetaKeys;
import dev.mcpkit.core.protocol.Methods;
import dev.mcpkit.core.schema.ServerCapabilities;
import dev.mcpkit.core.schema.SubscriptionFilter;
import dev.mcpkit.core.schema.SubscriptionsListenRequestParams;
import dev.mcpkit.core.schema.SubscriptionsListenResult;
import dev.mcpkit.server.ChangeHub;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.transport.Exchange;
import dev.mcpkit.server.transport.InFlight;
import dev.mcpkit.server.transport.LegacySession;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
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
  private final Set<Listen> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  Subscriptions(McpServer server) {
    this.server = server;
  }

  /** Starts delivering changes to an initialized 2025 session. */
  void attach(LegacySession session) {
    Runnable unregister = server.changes().register(new ChangeHub.Listener() {
      @Override
      public void changed(ChangeHub.Kind kind, String uri) {
        changed(kind, uri, null);
      }

      @Override
      public void changed(ChangeHub.Kind kind, String uri, String changeId) {
        tell(session, kind, uri, message -> session.sendChange(message, changeId));
      }
    });
    session.onClose(() -> {
      unregister.run();
      // the session's subscriptions end with it (removed one by one: a racing unsubscribe counts once)
      for (String uri : List.copyOf(session.subscriptions())) {
        if (session.subscriptions().remove(uri)) {
          server.changes().unsubscribed(uri);
        }
      }
    });
  }

  private static void tell(LegacySession session, ChangeHub.Kind kind, String uri, JsonNotificationSink sink) {
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
  }

  @FunctionalInterface
  private interface JsonNotificationSink {
    void send(JsonRpcNotification n);
  }

  /**
   * Serves {@code subscriptions/listen}: acknowledges the honoured filter, then streams matching
   * notifications until the client closes the stream (cancellation) or the server shuts down (a
   * final result). Holds no thread meanwhile: returns an {@link Dispatcher.Open} request, and
   * what the stream keeps is its {@link Listen} (the filter, the id, the exchange), not the request.
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
    ObjectNode ack = Json.object();
    ack.set("notifications", Json.tree(honoured));
    ack.set("_meta", tag(s.inFlight.id().json()));

    // Listen before acknowledging, so that no change after the acknowledgement is missed; hold
    // back what arrives before it, because nothing may precede the acknowledgement.
    Listen l = new Listen(honoured, s.inFlight, s.era, s.exchange);
    l.unregister = server.changes().register(l);
    try {
      l.acknowledge(new JsonRpcNotification(Methods.NOTIFICATION_SUBSCRIPTIONS_ACKNOWLEDGED, ack));
    } catch (RuntimeException e) {
      l.unregister.run();
      throw e;
    }
    open.add(l);
    l.uris.forEach(server.changes()::subscribed);
    // A client may cancel as soon as it has the acknowledgement, before the hook is set; if the transport then
    // stops (stdio's end of input) while this thread is still here, end() sees the cancellation and gives no result.
    s.inFlight.onCancel(() -> l.end(false)); // the client closed the stream, or it was cut off
    if (closed) {
      l.end(true);
    }
    return l.open;
  }

  /**
   * Ends every listen stream of this transport with its final result (the transport is stopping).
   * Other transports serving the same server keep theirs.
   */
  void closeAll() {
    closed = true;
    open.forEach(l -> l.end(true));
  }

  /** One open {@code subscriptions/listen} stream: its filter, and where its notifications go. */
  private final class Listen implements ChangeHub.Listener {
    private static final int TOOLS = 1;
    private static final int PROMPTS = 2;
    private static final int RESOURCES = 4;

    private final int lists; // the honoured list_changed kinds
    private final Set<String> uris;
    private final InFlight request;
    private final RequestId id; // also the subscription id
    private final Era era;
    private final Exchange exchange;
    private final Dispatcher.Open open = new Dispatcher.Open();
    private final AtomicBoolean ended = new AtomicBoolean();
    private Runnable unregister;
    private List<JsonRpcNotification> early = new ArrayList<>(0); // guarded by this; null once acknowledged

    Listen(SubscriptionFilter honoured, InFlight request, Era era, Exchange exchange) {
      this.lists = (Boolean.TRUE.equals(honoured.toolsListChanged()) ? TOOLS : 0)
          | (Boolean.TRUE.equals(honoured.promptsListChanged()) ? PROMPTS : 0)
          | (Boolean.TRUE.equals(honoured.resourcesListChanged()) ? RESOURCES : 0);
      this.uris = honoured.resourceSubscriptions() == null ? Set.of() : Set.copyOf(honoured.resourceSubscriptions());
      this.request = request;
      this.id = request.id();
      this.era = era;
      this.exchange = exchange;
    }

    @Override
    public void changed(ChangeHub.Kind kind, String uri) {
      String method = switch (kind) {
        case TOOLS -> (lists & TOOLS) != 0 ? Methods.NOTIFICATION_TOOLS_LIST_CHANGED : null;
        case PROMPTS -> (lists & PROMPTS) != 0 ? Methods.NOTIFICATION_PROMPTS_LIST_CHANGED : null;
        case RESOURCES -> (lists & RESOURCES) != 0 ? Methods.NOTIFICATION_RESOURCES_LIST_CHANGED : null;
        case RESOURCE_UPDATED -> uris.contains(uri) ? Methods.NOTIFICATION_RESOURCES_UPDATED : null;
        case CLOSING -> {
          end(true);
          yield null;
        }
      };
      if (method == null) {
        return;
      }
      ObjectNode params = Json.object();
      if (uri != null) {
        params.put("uri", uri);
      }
      params.set("_meta", tag(id.json()));
      JsonRpcNotification n = new JsonRpcNotification(method, params);
      synchronized (this) { // the exchange queues and never blocks (see Exchange)
        if (early != null) {
          early.add(n);
          return;
        }
        exchange.send(n);
      }
    }

    synchronized void acknowledge(JsonRpcNotification ack) {
      exchange.send(ack);
      List<JsonRpcNotification> held = early;
      early = null;
      held.forEach(exchange::send);
    }

    /**
     * Stops listening and ends the request: with the final result when {@code graceful}, else cancelled. A request
     * the client has cancelled gets no final result even when stopping ends it (its hook may not be set yet).
     */
    void end(boolean graceful) {
      if (!ended.compareAndSet(false, true)) {
        return;
      }
      unregister.run();
      Subscriptions.this.open.remove(this);
      uris.forEach(server.changes()::unsubscribed);
      JsonRpcResponse last = null;
      if (graceful && !request.isCancelled()) {
        Object result = new SubscriptionsListenResult(null, tag(id.json()));
        last = new JsonRpcResult(id, Results.encode(result, Methods.SUBSCRIPTIONS_LISTEN, era, server));
      }
      open.end(new Dispatcher.Reply(last, 200));
    }
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
