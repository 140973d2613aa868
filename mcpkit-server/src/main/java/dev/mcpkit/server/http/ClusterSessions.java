package dev.mcpkit.server.http;

import dev.mcpkit.core.jsonrpc.JsonRpcCodec;
import dev.mcpkit.core.jsonrpc.JsonRpcMessage;
import dev.mcpkit.core.jsonrpc.JsonRpcNotification;
import dev.mcpkit.core.jsonrpc.JsonRpcResponse;
import dev.mcpkit.core.jsonrpc.McpException;
import dev.mcpkit.core.protocol.Methods;
import dev.mcpkit.server.Caller;
import dev.mcpkit.server.cluster.SessionCluster;
import dev.mcpkit.server.cluster.SessionRecord;
import dev.mcpkit.server.internal.Dispatcher;
import dev.mcpkit.server.transport.LegacySession;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster side of {@link SessionRegistry}: keeps this instance's copies of shared 2025 sessions in step with their
 * records ({@link SessionCluster}), and receives what other instances send this one (events of the GET streams held
 * here, answers to requests sent from here, cancellations, ended sessions). Only used when a cluster is set: the
 * single-instance path never reaches this class.
 *
 * <p>Every request of a session costs one {@link SessionCluster#load} (one Redis command: it reads the record and
 * refreshes its time to live), so that a session deleted or changed on another instance is seen at once here.
 */
