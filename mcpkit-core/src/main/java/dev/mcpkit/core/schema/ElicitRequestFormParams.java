package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/**
 * Form-mode elicitation: a flat object schema of primitive properties.
 *
 * @param mode {@code "form"} or absent (form is the default)
 */
public record ElicitRequestFormParams(String mode, String message, ObjectNode requestedSchema,
    ObjectNode task, @JsonProperty("_meta") ObjectNode meta) implements ElicitRequestParams {

  /** Form-mode params with the default mode and no task or {@code _meta}. */
  public static ElicitRequestFormParams of(String message, ObjectNode requestedSchema) {
    return new ElicitRequestFormParams(null, message, requestedSchema, null, null);
  }
}
