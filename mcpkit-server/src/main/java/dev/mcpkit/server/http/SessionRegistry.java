package dev.mcpkit.server.http;

import dev.mcpkit.core.jsonrpc.ErrorCodes;
import dev.mcpkit.server.Caller;
import dev.mcpkit.server.internal.Dispatcher;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 2025 sessions of one endpoint. Ids are 256 random bits from a CSPRNG. Idle sessions (no
 * request, no open stream, nothing in flight for {@code sessionIdleTimeout}) are evicted, because
 * many clients never send DELETE. A session is bound to the caller that opened it. Live sessions,
 * these and the legacy {@code /sse} ones, are capped per client and in total ({@link #quota()}).
 */
final class SessionRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, HttpSession> sessions = new ConcurrentHashMap<>();
  private final HttpOptions options;
  private final Quota quota;
  private final ClusterSessions cluster; // null: sessions live in this process only

  SessionRegistry(HttpOptions options, Dispatcher dispatcher) {
    this.options = options;
    this.quota = new Quota("sessions", options.maxSessionsPerClient(), options.maxSessions(), options);
    this.cluster = options.sessionCluster() == null ? null
        : new ClusterSessions(options.sessionCluster(), sessions, dispatcher, this::drop, options.eventBuffer());
  }

  /** The cluster this registry shares its sessions with, or {@code null}. */
  ClusterSessions cluster() {
    return cluster;
  }

  /** The count of live sessions of both kinds (2025 and legacy) per client and in total. */
  Quota quota() {
    return quota;
  }

  /**
   * A new, not yet registered session (registered once initialize succeeds), counted against its
   * client's and the server's session limits (no session, and the refusing limit, when over one).
   * A created session must end in {@link #register} or {@link #discard}.
   */
  Created create(String clientKey, Caller caller) {
    Quota.Grant g = quota.tryAcquire(clientKey);
    if (g != Quota.Grant.GRANTED) {
      return new Created(null, g);
    }
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    HttpSession s = new HttpSession(Base64.getUrlEncoder().withoutPadding().encodeToString(b), clientKey,
        options.eventBuffer());
    s.state.owner(caller);
    return new Created(s, g);
  }

  /** The outcome of {@link #create}. */
  record Created(HttpSession session, Quota.Grant grant) {}

  void register(HttpSession s) {
    s.registered = true;
    sessions.put(s.id, s);
    if (cluster != null) {
      cluster.registered(s);
    }
  }

  /** Forgets a session that was created but never registered (a failed initialize); no-op otherwise. */
  void discard(HttpSession s) {
    if (!s.registered) {
      uncount(s);
    }
  }

  private void uncount(HttpSession s) {
    if (s.counted.compareAndSet(true, false)) {
      quota.release(s.clientKey);
    }
  }

  /**
   * Finds a session for a request, answering 404 (unknown or ended) or 403 (another caller's) and
   * returning {@code null} when it cannot be used.
   */
  HttpSession find(String id, Caller caller, Response response) {
    HttpSession s;
    try {
      s = cluster == null ? sessions.get(id) : cluster.find(id, caller);
    } catch (UncheckedIOException e) { // the cluster's store does not answer (SessionCluster): a retry may succeed
      LOG.debug("session lookup failed: {}", e.getMessage());
      long retry = Math.max(1, (options.heartbeat().toMillis() + 999) / 1000);
      ErrorWriter.reject(response, 503, null, ErrorCodes.INTERNAL_ERROR, "Service unavailable: the cluster's shared "
          + "store does not answer, so this session cannot be looked up; retry later",
          Map.of("Retry-After", Long.toString(retry)));
      return null;
    }
    if (s == null) {
      ErrorWriter.reject(response, 404, "Session not found: it ended or expired; send initialize to open a new one");
      return null;
    }
    if (!sameCaller(s.state.owner(), caller)) {
      ErrorWriter.reject(response, 403, "Forbidden: this session belongs to another caller");
      return null;
    }
    return s;
  }

  static boolean sameCaller(Caller owner, Caller caller) {
    if (owner == null) {
      return true; // opened anonymously (no guard, or one that allows anonymous access)
    }
    return caller != null && Objects.equals(owner.subject(), caller.subject())
        && Objects.equals(owner.clientId(), caller.clientId());
  }

  /** Ends a session (DELETE), on every instance when shared: cancels its work and closes its streams. */
  void close(String id) {
    drop(id);
    if (cluster != null) {
      cluster.cluster().delete(id);
    }
  }

  /** Ends this instance's copy of a session: cancels its work here and closes its streams here. */
  private void drop(String id) {
    HttpSession s = sessions.remove(id);
    if (s != null) {
      uncount(s);
      s.state.close();
      ResumableStream st = s.standalone;
      if (st != null) {
        st.finish();
      }
      ClusterStream f = s.following;
      if (f != null) {
        f.end();
      }
      if (cluster != null) {
        cluster.cluster().release(id);
      }
    }
  }

  /**
   * Evicts idle sessions; called periodically. A shared session idle here is only dropped here: its record expires
   * by itself when no instance used it for its time to live, and the busy ones (open streams, work in flight) are
   * kept alive from here.
   */
  void evictIdle() {
    long limit = options.sessionIdleTimeout().toNanos();
    java.util.List<String> busy = new java.util.ArrayList<>();
    for (HttpSession s : sessions.values()) {
      boolean working = s.hasOpenStreams() || s.state.hasWorkInFlight();
      if (s.state.idleNanos() > limit && !working) {
        LOG.debug("evicting idle session {}", s.id);
        drop(s.id);
      } else if (working) {
        busy.add(s.id);
      }
    }
    if (cluster != null && !busy.isEmpty()) {
      cluster.cluster().keepAlive(busy);
    }
  }

  int size() {
    return sessions.size();
  }

  /** Ends every session of this instance (it stops); shared sessions stay alive on the other instances. */
  void closeAll() {
    sessions.keySet().forEach(cluster == null ? this::close : this::drop);
    if (cluster != null) {
      cluster.cluster().close();
    }
  }
}
