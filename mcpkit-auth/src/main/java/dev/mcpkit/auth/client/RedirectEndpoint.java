package dev.mcpkit.auth.client;

import java.net.URI;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A redirect URI that an application serves on its own loopback web server (a local web app such as mcpkit's
 * inspector), instead of the one-shot listener the client otherwise opens for each sign-in: set it with {@link
 * OAuthClient.Builder#redirectEndpoint(RedirectEndpoint)} and route GETs of its path to {@link #handle}. The checks are
 * the listener's: one sign-in at a time, exactly one response taken, the one whose {@code state} matches (with no
 * repeated parameter); anything else gets 400 and does not end the wait; the page shown is static text with no token
 * or code in it, sent with {@code Referrer-Policy: no-referrer}, {@code Cache-Control: no-store} and a CSP that allows
 * nothing.
 */
public final class RedirectEndpoint {

  private final URI redirectUri;
  private final AtomicReference<CallbackWait> waiting = new AtomicReference<>();

  private RedirectEndpoint(URI redirectUri) {
    this.redirectUri = redirectUri;
  }

  /**
   * An endpoint at {@code redirectUri}: {@code http} on 127.0.0.1 or localhost (a native app's redirect, RFC 8252 §7.3),
   * with a path and no query or fragment.
   *
   * @throws IllegalArgumentException for any other URI
   */
  public static RedirectEndpoint at(URI redirectUri) {
    Objects.requireNonNull(redirectUri, "redirectUri");
    if (!"http".equals(redirectUri.getScheme())
        || !("127.0.0.1".equals(redirectUri.getHost()) || "localhost".equals(redirectUri.getHost()))
        || redirectUri.getPort() <= 0 || redirectUri.getRawPath() == null || redirectUri.getRawPath().length() < 2
        || redirectUri.getRawQuery() != null || redirectUri.getRawFragment() != null) {
      throw new IllegalArgumentException("a redirect endpoint is http on 127.0.0.1 or localhost with a port and a path,"
          + " without query or fragment");
    }
    return new RedirectEndpoint(redirectUri);
  }

  /** The redirect URI registered and sent in authorization requests. */
  public URI redirectUri() {
    return redirectUri;
  }

  /**
   * Answers a request for the redirect URI's path: a GET is taken as the authorization response of the sign-in
   * waiting (or refused with 400 when none waits or it is not that sign-in's response); other methods get 405.
   *
   * @return false (nothing written) when the request is not for this endpoint's path
   */
  public boolean handle(Request request, Response response, Callback callback) {
    if (!redirectUri.getRawPath().equals(Request.getPathInContext(request))) {
      return false;
    }
    if (!"GET".equals(request.getMethod())) {
      LoopbackCallback.page(response, callback, 405, "Not allowed", "This address only receives the sign-in response.");
      return true;
    }
    CallbackWait wait = waiting.get();
    CallbackWait.Answer a = wait == null
        ? new CallbackWait.Answer(400, "No sign-in in progress", "No sign-in is waiting for this response, so it was"
            + " ignored.", () -> { })
        : wait.receive(request.getHttpURI().getQuery());
    LoopbackCallback.page(response, LoopbackCallback.then(callback, a.after()), a.status(), a.title(), a.text());
    return true;
  }

  /** A session for one run of the code flow; refused while another sign-in waits here. */
  CallbackSession open() {
    CallbackWait wait = new CallbackWait();
    if (!waiting.compareAndSet(null, wait)) {
      throw new OAuthException(OAuthException.Reason.LOGIN_REQUIRED, "another sign-in is waiting at " + redirectUri
          + ": finish it (or wait for its timeout) first");
    }
    return CallbackSession.of(redirectUri, wait, () -> waiting.compareAndSet(wait, null));
  }
}
