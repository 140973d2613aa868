package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.mcpkit.core.protocol.Methods;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code roots/list}: ask the client for its roots.
 *
 * @param extra members this revision does not define for the request (an example of the
 *     specification carries an {@code id}); kept so that a request read and written again is
 *     unchanged, and ignored otherwise
 */
public record ListRootsRequest(RequestParams params,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) implements InputRequest {

  /** A request with no extra members. */
  public ListRootsRequest(RequestParams params) {
    this(params, null);
  }

  @JsonIgnore
  @Override
  public String method() {
    return Methods.ROOTS_LIST;
  }

  @Override
  public Class<ListRootsResult> responseType() {
    return ListRootsResult.class;
  }
}
