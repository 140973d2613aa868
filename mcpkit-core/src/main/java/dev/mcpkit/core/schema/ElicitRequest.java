package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.mcpkit.core.protocol.Methods;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** {@code elicitation/create}: ask the user for input, through a form or a URL. */
public record ElicitRequest(ElicitRequestParams params,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) implements InputRequest {

  /** A request with no extra members. */
  public ElicitRequest(ElicitRequestParams params) {
    this(params, null);
  }

  @JsonIgnore
  @Override
  public String method() {
    return Methods.ELICITATION_CREATE;
  }

  @Override
  public Class<ElicitResult> responseType() {
    return ElicitResult.class;
  }
}
