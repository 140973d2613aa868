package dev.mcpkit.auth.client;

import dev.mcpkit.auth.oauth.Scopes;
import dev.mcpkit.core.text.PeerText;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authorization code flow with PKCE S256 through a one-shot loopback listener: checks that the server supports
 * PKCE, gets a client id ({@link Registration}), sends the user agent (or the headless one) to the authorization
 * endpoint with {@code state} and {@code resource}, checks the response (RFC 9207 {@code iss} first) and redeems the
 * code ({@link TokenRequests}). Stores nothing: it returns the client and the tokens.
 */
final class CodeFlow {

  private static final Logger LOG = LoggerFactory.getLogger(OAuthClient.class);
  private static final String OFFLINE_ACCESS = "offline_access";

  /** What one run of the flow produced. */
  record Outcome(StoredClient client, StoredGrant grant) {}

  private final OAuthHttp http;
  private final Registration registration;
  private final TokenRequests tokens;
  private final UserAgent userAgent;
  private final boolean offlineAccess;
  private final Duration loginTimeout;
  private final String prompt;
  private final RedirectEndpoint endpoint;

  /**
   * @param userAgent {@code null} for the headless user agent
   * @param endpoint the application's own redirect URI, or {@code null} for a one-shot loopback listener per sign-in
   */
  CodeFlow(OAuthHttp http, Registration registration, TokenRequests tokens, UserAgent userAgent,
      boolean offlineAccess, Duration loginTimeout, String prompt, RedirectEndpoint endpoint) {
    this.endpoint = endpoint;
    this.http = http;
    this.registration = registration;
    this.tokens = tokens;
    this.userAgent = userAgent;
    this.offlineAccess = offlineAccess;
    this.loginTimeout = loginTimeout;
    this.prompt = prompt;
  }

  /** Runs the flow for {@code scopes} at the discovered server; {@code key} names the MCP server in logs. */
  Outcome run(Discovery.Result d, String key, Set<String> scopes, boolean loopback) {
    AuthServerMetadata as = d.as();
    if (!as.defaults()) {
      // MCP authorization, "Authorization Code Protection": verify PKCE support from the metadata, refuse otherwise.
      List<String> methods = as.codeChallengeMethods();
      if (methods == null) {
        throw new OAuthException(OAuthException.Reason.PKCE_UNSUPPORTED, "refused: the authorization server " + as.issuer()
            + " does not advertise code_challenge_methods_supported, so it may not support PKCE; not authorizing");
      }
      if (!methods.contains("S256")) {
        throw new OAuthException(OAuthException.Reason.PKCE_UNSUPPORTED, "refused: the authorization server " + as.issuer()
            + " does not support the S256 PKCE method (it lists " + PeerText.line(String.valueOf(methods), 100) + ")");
      }
    }
    if (as.authorizationEndpoint() == null) {
      throw new OAuthException(OAuthException.Reason.DISCOVERY_FAILED, "the authorization server " + as.issuer()
          + " has no authorization endpoint");
    }
    try (CallbackSession cb = endpoint != null ? endpoint.open() : LoopbackCallback.open()) {
      URI redirect = cb.redirectUri();
      StoredClient client = registration.register(as, redirect, loopback);
      http.emit(new OAuthEvent(OAuthEvent.Kind.CLIENT, URI.create(as.issuer()), 0,
          Map.of("registration", client.registration(), "clientId", client.clientId())));
      Pkce pkce = Pkce.create();
      String state = Pkce.random();
      Set<String> requested = scopes;
      if (offlineAccess && as.scopesSupported() != null && as.scopesSupported().contains(OFFLINE_ACCESS)) {
        requested = Scopes.union(scopes, Set.of(OFFLINE_ACCESS));
      }
      Map<String, String> q = new LinkedHashMap<>();
      q.put("response_type", "code");
      q.put("client_id", client.clientId());
      q.put("redirect_uri", redirect.toString());
      q.put("code_challenge", pkce.challenge());
      q.put("code_challenge_method", "S256");
      q.put("state", state);
      if (!requested.isEmpty()) {
        q.put("scope", Scopes.join(requested));
      }
      q.put("resource", d.resource());
      if (prompt != null) {
        q.put("prompt", prompt);
      }
      URI url = withQuery(as.authorizationEndpoint(), q);
      // The issuer is recorded with the verifier and the state before the user agent leaves (RFC 9207).
      String recordedIssuer = as.issuer();
      boolean issAdvertised = as.issParameterSupported();
      cb.expect(state, params -> {
        Map<String, String> seen = new LinkedHashMap<>(params);
        seen.put("expectedIssuer", recordedIssuer);
        try {
          LoopbackCallback.Verdict v = checkResponse(params, recordedIssuer, issAdvertised);
          http.emit(new OAuthEvent(OAuthEvent.Kind.CALLBACK, redirect, 0, seen));
          return v;
        } catch (OAuthException e) {
          seen.put("refused", e.getMessage());
          http.emit(new OAuthEvent(OAuthEvent.Kind.CALLBACK, redirect, 0, seen));
          throw e;
        }
      });
      http.emit(new OAuthEvent(OAuthEvent.Kind.AUTHORIZE, url, 0, Map.of("issuer", recordedIssuer)));
      LOG.info("event=authorization_request server={} issuer={} client_id={} scopes={}", key, as.issuer(),
          PeerText.line(client.clientId(), 200), PeerText.line(String.valueOf(requested), 300));
      try {
        if (userAgent == null) {
          headlessOpen(url, redirect, loopback);
        } else {
          userAgent.open(url, redirect);
        }
      } catch (OAuthException e) {
        cb.fail(e);
      } catch (Exception e) {
        cb.fail(new OAuthException(OAuthException.Reason.TIMED_OUT, "the sign-in could not be started: "
            + PeerText.line(String.valueOf(e.getMessage()), 200)));
      }
      Map<String, String> params = cb.await(loginTimeout);
      StoredGrant g = tokens.redeemCode(as, client, params.get("code"), redirect, pkce.verifier(), d.resource(),
          requested, loopback);
      return new Outcome(client, g);
    }
  }

