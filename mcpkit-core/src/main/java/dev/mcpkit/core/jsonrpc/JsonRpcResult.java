package dev.mcpkit.core.jsonrpc;

import java.util.Objects;
import tools.jackson.databind.JsonNode;

/** A successful response. */
public record JsonRpcResult(RequestId id, JsonNode result) implements JsonRpcResponse {

  /** Checks that {@code id} and {@code result} are present. */
  public JsonRpcResult {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(result, "result");
  }
}
