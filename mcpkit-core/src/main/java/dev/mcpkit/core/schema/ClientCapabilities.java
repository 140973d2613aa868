package dev.mcpkit.core.schema;

import tools.jackson.databind.node.ObjectNode;

/** Capabilities a client declares. Each present member means "supported"; the objects hold per-feature settings. */
public record ClientCapabilities(
    ObjectNode roots,
    ObjectNode sampling,
    ObjectNode elicitation,
    ObjectNode experimental,
    ObjectNode extensions,
    ObjectNode tasks) {}
