package dev.mcpkit.auth.server;

import dev.mcpkit.auth.events.SecurityEvents;
import dev.mcpkit.auth.oauth.Scopes;
import dev.mcpkit.auth.server.federation.UpstreamLogin;
import dev.mcpkit.store.Hashes;
import dev.mcpkit.store.Store;
import dev.mcpkit.store.StoredCode;
import dev.mcpkit.server.http.ErrorWriter;
import dev.mcpkit.store.StoredConsent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The authorization endpoint and the pages behind it. Order of checks (RFC 9700 §4.11): first the client and the
 * exact redirect URI, and any failure there is an error page, never a redirect; only then the other parameters,
 * whose failures are redirected to the validated URI with {@code state} and {@code iss} (RFC 9207).
 */
final class AuthorizeEndpoint {

  static final int MAX_STATE = 1024;
  static final int MAX_SCOPES = 50;

  private final Settings s;
  private final Clients clients;
  private final Interaction interaction;
  private final Store store;
  private final Map<String, UserAccount> users;
  private final Resources resources;
  private final UpstreamLogin upstream;
  private final LoginLimits limits;
  private final int interactionsPerAddress;
  private final int interactionsTotal;

  AuthorizeEndpoint(Settings s, Clients clients, Interaction interaction, Store store, Map<String, UserAccount> users,
      Resources resources, UpstreamLogin upstream, int interactionsPerAddress, int interactionsTotal) {
    this.s = s;
    this.clients = clients;
    this.interaction = interaction;
    this.store = store;
    this.users = users;
    this.resources = resources;
    this.upstream = upstream;
    this.limits = new LoginLimits(store, s.loginFailuresPerWindow());
    this.interactionsPerAddress = interactionsPerAddress;
    this.interactionsTotal = interactionsTotal;
  }

  /** A failure that is sent back to the client's (validated) redirect URI. */
  private static final class RedirectError extends RuntimeException {
    final String error;

    RedirectError(String error, String description) {
      super(description, null, false, false);
      this.error = error;
    }
  }

  void authorize(Request request, Response response, Callback callback) {
    Http.Params p = Http.query(request);
    // Phase 1: who is asking and where the answer goes. Failures here are pages.
    ResolvedClient client;
    String redirectUri;
    try {
      client = clients.resolve(p.get("client_id"));
      redirectUri = p.get("redirect_uri");
    } catch (OAuthException e) {
      throw new Interaction.PageException(400, "Unknown application", e.description());
    }
    if (redirectUri == null && client.redirectUris().size() == 1) {
      redirectUri = client.redirectUris().getFirst();
    }
    final String target = redirectUri;
    if (target == null || client.redirectUris().stream().noneMatch(r -> RedirectUris.matches(r, target))) {
      throw new Interaction.PageException(400, "Invalid redirect",
          "The redirect_uri is missing or is not registered for this application.");
    }
    // Phase 2: everything else. Failures go back to the client.
    String state = null;
    try {
      if (p.isRepeated("state")) {
        throw new RedirectError("invalid_request", "parameter 'state' is repeated");
      }
      state = p.get("state");
      if (state != null && state.length() > MAX_STATE) {
        state = null; // not echoed: a huge state must not make the redirect huge
        throw new RedirectError("invalid_request", "state is longer than " + MAX_STATE + " characters");
      }
      Interaction.Pending pending = validate(p, client, target, state);
      admit(request, response);
      Interaction.Session session = interaction.ensure(request, response);
      pending = pending.withSession(session.id());
      interaction.savePending(pending);
      proceed(request, response, callback, pending, session);
    } catch (RedirectError e) {
      errorRedirect(response, callback, target, e.error, e.getMessage(), state);
    } catch (OAuthException e) {
      errorRedirect(response, callback, target, e.error(), e.description(), state);
    }
  }

