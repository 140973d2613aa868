package dev.mcpkit.client;

import dev.mcpkit.core.schema.SubscriptionFilter;

/**
 * An open notification subscription ({@link McpClient#listen}). Close it to stop: in 2026-07-28
 * that cancels the {@code subscriptions/listen} request; in the 2025 era it unsubscribes from the
 * resources it subscribed to.
 */
public interface Subscription extends AutoCloseable {

  /** The notification types the server agreed to send (its acknowledgement). */
  SubscriptionFilter acknowledged();

  /** True until closed by either side. */
  boolean isOpen();

  /**
   * Completes when the subscription ends, by either side: closed here, ended by the server, or (exceptionally) its
   * connection lost. A 2026-07-28 stream can end while the client stays usable; a follower opens it again.
   */
  java.util.concurrent.CompletionStage<Void> ended();

  @Override
  void close();
}
