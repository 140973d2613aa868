package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Parameters of {@code elicitation/create}: form mode (a schema) or URL mode (a link). */
@JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION)
@JsonSubTypes({
  @JsonSubTypes.Type(ElicitRequestFormParams.class),
  @JsonSubTypes.Type(ElicitRequestURLParams.class),
})
public sealed interface ElicitRequestParams permits ElicitRequestFormParams, ElicitRequestURLParams {

  /** What the user is asked, shown by the client. */
  String message();
}
