package dev.mcpkit.server.http;

import dev.mcpkit.core.jsonrpc.ErrorCodes;
import dev.mcpkit.server.Caller;
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
 * many clients never send DELETE. A session is bound to the caller that opened it.
 */
final class SessionRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, HttpSession> sessions = new ConcurrentHashMap<>();
  private final HttpOptions options;

  SessionRegistry(HttpOptions options) {
    this.options = options;
  }

  /** A new, not yet registered session (registered once initialize succeeds). */
  HttpSession create(String clientAddress, Caller caller) {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    HttpSession s = new HttpSession(Base64.getUrlEncoder().withoutPadding().encodeToString(b), clientAddress,
        options.eventBuffer());
    s.state.owner(caller);
    return s;
  }

  void register(HttpSession s) {
    sessions.put(s.id, s);
  }

  void remove(String id) {
    sessions.remove(id);
  }

  /**
   * Finds a session for a request, answering 404 (unknown or ended) or 403 (another caller's) and
   * returning {@code null} when it cannot be used.
   */
  HttpSession find(String id, Caller caller, Response response) {
    HttpSession s = sessions.get(id);
    if (s == null) {
      HttpReplies.error(response, 404, null, ErrorCodes.INVALID_REQUEST,
          "Session not found: it ended or expired; send initialize to open a new one");
      return null;
    }
    if (!sameCaller(s.state.owner(), caller)) {
      HttpReplies.error(response, 403, null, ErrorCodes.INVALID_REQUEST,
          "Forbidden: this session belongs to another caller");
      return null;
    }
    return s;
  }

  private static boolean sameCaller(Caller owner, Caller caller) {
    if (owner == null) {
      return true; // opened anonymously (no guard, or one that allows anonymous access)
    }
    return caller != null && Objects.equals(owner.subject(), caller.subject())
        && Objects.equals(owner.clientId(), caller.clientId());
  }

  /** Ends a session: cancels its work and closes its streams. */
  void close(String id) {
    HttpSession s = sessions.remove(id);
    if (s != null) {
      s.state.close();
      ResumableStream st = s.standalone;
      if (st != null) {
        st.finish();
      }
    }
  }

  /** Evicts idle sessions; called periodically. */
  void evictIdle() {
    long limit = options.sessionIdleTimeout().toNanos();
    for (HttpSession s : sessions.values()) {
      if (s.state.idleNanos() > limit && !s.hasOpenStreams() && !s.state.hasWorkInFlight()) {
        LOG.debug("evicting idle session {}", s.id);
        close(s.id);
      }
    }
  }

  int size() {
    return sessions.size();
  }

  void closeAll() {
    sessions.keySet().forEach(this::close);
  }
}
