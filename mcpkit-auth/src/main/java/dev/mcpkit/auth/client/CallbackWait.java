package dev.mcpkit.auth.client;

import dev.mcpkit.auth.internal.FormUrlEncoded;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wait for one authorization response, whoever serves the redirect URI ({@link LoopbackCallback}'s own listener, or
 * an application's {@link RedirectEndpoint}): it takes exactly one response, the one whose {@code state} matches and
 * whose parameters are not repeated; anything else is answered 400 and does not end the wait (a forged request cannot
 * cancel the sign-in).
 */
final class CallbackWait {

  private static final Logger LOG = LoggerFactory.getLogger(LoopbackCallback.class);

  /** What to show the browser, and what to run once it was shown (ends the wait). */
  record Answer(int status, String title, String text, Runnable after) {}

  private final CompletableFuture<Map<String, String>> result = new CompletableFuture<>();
  private volatile String expectedState;
  private volatile Function<Map<String, String>, LoopbackCallback.Verdict> validator;

  /** Arms the wait for one authorization request; called before the user agent is sent. */
  void expect(String state, Function<Map<String, String>, LoopbackCallback.Verdict> validator) {
    this.validator = validator;
    this.expectedState = state;
  }

  /** A GET of the redirect URI with this raw query (or {@code null}). */
  Answer receive(String rawQuery) {
    Map<String, String> params = new LinkedHashMap<>();
    boolean repeated = false;
    try {
      for (var e : FormUrlEncoded.parse(rawQuery).entrySet()) {
        params.put(e.getKey(), e.getValue().getFirst());
        repeated |= e.getValue().size() > 1;
      }
    } catch (IllegalArgumentException e) {
      repeated = true; // a malformed escape: not a response of this sign-in
    }
    String want = expectedState;
    if (want == null || repeated || !want.equals(params.get("state"))) {
      LOG.info("event=oauth_callback_rejected reason={}", repeated ? "repeated_parameter" : "state_mismatch");
      return new Answer(400, "Not this sign-in", "This response does not belong to the sign-in in progress, so it was"
          + " ignored.", () -> { });
    }
    if (result.isDone()) {
      return new Answer(410, "Already done", "This sign-in has already been completed.", () -> { });
    }
    LoopbackCallback.Verdict v;
    OAuthException failure = null;
    try {
      v = validator.apply(params);
    } catch (OAuthException e) {
      failure = e;
      v = new LoopbackCallback.Verdict(false, e.getMessage());
    }
    if (v.ok()) {
      Map<String, String> answer = Map.copyOf(params);
      return new Answer(200, "Signed in", "You can close this window and return to mcpkit.", () -> result.complete(answer));
    }
    OAuthException ex = failure != null ? failure : new OAuthException(OAuthException.Reason.INVALID_RESPONSE, v.message());
    return new Answer(400, "Sign-in failed", v.message(), () -> result.completeExceptionally(ex));
  }

  /** Waits for the response whose state matched and that the validator accepted. */
  Map<String, String> await(Duration timeout) {
    try {
      return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new OAuthException(OAuthException.Reason.TIMED_OUT, "gave up waiting: nobody completed the sign-in in the"
          + " browser within " + timeout.toSeconds() + " s (if the browser showed an error page, it says why)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OAuthException(OAuthException.Reason.TIMED_OUT, "interrupted while waiting for the sign-in");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof OAuthException o) {
        throw o;
      }
      throw new OAuthException(OAuthException.Reason.INVALID_RESPONSE, "the authorization response could not be read");
    }
  }

  /** Ends the wait with a failure (the user agent could not be started, for example). */
  void fail(OAuthException e) {
    result.completeExceptionally(e);
  }
}
