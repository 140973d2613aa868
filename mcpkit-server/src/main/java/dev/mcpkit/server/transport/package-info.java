/**
 * What a transport hands the dispatcher: the exchange a request arrived on (how to answer, notify and ask the
 * client), requests in flight for cancellation, and the state of a 2025 session.
 */
package dev.mcpkit.server.transport;
