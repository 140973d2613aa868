package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** A client's answer to an {@link InputRequest}; the kind is told by the members present. */
@JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION)
@JsonSubTypes({
  @JsonSubTypes.Type(ElicitResult.class),
  @JsonSubTypes.Type(CreateMessageResult.class),
  @JsonSubTypes.Type(ListRootsResult.class),
})
public sealed interface InputResponse permits ElicitResult, CreateMessageResult, ListRootsResult {}
