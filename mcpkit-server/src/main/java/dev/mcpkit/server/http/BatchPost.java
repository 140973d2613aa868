package dev.mcpkit.server.http;

import dev.mcpkit.core.era.Era;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonrpc.ErrorCodes;
import dev.mcpkit.core.jsonrpc.JsonRpcCodec;
import dev.mcpkit.core.jsonrpc.JsonRpcMessage;
import dev.mcpkit.core.jsonrpc.JsonRpcNotification;
import dev.mcpkit.core.jsonrpc.JsonRpcRequest;
import dev.mcpkit.core.jsonrpc.JsonRpcResponse;
import dev.mcpkit.core.jsonrpc.McpException;
import dev.mcpkit.core.protocol.McpHeaders;
import dev.mcpkit.core.protocol.Methods;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.server.Caller;
import dev.mcpkit.server.internal.Dispatcher;
import dev.mcpkit.server.transport.InFlight;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import tools.jackson.databind.JsonNode;

/**
 * JSON-RPC batches, which only revision 2025-03-26 allows, and only inside a session. The
 * members run concurrently and the answers come back as one JSON array.
 */
final class BatchPost {

  private BatchPost() {}

  /**
   * A batch is answered as one JSON array, so its members have no stream: notifications are
   * dropped, and a server-to-client request fails at once (it could never be answered, and the
   * member would otherwise wait out the input timeout).
   */
  private static void noStream(JsonRpcMessage message) {
    if (message instanceof JsonRpcRequest) {
      throw McpException.invalidRequest("This request needs to ask the client (" + ((JsonRpcRequest) message).method()
          + "), which is not possible inside a JSON-RPC batch: send it on its own");
    }
  }

  /**
   * A batch is authorized as a whole, before any member runs: an HTTP rejection (401/403 and its challenge) can
   * only answer the whole response, and running half a batch would leave the client unsure what happened. Each
   * request member is checked with the union of the scopes all members need, so a refusal names every scope the
   * batch needs in one challenge.
   */
  private static boolean authorized(List<JsonRpcMessage> messages, Caller caller, Response response,
      StreamableHttpHandler h) {
    Set<String> union = new LinkedHashSet<>();
    for (JsonRpcMessage m : messages) {
      if (m instanceof JsonRpcRequest r) {
        union.addAll(h.dispatcher().server().requiredScopes(r));
      }
    }
    for (JsonRpcMessage m : messages) {
      if (m instanceof JsonRpcRequest r
          && h.guard().authorize(caller, r, Collections.unmodifiableSet(union))
              instanceof RequestGuard.Deny deny) {
        ErrorWriter.deny(response, deny, null);
        return false;
      }
    }
    return true;
  }

  /** Batches exist only in 2025-03-26: the era decides. */
  private static boolean allowsBatches(ProtocolVersion version) {
    return Era.of(version).allowsBatches(version);
  }

  static void handle(List<JsonNode> entries, Request request, Response response, Caller caller, StreamableHttpHandler h) {
    String sessionId = request.getHeaders().get(McpHeaders.SESSION_ID);
    HttpSession session = sessionId == null ? null : h.sessions().find(sessionId, caller, response);
    if (sessionId != null && session == null) { // not an era test: the lookup failed and answered
      return;
    }
    // not an era test: a batch needs an established session of a revision that allows batches
    if (session == null || !session.state.isEstablished() || !allowsBatches(session.state.version())) {
      ErrorWriter.reject(response, 400, ErrorWriter.BATCH_REFUSED);
      return;
    }
    session.state.touch();
    List<JsonRpcResponse> answers = new ArrayList<>();
    List<JsonRpcMessage> messages = new ArrayList<>();
    for (JsonNode entry : entries) {
      try {
        messages.add(JsonRpcCodec.read(entry));
      } catch (McpException e) {
        answers.add(ErrorWriter.response(ErrorWriter.idOf(entry), e.toError()));
      }
    }
    if (!authorized(messages, caller, response, h)) {
      return;
    }
    List<Future<JsonRpcResponse>> pending = new ArrayList<>();
    try (ExecutorService members = Executors.newVirtualThreadPerTaskExecutor()) {
      for (JsonRpcMessage m : messages) {
        switch (m) {
          case JsonRpcNotification n -> {
            h.dispatcher().notification(n, session.state);
            if (h.sessions().cluster() != null) {
              h.sessions().cluster().notified(session, n); // it may cancel a request running on another instance
            }
          }
          case JsonRpcResponse r -> {
            if (!session.state.complete(r) && h.sessions().cluster() != null) {
              h.sessions().cluster().route(session, r); // it may answer a request of another instance
            }
          }
          case JsonRpcRequest r when r.method().equals(Methods.INITIALIZE) -> answers.add(ErrorWriter.response(r.id(),
              ErrorCodes.INVALID_REQUEST, ErrorWriter.INITIALIZE_IN_BATCH));
          case JsonRpcRequest r -> pending.add(members.submit(() -> h.dispatcher().handle(r,
              new Dispatcher.Incoming(Era.SESSION, session.state, BatchPost::noStream, caller, new InFlight(r.id())))
              .response()));
        }
      }
      for (Future<JsonRpcResponse> f : pending) {
        try {
          JsonRpcResponse r = f.get();
          if (r != null) {
            answers.add(r);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (ExecutionException e) {
          // the dispatcher never throws; nothing to add
        }
      }
    }
    if (answers.isEmpty()) {
      HttpReplies.status(response, 202, Map.of());
      return;
    }
    var array = Json.array();
    answers.forEach(a -> array.add(JsonRpcCodec.toJson(a)));
    HttpReplies.json(response, 200, Json.writeBytes(array), Map.of());
  }
}