  /**
   * Every {@code /authorize} that gets this far stores a pending request (and, without a cookie, a session) for
   * {@link Settings#INTERACTION_TTL}, before anyone has signed in; so how many may start per address and in total
   * within that time is bounded, and an anonymous loop cannot fill the store. Fixed windows of the same length: at
   * most twice the limit is ever stored.
   */
  private void admit(Request request, Response response) {
    String address = Request.getRemoteAddr(request);
    if (store.increment("authorize-address:" + address, Settings.INTERACTION_TTL) > interactionsPerAddress) {
      SecurityEvents.log("authorize_rate_limited", "ip", address);
      response.getHeaders().put("Retry-After", Long.toString(Settings.INTERACTION_TTL.toSeconds()));
      throw new Interaction.PageException(429, "Too many sign-in requests",
          "Too many sign-in requests from this address. Wait a few minutes and try again.");
    }
    if (store.increment("authorize-total", Settings.INTERACTION_TTL) > interactionsTotal) {
      SecurityEvents.log("authorize_capacity_reached", "ip", address);
      response.getHeaders().put("Retry-After", "60");
      throw new Interaction.PageException(503, "Too many sign-in requests",
          "The server is handling too many sign-in requests. Try again in a minute.");
    }
  }

  private Interaction.Pending validate(Http.Params p, ResolvedClient client, String redirectUri, String state) {
    for (String name : List.of("response_type", "code_challenge", "code_challenge_method", "resource", "scope",
        "prompt")) {
      if (p.isRepeated(name)) {
        throw new RedirectError("invalid_request", "parameter '" + name + "' is repeated");
      }
    }
    String responseType = p.get("response_type");
    if (responseType == null) {
      throw new RedirectError("invalid_request", "response_type is missing");
    }
    if (!responseType.equals("code")) {
      throw new RedirectError("unsupported_response_type", "only response_type=code is supported");
    }
    if (!client.grantTypes().contains("authorization_code")) {
      throw new RedirectError("unauthorized_client", "this client may not use the authorization code grant");
    }
    String challenge = p.get("code_challenge");
    String method = p.get("code_challenge_method");
    if (challenge == null) {
      throw new RedirectError("invalid_request", "code_challenge is required (PKCE)");
    }
    if (!"S256".equals(method)) {
      throw new RedirectError("invalid_request", "code_challenge_method must be S256");
    }
    if (!challenge.matches("[A-Za-z0-9_-]{43}")) {
      throw new RedirectError("invalid_request", "code_challenge must be a base64url SHA-256 digest (43 characters)");
    }
    String prompt = prompt(p.get("prompt"));
    ProtectedResource resource = resources.require(p.get("resource"));
    String scope = resources.grantableScope(resource, client, p.get("scope"));
    return new Interaction.Pending(Tokens.random(), client.clientId(), redirectUri, state, challenge, resource.uri(),
        scope, null, null, prompt);
  }

  /** The prompt values this server honours (OpenID Connect Core 1.0 §3.1.2.1); one account, so no select_account. */
  static final List<String> PROMPT_VALUES = List.of("none", "login", "consent");

  /**
   * Checks {@code prompt}: known values only, and {@code none} alone (OpenID Connect Core 1.0 §3.1.2.1). An
   * unknown value is refused rather than ignored: a client asking to see the login or consent page must not be
   * sent back silently with a code because a typo was ignored.
   */
  private static String prompt(String prompt) {
    if (prompt == null || prompt.isBlank()) {
      return null;
    }
    Set<String> values = Scopes.parse(prompt); // a space-separated list, read like a scope value
    for (String v : values) {
      if (!PROMPT_VALUES.contains(v)) {
        throw new RedirectError("invalid_request", "prompt value '" + (v.length() > 40 ? v.substring(0, 40) + "..." : v)
            + "' is not supported (supported: " + String.join(", ", PROMPT_VALUES) + ")");
      }
    }
    if (values.contains("none") && values.size() > 1) {
      throw new RedirectError("invalid_request", "prompt=none cannot be combined with other prompt values");
    }
    return String.join(" ", values);
  }

