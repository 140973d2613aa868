package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/**
 * URL-mode elicitation: the user completes an interaction out of band at {@code url}.
 *
 * @param elicitationId 2025-11-25 only
 */
public record ElicitRequestURLParams(String mode, String message, String url, String elicitationId,
    ObjectNode task, @JsonProperty("_meta") ObjectNode meta) implements ElicitRequestParams {

  /** URL-mode params: the client offers {@code url} to the user; no elicitation id, task or {@code _meta}. */
  public static ElicitRequestURLParams of(String message, String url) {
    return new ElicitRequestURLParams("url", message, url, null, null, null);
  }
}
