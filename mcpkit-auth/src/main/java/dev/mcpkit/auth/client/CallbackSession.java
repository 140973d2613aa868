package dev.mcpkit.auth.client;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * Where one run of the code flow receives its authorization response: its redirect URI and the wait for it. The
 * loopback listener and an application's own redirect endpoint differ only in where the response arrives and what
 * closing releases; the wait itself ({@link CallbackWait}) is the same, so its use is written here once.
 */
interface CallbackSession extends AutoCloseable {

  URI redirectUri();

  /** The wait the arriving response is handed to. */
  CallbackWait callbackWait();

  /** Arms the wait; must be called before the user agent is sent. */
  default void expect(String state, Function<Map<String, String>, LoopbackCallback.Verdict> validator) {
    callbackWait().expect(state, validator);
  }

  /** Waits for the accepted response, then stops receiving. */
  default Map<String, String> await(Duration timeout) {
    try {
      return callbackWait().await(timeout);
    } finally {
      close();
    }
  }

  /** Ends the wait with a failure. */
  default void fail(OAuthException e) {
    callbackWait().fail(e);
  }

  @Override
  void close();

  /** The session of {@code redirectUri} and {@code wait}; closing it runs {@code release}. */
  static CallbackSession of(URI redirectUri, CallbackWait wait, Runnable release) {
    record Of(URI redirectUri, CallbackWait callbackWait, Runnable release) implements CallbackSession {
      @Override
      public void close() {
        release.run();
      }
    }
    return new Of(redirectUri, wait, release);
  }
}