  /** Shows the next step for a pending request: login, consent, or (consent remembered) straight back. */
  private void proceed(Request request, Response response, Callback callback, Interaction.Pending p,
      Interaction.Session session) {
    ResolvedClient client = clients.resolve(p.clientId());
    // prompt=login: a live session is not enough, the user signs in again (signedIn clears it from the request).
    if (session.subject() == null || p.prompts("login")) {
      if (p.prompts("none")) {
        interaction.takePending(p.id());
        errorRedirect(response, callback, p.redirectUri(), "login_required", "the user is not signed in", p.state());
        return;
      }
      Http.html(response, callback, 200, Pages.login(s, p, client, upstream.providers(), null));
      return;
    }
    StoredConsent consent = store.findConsent(session.subject(), p.clientId(), p.resource()).orElse(null);
    // prompt=consent: the consent page is shown even when a remembered decision covers the request.
    if (consent != null && !p.prompts("consent") && consent.clientFingerprint().equals(client.fingerprint())
        && Scopes.parse(consent.scope()).containsAll(Scopes.parse(p.scope()))) {
      interaction.takePending(p.id());
      issueCode(response, callback, p, session);
      return;
    }
    if (p.prompts("none")) {
      interaction.takePending(p.id());
      errorRedirect(response, callback, p.redirectUri(), "consent_required", "the user has not approved this request",
          p.state());
      return;
    }
    Http.html(response, callback, 200, Pages.consent(s, p, client, session.displayName()));
  }

  /** GET /interaction?request=…: where the browser lands after login (a 303 after the POST). */
  void interaction(Request request, Response response, Callback callback) {
    Http.Params q = Http.query(request);
    Interaction.Pending p = interaction.pending(q.get("request")).orElseThrow(() -> new Interaction.PageException(
        400, "Request expired", "This sign-in request has expired or was already completed."));
    Interaction.Session session = interaction.current(request).orElse(null);
    if (session == null || !session.id().equals(p.sessionId())) {
      throw new Interaction.PageException(400, "Invalid request", "This sign-in request belongs to another browser.");
    }
    proceed(request, response, callback, p, session);
  }

  void login(Request request, Response response, Callback callback) throws Exception {
    Http.Params form = Http.form(request);
    Interaction.Checked c = interaction.check(request, form);
    String username = form.get("username");
    String password = form.get("password");
    ResolvedClient client = clients.resolve(c.pending().clientId());
    String address = Request.getRemoteAddr(request);
    // Counted before the password is checked, so parallel guesses cannot all pass a check made before any failed;
    // once over the limit even the right password is refused until the window ends.
    LoginLimits.Attempt attempt = limits.reserve(username, address);
    if (attempt == null) {
      SecurityEvents.log("login_rate_limited", "user", username, "ip", address);
      Http.html(response, callback, 429, Pages.login(s, c.pending(), client, upstream.providers(),
          "Too many failed attempts. Wait a few minutes and try again."));
      return;
    }
    UserAccount user = username == null ? null : users.get(username);
    boolean ok;
    try {
      // The same Argon2 work whether or not the user exists, and the same message: no user enumeration.
      ok = PasswordHasher.verify(password == null ? "" : password, user == null ? PasswordHasher.DUMMY
          : user.passwordHash()) && user != null;
    } catch (OAuthException busy) {
      limits.release(attempt); // never checked: not a failure
      SecurityEvents.log("login_busy", "ip", address);
      response.getHeaders().put("Retry-After", "1");
      Http.html(response, callback, 503, Pages.login(s, c.pending(), client, upstream.providers(),
          "The server is busy signing other people in. Try again in a moment."));
      return;
    }
    if (!ok) {
      SecurityEvents.log("login_failed", "user", username, "ip", address);
      // 200, not 401: a 401 must carry an HTTP authentication challenge, and this is a form.
      Http.html(response, callback, 200, Pages.login(s, c.pending(), client, upstream.providers(),
          "Invalid username or password."));
      return;
    }
    limits.release(attempt);
    signedIn(response, callback, c, user.username(), user.displayName());
  }