  /** RFC 9207 first (so that a forged response's error fields are never acted on), then the response itself. */
  private static LoopbackCallback.Verdict checkResponse(Map<String, String> params, String issuer, boolean advertised) {
    String iss = params.get("iss");
    if (iss != null) {
      if (!iss.equals(issuer)) { // simple string comparison, no normalization (RFC 3986 §6.2.1)
        LOG.info("event=iss_mismatch expected={} got={}", issuer, PeerText.line(iss, 200));
        throw new OAuthException(OAuthException.Reason.INVALID_RESPONSE, "refused: the authorization response names the"
            + " issuer \"" + PeerText.line(iss, 200) + "\", not " + issuer + " (RFC 9207); its code and error are ignored");
      }
    } else if (advertised) {
      LOG.info("event=iss_missing expected={}", issuer);
      throw new OAuthException(OAuthException.Reason.INVALID_RESPONSE, "refused: the authorization server " + issuer
          + " advertises the iss response parameter, but the response has none (RFC 9207); its code and error are ignored");
    }
    String error = params.get("error");
    if (error != null) {
      String description = params.get("error_description");
      throw new OAuthException(OAuthException.Reason.AUTHORIZATION_DENIED, "the authorization server refused: "
          + PeerText.line(error, 60) + (description == null ? "" : " (" + PeerText.line(description, 200) + ")"));
    }
    String code = params.get("code");
    if (code == null || code.isEmpty()) {
      throw new OAuthException(OAuthException.Reason.INVALID_RESPONSE, "the authorization response has no code");
    }
    return new LoopbackCallback.Verdict(true, null);
  }

  /**
   * The headless user agent: requests the authorization URL without following redirects and, when
   * the server redirects straight back to the loopback listener (no person needed), delivers that.
   */
  private void headlessOpen(URI url, URI redirect, boolean loopback) {
    OAuthHttp.Reply r = http.get(url, loopback);
    if (r.status() < 300 || r.status() > 399 || r.location() == null) {
      throw new OAuthException(OAuthException.Reason.LOGIN_REQUIRED, "the authorization server answered HTTP " + r.status()
          + " instead of redirecting back: it wants a person to sign in, which the headless mode cannot do");
    }
    URI back;
    try {
      back = url.resolve(r.location().trim());
    } catch (IllegalArgumentException e) {
      throw new OAuthException(OAuthException.Reason.INVALID_RESPONSE, "the authorization server redirected to an invalid URL");
    }
    if (!"http".equals(back.getScheme()) || !"127.0.0.1".equals(back.getHost()) || back.getPort() != redirect.getPort()
        || !redirect.getPath().equals(back.getPath())) {
      throw new OAuthException(OAuthException.Reason.UNSAFE_URL, "the authorization server redirected to "
          + PeerText.line(back.getScheme() + "://" + back.getRawAuthority() + back.getRawPath(), 200)
          + ", not to this client's redirect URI; not following");
    }
    http.get(back, true);
  }

  private static URI withQuery(URI endpoint, Map<String, String> params) {
    StringBuilder b = new StringBuilder(endpoint.toString());
    char sep = endpoint.getRawQuery() == null ? '?' : '&';
    for (Map.Entry<String, String> e : params.entrySet()) {
      b.append(sep).append(OAuthHttp.enc(e.getKey())).append('=').append(OAuthHttp.enc(e.getValue()));
      sep = '&';
    }
    return URI.create(b.toString());
  }
}
