package dev.mcpkit.core.schema;

import tools.jackson.databind.node.ObjectNode;

/** Capabilities a client declares. Each present member means "supported"; the objects hold per-feature settings. */
public record ClientCapabilities(
    ObjectNode roots,
    ObjectNode sampling,
    ObjectNode elicitation,
    ObjectNode experimental,
    ObjectNode extensions,
    ObjectNode tasks) {

  /** A client that declares these capabilities ({@code null} for one it lacks); nothing experimental. */
  public static ClientCapabilities of(ObjectNode roots, ObjectNode sampling, ObjectNode elicitation) {
    return new ClientCapabilities(roots, sampling, elicitation, null, null, null);
  }

  /** A client that declares no capability. */
  public static ClientCapabilities none() {
    return new ClientCapabilities(null, null, null, null, null, null);
  }
}
