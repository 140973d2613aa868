package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What {@code completion/complete} completes: a prompt argument or a resource template variable. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = PromptReference.class, name = "ref/prompt"),
  @JsonSubTypes.Type(value = ResourceTemplateReference.class, name = "ref/resource"),
})
public sealed interface CompletionReference permits PromptReference, ResourceTemplateReference {}
