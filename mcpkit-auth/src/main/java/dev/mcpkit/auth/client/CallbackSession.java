package dev.mcpkit.auth.client;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/** Where one run of the code flow receives its authorization response: its redirect URI and the wait for it. */
interface CallbackSession extends AutoCloseable {

  URI redirectUri();

  /** Arms the wait; must be called before the user agent is sent. */
  void expect(String state, Function<Map<String, String>, LoopbackCallback.Verdict> validator);

  /** Waits for the accepted response (and stops receiving). */
  Map<String, String> await(Duration timeout);

  /** Ends the wait with a failure. */
  void fail(OAuthException e);

  @Override
  void close();
}
