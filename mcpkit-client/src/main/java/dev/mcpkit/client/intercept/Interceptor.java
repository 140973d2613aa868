package dev.mcpkit.client.intercept;

import dev.mcpkit.client.McpBlockedException;
import dev.mcpkit.client.ServerInfo;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sees what one server shows the client and every call the client makes to it, and may hide items, refuse calls or
 * rewrite results: the hook a policy such as {@code mcpkit-guard}'s pinning and rule checks plugs into (like
 * {@link dev.mcpkit.client.auth.AuthProvider} for credentials, the client knows only this interface). Set with
 * {@link dev.mcpkit.client.McpClientBuilder#interceptor}; one interceptor sees one connection (one server).
 *
 * <p>What the client guarantees:
 *
 * <ul>
 *   <li>{@link #onServerInfo} sees the server's {@code serverInfo}, capabilities and {@code instructions} after every
 *       handshake (also after a 2025 session is re-initialized); what it returns is what {@link
 *       dev.mcpkit.client.McpClient#serverInfo()} shows.
 *   <li>{@link #onList} sees every page of {@code tools/list}, {@code prompts/list}, {@code resources/list} and
 *       {@code resources/templates/list}, the typed and the raw ones, fetched or served from the cache, so also the
 *       first listing after every {@code list_changed}; the caller gets what it returns.
 *   <li>{@link #beforeCall} runs before every {@code tools/call}, {@code prompts/get} and {@code resources/read} is
 *       sent (also a read the cache answers). Before a {@code tools/call}, when the tools were never listed on this
 *       connection or a {@code notifications/tools/list_changed} came since the last complete listing, the client
 *       lists the tools first (through {@link #onList}), so the interceptor judges the call by the current
 *       definitions.
 *   <li>{@link #afterCall} sees the complete result of each of those calls (after any 2026-07-28 input rounds); the
 *       caller gets what it returns.
 * </ul>
 *
 * <p>Who the caller is, is not known to the client: per-caller policy belongs to the gateway, not here. Methods run on
 * the caller's thread, several at once: implementations must be thread-safe. A refusal is a {@link
 * McpBlockedException} (any other runtime exception escapes to the caller as it is).
 */
public interface Interceptor {

  /**
   * The server's description after a handshake.
   *
   * @return what the client shows as {@link dev.mcpkit.client.McpClient#serverInfo()} (say, without {@code
   *     instructions} that are blocked); never {@code null}
   */
  default ServerInfo onServerInfo(ServerInfo info) {
    return info;
  }

  /**
   * One page of a listing.
   *
   * @param server the server as it described itself (not as {@link #onServerInfo} rewrote it)
   * @param method {@code tools/list}, {@code prompts/list}, {@code resources/list} or {@code resources/templates/list}
   * @param page the result as the server sent it (do not modify it; return a copy to hide items)
   * @return the page the caller gets; never {@code null}
   */
  default JsonNode onList(ServerInfo server, String method, JsonNode page) {
    return page;
  }

  /**
   * A call about to be sent.
   *
   * @param method {@code tools/call}, {@code prompts/get} or {@code resources/read}
   * @param params its params ({@code name} and {@code arguments}, or {@code uri}); do not modify them
   * @throws McpBlockedException to refuse it: the call is not sent and the caller gets this exception
   */
  default void beforeCall(ServerInfo server, String method, ObjectNode params) {}

  /**
   * The result of a call.
   *
   * @param result the result as the server sent it (do not modify it; return a copy to change it)
   * @return the result the caller gets; never {@code null}
   * @throws McpBlockedException to withhold the result from the caller
   */
  default JsonNode afterCall(ServerInfo server, String method, ObjectNode params, JsonNode result) {
    return result;
  }
}
