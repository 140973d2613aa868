package dev.mcpkit.auth.server;

import dev.mcpkit.auth.events.SecurityEvents;
import dev.mcpkit.auth.oauth.Scopes;
import dev.mcpkit.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * Browser state, kept server-side in the store: the session (who is signed in, behind an opaque cookie) and the
 * pending authorization requests. A pending request is bound to the session that started it and carries a CSRF
 * token; every form post must present both, so a page on another site can neither post a login nor a consent.
 */
final class Interaction {

  /** The session cookie: {@code __Host-} (Secure, Path=/, no Domain), HttpOnly, SameSite=Lax. */
  static final String COOKIE = "__Host-mcpkit-session";

  /**
   * An authorization request waiting for the user. {@code prompt} holds the OpenID Connect {@code prompt} values
   * still to honour ({@code login}, {@code consent}, {@code none}), space-separated, or {@code null}.
   */
  record Pending(String id, String clientId, String redirectUri, String state, String codeChallenge, String resource,
      String scope, String sessionId, String csrf, String prompt) {

    Pending withSession(String sessionId) {
      return new Pending(id, clientId, redirectUri, state, codeChallenge, resource, scope, sessionId, Tokens.random(),
          prompt);
    }

    boolean prompts(String value) {
      return prompt != null && Scopes.parse(prompt).contains(value);
    }

    /** After the user signed in during this request: {@code prompt=login} is satisfied, the others still apply. */
    Pending loggedIn() {
      if (!prompts("login")) {
        return this;
      }
      java.util.Set<String> rest = new java.util.LinkedHashSet<>(Scopes.parse(prompt));
      rest.remove("login");
      return new Pending(id, clientId, redirectUri, state, codeChallenge, resource, scope, sessionId, csrf,
          rest.isEmpty() ? null : String.join(" ", rest));
    }
  }

  /** A browser session; {@code subject} is {@code null} until someone signs in. */
  record Session(String id, String subject, String displayName, long authTime) {}

  private final Store store;
  private final Settings settings;

  Interaction(Store store, Settings settings) {
    this.store = store;
    this.settings = settings;
  }

  Optional<Session> current(Request request) {
    for (HttpCookie c : Request.getCookies(request)) {
      if (c.getName().equals(COOKIE)) {
        Optional<Session> s = store.getState("session:" + c.getValue()).map(v -> Http.JSON.readValue(v, Session.class));
        if (s.isPresent()) {
          return s;
        }
      }
    }
    return Optional.empty();
  }

  /** The current session, or a new anonymous one with its cookie set on {@code response}. */
  Session ensure(Request request, Response response) {
    return current(request).orElseGet(() -> save(response, new Session(Tokens.random(), null, null, 0),
        Settings.INTERACTION_TTL));
  }

  /** Signs {@code subject} in: a new session id (no fixation), the old session forgotten. */
  Session signIn(Response response, Session old, String subject, String displayName) {
    if (old != null) {
      store.deleteState("session:" + old.id());
    }
    return save(response, new Session(Tokens.random(), subject, displayName, settings.clock().instant()
        .getEpochSecond()), settings.sessionTtl());
  }

  private Session save(Response response, Session s, Duration ttl) {
    store.putState("session:" + s.id(), Http.JSON.writeValueAsString(s), ttl);
    Response.addCookie(response, HttpCookie.build(COOKIE, s.id()).path("/").secure(true).httpOnly(true)
        .sameSite(HttpCookie.SameSite.LAX).maxAge(ttl.toSeconds()).build());
    return s;
  }

  void savePending(Pending p) {
    store.putState("authz:" + p.id(), Http.JSON.writeValueAsString(p), Settings.INTERACTION_TTL);
  }

  Optional<Pending> pending(String id) {
    if (id == null) {
      return Optional.empty();
    }
    return store.getState("authz:" + id).map(v -> Http.JSON.readValue(v, Pending.class));
  }

  /** Removes the pending request; only one caller ever gets it back, so a consent cannot be approved twice. */
  Optional<Pending> takePending(String id) {
    return store.takeState("authz:" + id).map(v -> Http.JSON.readValue(v, Pending.class));
  }

  /**
   * Loads the pending request a form refers to and checks that this browser's session started it and that the
   * CSRF token matches.
   */
  Checked check(Request request, Http.Params form) {
    Pending p = pending(form.get("request")).orElseThrow(() -> new PageException(400, "Request expired",
        "This sign-in request has expired or was already completed."));
    Session s = current(request).orElse(null);
    String csrf = form.get("csrf");
    if (s == null || !s.id().equals(p.sessionId()) || csrf == null
        || !MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8), p.csrf().getBytes(StandardCharsets.UTF_8))) {
      SecurityEvents.log("csrf_rejected", "client", p.clientId());
      throw new PageException(400, "Invalid request",
          "The form did not come from this browser's sign-in page (missing or wrong CSRF token).");
    }
    return new Checked(p, s);
  }

  record Checked(Pending pending, Session session) {}

  /** An error for a person: shown as an HTML page, never redirected. */
  static final class PageException extends RuntimeException {
    final int status;
    final String title;

    PageException(int status, String title, String message) {
      super(message, null, false, false);
      this.status = status;
      this.title = title;
    }
  }
}