final class ClusterSessions implements SessionCluster.Receiver {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterSessions.class);

  private final SessionCluster cluster;
  private final Map<String, HttpSession> local; // the registry's map
  private final Dispatcher dispatcher;
  private final Consumer<String> drop; // drops this instance's copy (SessionRegistry#drop)
  private final String idPrefix;
  private final int eventBuffer;

  ClusterSessions(SessionCluster cluster, Map<String, HttpSession> local, Dispatcher dispatcher, Consumer<String> drop,
      int eventBuffer) {
    this.cluster = cluster;
    this.eventBuffer = eventBuffer;
    this.local = local;
    this.dispatcher = dispatcher;
    this.drop = drop;
    this.idPrefix = cluster.instanceId() + ":";
    cluster.start(this);
  }

  SessionCluster cluster() {
    return cluster;
  }

  /** A session opened here was initialized: share it, and send what belongs to no request through the cluster. */
  void registered(HttpSession s) {
    share(s);
    cluster.save(record(s));
  }

  private void share(HttpSession s) {
    LegacySession state = s.state;
    s.cluster = cluster; // its request streams resume on any instance
    state.requestIdPrefix(idPrefix);
    state.standalone(message -> cluster.publish(s.id, JsonRpcCodec.write(message)));
    // every instance holding a copy hears of a change (the cluster's change bus): its id makes it one event
    state.changes((message, changeId) -> cluster.publish(s.id, JsonRpcCodec.write(message), changeId));
    state.onChange(() -> cluster.save(record(s)));
    // what this instance waits for is shared, so that an instance an answer is posted to can tell a real one
    state.onAwaiting(id -> cluster.awaiting(s.id, id.json().asString()),
        id -> cluster.settled(s.id, id.json().asString()));
  }

  /**
   * The session for a request: this instance's copy brought up to date, or a new copy built from the record. Returns
   * {@code null} when the session ended or expired; a copy the caller does not own is returned unregistered (the
   * registry answers 403 and nothing is kept).
   */
  HttpSession find(String id, Caller caller) {
    SessionRecord r = cluster.load(id).orElse(null);
    HttpSession s = local.get(id);
    if (r == null) {
      if (s != null) {
        drop.accept(id); // ended or expired elsewhere
      }
      return null;
    }
    if (s != null) {
      apply(s.state, r.settings());
      return s;
    }
    HttpSession copy = new HttpSession(id, "cluster", eventBuffer); // its request streams resume as usual
    copy.counted.set(false); // counted where it was opened; cluster-wide limits are not kept here
    copy.state.owner(r.owner() == null ? null : new Caller(r.owner().subject(), r.owner().clientId(), Set.of(), Map.of()));
    if (!SessionRegistry.sameCaller(copy.state.owner(), caller)) {
      return copy; // not registered: the registry answers 403
    }
    SessionRecord.Handshake h = r.handshake();
    copy.state.establish(h.version(), h.capabilities(), h.clientInfo());
    copy.state.markInitialized();
    copy.registered = true;
    HttpSession raced = local.putIfAbsent(id, copy);
    if (raced != null) {
      return raced; // another request built it first
    }
    share(copy);
    apply(copy.state, r.settings());
    dispatcher.adopt(copy.state);
    return copy;
  }

  /** Brings a copy's settings in line with the record (another instance may have changed them). */
  private void apply(LegacySession state, SessionRecord.Settings settings) {
    if (!Objects.equals(state.logLevel(), settings.logLevel())) {
      state.logLevel(settings.logLevel());
    }
    Set<String> mine = state.subscriptions();
    for (String uri : settings.subscriptions()) {
      if (mine.add(uri)) {
        dispatcher.server().changes().subscribed(uri);
      }
    }
    for (String uri : List.copyOf(mine)) {
      if (!settings.subscriptions().contains(uri) && mine.remove(uri)) {
        dispatcher.server().changes().unsubscribed(uri);
      }
    }
  }

  private static SessionRecord record(HttpSession s) {
    LegacySession st = s.state;
    Caller o = st.owner();
    return new SessionRecord(s.id, o == null ? null : new SessionRecord.Owner(o.subject(), o.clientId()),
        new SessionRecord.Handshake(st.version(), st.capabilities(), st.clientInfo()),
        new SessionRecord.Settings(st.logLevel(), new HashSet<>(st.subscriptions())));
  }

  /**
   * Routes a client's answer that no request of this instance waits for to the instance that sent the request (its
   * id names it). {@code UNKNOWN} when the id names no other instance of the cluster or no request that instance
   * waits for, {@code GONE} when it names one that stopped (nothing waits for the answer any more).
   */
  SessionCluster.Delivery route(HttpSession s, JsonRpcResponse response) {
    if (response.id() == null || !response.id().isString()) {
      return SessionCluster.Delivery.UNKNOWN;
    }
    String id = response.id().json().asString();
    int colon = id.indexOf(':');
    if (colon <= 0 || id.regionMatches(0, idPrefix, 0, idPrefix.length())) {
      return SessionCluster.Delivery.UNKNOWN; // not a cluster id, or this instance's own (no longer pending)
    }
    return cluster.answer(id.substring(0, colon), s.id, id, JsonRpcCodec.write(response));
  }

  /** A client's notification: a cancellation may be for a request running on another instance. */
  void notified(HttpSession s, JsonRpcNotification n) {
    if (Methods.NOTIFICATION_CANCELLED.equals(n.method())) {
      cluster.broadcast(s.id, JsonRpcCodec.write(n)); // no per-request owner is recorded (a write per request)
    }
  }

  @Override
  public void event(String sessionId, String eventId, byte[] message) {
    HttpSession s = local.get(sessionId);
    ClusterStream stream = s == null ? null : s.following;
    if (stream != null) {
      stream.deliver(ClusterStream.EVENT_PREFIX + eventId, message);
    }
  }

  @Override
  public void message(String sessionId, byte[] message) {
    HttpSession s = local.get(sessionId);
    if (s == null) {
      return;
    }
    JsonRpcMessage m;
    try {
      m = JsonRpcCodec.readOne(message);
    } catch (McpException | IllegalArgumentException e) {
      LOG.debug("ignoring a malformed cluster message for a session");
      return;
    }
    switch (m) {
      case JsonRpcResponse r -> s.state.complete(r);
      case JsonRpcNotification n -> dispatcher.notification(n, s.state);
      default -> LOG.debug("ignoring a cluster message that is no response or notification");
    }
  }

  @Override
  public void streamTaken(String sessionId) {
    HttpSession s = local.get(sessionId);
    ClusterStream stream = s == null ? null : s.following;
    if (stream != null) {
      stream.end(); // the client's newer GET stream is on another instance: one stream per message (the spec)
    }
  }

  @Override
  public void ended(String sessionId) {
    if (local.containsKey(sessionId)) {
      drop.accept(sessionId);
    }
  }
}
