package dev.mcpkit.client.internal;

import dev.mcpkit.client.ClientHandlers;
import dev.mcpkit.client.McpClientException;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.json.JsonErrors;
import dev.mcpkit.core.jsonrpc.ErrorCodes;
import dev.mcpkit.core.protocol.Methods;
import dev.mcpkit.core.schema.CreateMessageRequestParams;
import dev.mcpkit.core.schema.CreateMessageResult;
import dev.mcpkit.core.schema.ElicitRequestFormParams;
import dev.mcpkit.core.schema.ElicitRequestParams;
import dev.mcpkit.core.schema.ElicitRequestURLParams;
import dev.mcpkit.core.schema.ElicitResult;
import dev.mcpkit.core.schema.ListRootsResult;
import dev.mcpkit.core.schema.Root;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answers the server's questions with the client's handlers. The same code serves 2025
 * server-to-client requests and 2026-07-28 input requests: only the envelope differs.
 */
final class InputAnswers {

  /** The client cannot answer; becomes a JSON-RPC error (2025) or a client exception (MRTR). */
  static final class Refused extends McpClientException {
    private final int code;

    Refused(int code, String message) {
      super(message);
      this.code = code;
    }

    int code() {
      return code;
    }
  }

  private final ClientHandlers handlers;

  InputAnswers(ClientHandlers handlers) {
    this.handlers = handlers;
  }

  /**
   * The result for one request.
   *
   * @param mrtr whether the request came inside an {@code InputRequiredResult}
   */
  JsonNode answer(String method, JsonNode params, boolean mrtr) {
    ObjectNode p = params instanceof ObjectNode o ? o : Json.object();
    switch (method) {
      case Methods.PING -> {
        if (mrtr) {
          break;
        }
        return Json.object();
      }
      case Methods.ELICITATION_CREATE -> {
        ElicitResult r = handlers.elicitation() == null ? new ElicitResult("decline", null, null)
            : handlers.elicitation().elicit(elicitParams(p));
        if (r == null || r.action() == null) {
          throw new Refused(ErrorCodes.INTERNAL_ERROR, "the elicitation handler gave no answer");
        }
        return Json.tree(r);
      }
      case Methods.SAMPLING_CREATE_MESSAGE -> {
        if (handlers.sampling() == null) {
          throw new Refused(ErrorCodes.METHOD_NOT_FOUND, "the server asked for sampling, which this client does not offer");
        }
        CreateMessageResult r = handlers.sampling().sample(convert(p, CreateMessageRequestParams.class, method));
        return Json.tree(r);
      }
      case Methods.ROOTS_LIST -> {
        if (handlers.roots() == null) {
          throw new Refused(ErrorCodes.METHOD_NOT_FOUND, "the server asked for roots, which this client does not offer");
        }
        List<Root> roots = handlers.roots().roots();
        return Json.tree(new ListRootsResult(roots == null ? List.of() : roots, null));
      }
      default -> { }
    }
    throw new Refused(ErrorCodes.METHOD_NOT_FOUND, "Method not found: " + method);
  }

  private static ElicitRequestParams elicitParams(ObjectNode p) {
    boolean url = "url".equals(p.path("mode").asString("")) || (p.has("url") && !p.has("requestedSchema"));
    return url ? convert(p, ElicitRequestURLParams.class, Methods.ELICITATION_CREATE)
        : convert(p, ElicitRequestFormParams.class, Methods.ELICITATION_CREATE);
  }

  private static <T> T convert(ObjectNode p, Class<T> type, String method) {
    try {
      return Json.convert(p, type);
    } catch (JacksonException e) {
      // This goes back to the server: described in the request's terms, never Jackson's (Java types, tokens).
      throw new Refused(ErrorCodes.INVALID_PARAMS, "Invalid params for " + method + ": " + JsonErrors.describe(e));
    }
  }
}
