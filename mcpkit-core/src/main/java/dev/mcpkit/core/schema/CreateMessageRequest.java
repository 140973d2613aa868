package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.mcpkit.core.protocol.Methods;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** {@code sampling/createMessage}: ask the client's model for a completion. */
public record CreateMessageRequest(CreateMessageRequestParams params,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) implements InputRequest {

  /** A request with no extra members. */
  public CreateMessageRequest(CreateMessageRequestParams params) {
    this(params, null);
  }

  @JsonIgnore
  @Override
  public String method() {
    return Methods.SAMPLING_CREATE_MESSAGE;
  }

  @Override
  public Class<CreateMessageResult> responseType() {
    return CreateMessageResult.class;
  }
}
