package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A request from server to client: {@code elicitation/create}, {@code sampling/createMessage} or
 * {@code roots/list}. In 2025 revisions it travels as a JSON-RPC request; in 2026-07-28 it travels
 * inside an {@link InputRequiredResult}. The {@code method} member selects the kind.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "method")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ElicitRequest.class, name = "elicitation/create"),
  @JsonSubTypes.Type(value = CreateMessageRequest.class, name = "sampling/createMessage"),
  @JsonSubTypes.Type(value = ListRootsRequest.class, name = "roots/list"),
})
public sealed interface InputRequest permits ElicitRequest, CreateMessageRequest, ListRootsRequest {

  /** The JSON-RPC method of this request. */
  String method();

  /** The params object (may be {@code null} for {@code roots/list}). */
  Object params();

  /** The answer type this request expects. */
  Class<? extends InputResponse> responseType();
}
