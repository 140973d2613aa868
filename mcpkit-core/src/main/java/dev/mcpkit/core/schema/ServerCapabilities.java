package dev.mcpkit.core.schema;

import tools.jackson.databind.node.ObjectNode;

/** Capabilities a server declares. */
public record ServerCapabilities(
    ListChangedCapability tools,
    ResourcesCapability resources,
    ListChangedCapability prompts,
    ObjectNode logging,
    ObjectNode completions,
    ObjectNode experimental,
    ObjectNode extensions,
    ObjectNode tasks) {

  /** A server that declares no capability. */
  public static ServerCapabilities none() {
    return new ServerCapabilities(null, null, null, null, null, null, null, null);
  }

  /** The capabilities of a server's features ({@code null} for one it does not offer); nothing experimental. */
  public static ServerCapabilities of(ListChangedCapability tools, ResourcesCapability resources,
      ListChangedCapability prompts, ObjectNode logging, ObjectNode completions) {
    return new ServerCapabilities(tools, resources, prompts, logging, completions, null, null, null);
  }
}
