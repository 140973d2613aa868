package dev.mcpkit.gateway.internal;

import dev.mcpkit.client.auth.AuthProvider;
import dev.mcpkit.server.Caller;
import java.util.function.Supplier;

/**
 * An upstream's credentials that act on behalf of each caller (the {@code token_exchange} strategy): its own {@link
 * AuthProvider} methods serve the gateway's shared connection (listing, list changes), {@link #forCaller} makes the
 * credentials of one caller's session. A request without an authenticated caller is refused, never sent with the
 * gateway's own credentials in the caller's place.
 */
public interface PerCaller extends AuthProvider {

  /**
   * The credentials of one caller's session.
   *
   * @param caller that caller as it authenticated on its latest request (its token may have been renewed since the
   *     session opened)
   */
  AuthProvider forCaller(Supplier<Caller> caller);
}
