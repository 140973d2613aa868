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
    ObjectNode tasks) {}
