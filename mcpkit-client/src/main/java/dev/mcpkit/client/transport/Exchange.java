package dev.mcpkit.client.transport;

/** A request in flight on a transport; cancelling it abandons the exchange (closes its HTTP stream). */
@FunctionalInterface
public interface Exchange {

  /** The handle of messages that have no exchange. */
  Exchange NONE = () -> { };

  /** Abandons the exchange; nothing more is delivered for it. Idempotent. */
  void cancel();
}
