package dev.mcpkit.server;

import dev.mcpkit.core.jsonrpc.McpException;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.ClientCapabilities;
import dev.mcpkit.core.schema.CreateMessageRequestParams;
import dev.mcpkit.core.schema.CreateMessageResult;
import dev.mcpkit.core.schema.ElicitRequestParams;
import dev.mcpkit.core.schema.ElicitResult;
import dev.mcpkit.core.schema.Implementation;
import dev.mcpkit.core.schema.InputRequest;
import dev.mcpkit.core.schema.InputResponse;
import dev.mcpkit.core.schema.ListRootsResult;
import dev.mcpkit.core.schema.LoggingLevel;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a handler knows about the request it serves, and what it can do while serving it: report
 * progress, log to the client, ask the client for input (elicitation, sampling, roots).
 *
 * <p>Handlers never need to know which protocol era they serve. Asking the client for input is
 * one API in both eras: in a 2025 session it becomes a server-to-client request and the call
 * blocks until the answer arrives; in 2026-07-28 it ends this attempt with an
 * {@code InputRequiredResult}, and the handler runs again from the start when the client retries
 * with the answer (so code before an {@code ask} must be safe to repeat).
 */
public interface RequestContext {

  /** The protocol revision of this request. */
  ProtocolVersion protocolVersion();

  /** The capabilities the client declared (per request in 2026, per session in 2025). */
  ClientCapabilities clientCapabilities();

  /** The client's self-description, when it sent one. */
  Optional<Implementation> clientInfo();

  /** The authenticated caller, when a {@code RequestGuard} authenticated the request. */
  Optional<Caller> caller();

  /** The request's {@code _meta}, or an empty object. */
  ObjectNode meta();

  /**
   * Reports progress, when the client asked for it with a progress token; otherwise does nothing.
   * Values should increase with each call.
   */
  void progress(double progress, Double total, String message);

  /**
   * Sends a log message to the client when it asked for this level (2025: {@code
   * logging/setLevel}; 2026: the request's {@code logLevel}); otherwise does nothing.
   */
  void log(LoggingLevel level, String logger, Object data);

  /**
   * The lowest level {@link #log} passes on to this client: the request's {@code logLevel} in 2026-07-28, the level
   * of the session's last {@code logging/setLevel} in 2025. Empty when the client asked for none: in 2026-07-28 it
   * then gets no log messages, in 2025 every level (the server decides). For a handler that relays another server's
   * log messages (the gateway), so that server is asked for just what the client wants.
   */
  default Optional<LoggingLevel> logLevel() {
    return Optional.empty();
  }

  /** Asks the user for input through the client. */
  ElicitResult elicit(ElicitRequestParams params);

  /** Asks the client's model for a completion. */
  CreateMessageResult sample(CreateMessageRequestParams params);

  /** Asks the client for its roots. */
  ListRootsResult listRoots();

  /**
   * Asks several things at once, each under a key the handler chooses; the answers come back under
   * the same keys. In 2026-07-28 the keys are the {@code inputRequests} keys of one {@code
   * InputRequiredResult}; in 2025 sessions the requests go out together.
   *
   * @throws McpException {@code -32021} (2026) or {@code -32600} (2025) when the client did not
   *     declare the capability a request needs; {@code -32602} when an answer is malformed
   */
  Map<String, InputResponse> ask(Map<String, InputRequest> requests);

  /**
   * The keys of the answers this attempt carries for {@link #ask}: in 2026-07-28, those of a retry (sealed in its
   * {@code requestState}, or sent in {@code inputResponses}); empty in a 2025 session and on a first attempt. A
   * handler that keeps work open between rounds (the gateway holds an upstream request) names it in its keys and
   * finds it again by them.
   *
   * @throws McpException {@code -32602} when the retry's {@code requestState} is invalid
   */
  default java.util.Set<String> answeredInputs() {
    return java.util.Set.of();
  }

  /**
   * The {@code inputResponses} of this 2026-07-28 attempt as the client sent them, every key included (also keys no
   * question asked, and those of a first attempt without {@code requestState}); an empty object in a 2025 session, for
   * a request that cannot ask, or when there are none. For a handler that passes questions on to someone else ({@link
   * #inputRequired}) and so must pass the answers on as they came; {@link #ask} reads the answers it asked for itself.
   *
   * @throws McpException {@code -32602} when the retry's {@code requestState} or {@code inputResponses} is invalid
   */
  default ObjectNode inputResponses() {
    return dev.mcpkit.core.json.Json.object();
  }

  /**
   * The state this handler gave {@link #inputRequired} in the previous round, taken from the retry's {@code
   * requestState} after the server verified it (its HMAC, its expiry, and that it belongs to this request and this
   * caller); empty on a first attempt, in a 2025 session, and when the previous round asked with {@link #ask}.
   *
   * @throws McpException {@code -32602} when the retry's {@code requestState} is invalid
   */
  default Optional<String> inputState() {
    return Optional.empty();
  }

  /**
   * Ends this 2026-07-28 attempt with an {@code InputRequiredResult} of the handler's making: {@code requests} under
   * the keys the handler chose (none: an {@code InputRequiredResult} with {@code requestState} only), and a {@code
   * requestState} the server seals (HMAC-SHA256, bound to this request and this caller, with the server's expiry)
   * around {@code state}, which the retry gives back through {@link #inputState()} (and its answers through {@link
   * #inputResponses()}). For a handler whose questions come from elsewhere, as a gateway's from an upstream server;
   * {@link #ask} is simpler otherwise. Never returns normally: like {@link #ask}, it ends the attempt with an {@link
   * Error} that handlers must not catch.
   *
   * @param state integrity-protected, not encrypted (the client can read it, not change it), or {@code null}
   * @throws McpException {@code -32021} when the client did not declare a capability a request needs; {@code -32603}
   *     in a 2025 session (ask there with {@link #ask}) or for a request that cannot ask
   */
  default void inputRequired(Map<String, InputRequest> requests, String state) {
    throw new McpException(dev.mcpkit.core.jsonrpc.ErrorCodes.INTERNAL_ERROR,
        "this request cannot end with an InputRequiredResult");
  }

  /** True once the client cancelled this request; handlers are also interrupted. */
  boolean isCancelled();
}