  /** After any successful sign-in (local or federated): new session, pending request moved to it, then onwards. */
  void signedIn(Response response, Callback callback, Interaction.Checked c, String subject, String name) {
    Interaction.Session session = interaction.signIn(response, c.session(), subject, name);
    Interaction.Pending moved = c.pending().withSession(session.id()).loggedIn();
    interaction.savePending(moved);
    Http.seeOther(response, callback, s.endpoint("/interaction") + "?request=" + Http.encode(moved.id()));
  }

  void consent(Request request, Response response, Callback callback) throws Exception {
    Http.Params form = Http.form(request);
    Interaction.Checked c = interaction.check(request, form);
    if (c.session().subject() == null) {
      throw new Interaction.PageException(400, "Not signed in", "Sign in before approving access.");
    }
    Interaction.Pending p = interaction.takePending(c.pending().id()).orElseThrow(() -> new Interaction.PageException(
        400, "Request expired", "This request was already completed."));
    if (!"approve".equals(form.get("decision"))) {
      errorRedirect(response, callback, p.redirectUri(), "access_denied", "the user denied the request", p.state());
      return;
    }
    if ("yes".equals(form.get("remember"))) {
      Instant now = s.clock().instant();
      ResolvedClient client = clients.resolve(p.clientId());
      store.saveConsent(StoredConsent.builder()
          .subject(c.session().subject())
          .clientId(p.clientId())
          .resource(p.resource())
          .scope(p.scope())
          .clientFingerprint(client.fingerprint())
          .grantedAt(now)
          .expiresAt(now.plus(s.consentTtl())).build());
    }
    issueCode(response, callback, p, c.session());
  }

  private void issueCode(Response response, Callback callback, Interaction.Pending p, Interaction.Session session) {
    String code = Tokens.random();
    Instant now = s.clock().instant();
    store.saveCode(StoredCode.builder()
        .codeHash(Hashes.sha256(code))
        .clientId(p.clientId())
        .redirectUri(p.redirectUri())
        .codeChallenge(p.codeChallenge())
        .resource(p.resource())
        .scope(p.scope())
        .subject(session.subject())
        .familyId(Tokens.random())
        .authTime(Instant.ofEpochSecond(session.authTime()))
        .expiresAt(now.plus(s.codeTtl())).build());
    Map<String, String> q = new LinkedHashMap<>();
    q.put("code", code);
    q.put("state", p.state());
    q.put("iss", s.issuerString());
    Http.seeOther(response, callback, Http.appendQuery(p.redirectUri(), q));
  }

  void errorRedirect(Response response, Callback callback, String redirectUri, String error, String description,
      String state) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("error", error);
    q.put("error_description", ErrorWriter.scrub(description)); // scrubbed like every other error message
    q.put("state", state);
    q.put("iss", s.issuerString());
    Http.seeOther(response, callback, Http.appendQuery(redirectUri, q));
  }

  /** POST /federation/start: leaves for the upstream provider the user picked. */
  void federationStart(Request request, Response response, Callback callback) throws Exception {
    Http.Params form = Http.form(request);
    Interaction.Checked c = interaction.check(request, form);
    String url = upstream.start(form.get("provider"), c.pending().id(), c.session().id());
    Http.seeOther(response, callback, url);
  }

  /** GET /federation/callback: back from the upstream provider. */
  void federationCallback(Request request, Response response, Callback callback) {
    Http.Params q = Http.query(request);
    UpstreamLogin.Result r = upstream.finish(q.get("state"), q.get("code"), q.get("error"), q.get("iss"),
        interaction.current(request).map(Interaction.Session::id).orElse(null));
    Interaction.Pending p = interaction.pending(r.requestId()).orElseThrow(() -> new Interaction.PageException(400,
        "Request expired", "This sign-in request has expired or was already completed."));
    Interaction.Session session = interaction.current(request).orElseThrow();
    signedIn(response, callback, new Interaction.Checked(p, session), r.subject(), r.displayName());
  }
}
