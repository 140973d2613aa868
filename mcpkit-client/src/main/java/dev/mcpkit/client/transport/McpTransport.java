package dev.mcpkit.client.transport;

import dev.mcpkit.core.protocol.ProtocolVersion;

/**
 * How an {@link dev.mcpkit.client.McpClient} reaches a server: a small SPI with three
 * implementations ({@link StdioTransport}, {@link StreamableHttpTransport}, {@link
 * LegacySseTransport}). A transport moves JSON-RPC messages and nothing else: era negotiation,
 * request ids, timeouts, retries and {@code _meta} live in the client, so a new transport is a
 * small class.
 *
 * <p>Contract: {@link #start(Inbound)} is called once before any {@link #send}; every message the
 * server sends goes to the {@link Inbound}; a request that can never be answered (HTTP error
 * status, stream lost) is reported with {@link Inbound#failed}; {@link #close()} releases every
 * thread, socket and process and may be called more than once.
 */
public interface McpTransport extends AutoCloseable {

  /**
   * Starts the transport (spawns the process, opens the legacy stream...).
   *
   * @throws dev.mcpkit.client.McpClientException when the server cannot be reached
   */
  void start(Inbound inbound);

  /**
   * Sends one message. Requests return at once; their answer comes through the {@link Inbound}.
   * Notifications and responses are sent before this returns.
   *
   * @return a handle on the request's exchange ({@link Exchange#NONE} for other messages)
   * @throws dev.mcpkit.client.McpClientException when the message cannot be sent at all
   */
  Exchange send(Outgoing message);

  /**
   * Sends a request whose caller waits for its answer (up to {@code timeout}, {@code null} for no limit). A transport
   * may run the exchange on the calling thread, which would only wait otherwise, until the answer went to the {@link
   * Inbound} or the exchange continues elsewhere; at {@code timeout} it cancels the exchange and returns, and an
   * interrupt cancels it and stays set. The default is {@link #send}.
   *
   * @return a handle on the request's exchange
   * @throws dev.mcpkit.client.McpClientException when the message cannot be sent at all
   */
  default Exchange call(Outgoing request, java.time.Duration timeout) {
    return send(request);
  }

  /**
   * The 2025-era session is established ({@code notifications/initialized} was sent). Streamable
   * HTTP opens its GET stream here; others need nothing.
   */
  default void established(ProtocolVersion version) {}

  /**
   * True when closing a request's exchange is how a 2026-07-28 request is cancelled (Streamable
   * HTTP); false when the client must send {@code notifications/cancelled} (stdio).
   */
  boolean cancelsByClosing();

  /** True for HTTP transports ({@code x-mcp-header} rules apply, era probing uses HTTP statuses). */
  default boolean isHttp() {
    return false;
  }

  /** What this transport talks to, for error messages: a URL or a command line. */
  String describe();

  /** Stops the transport; pending exchanges end without being reported. */
  @Override
  void close();
}
