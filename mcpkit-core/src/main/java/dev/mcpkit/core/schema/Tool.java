package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * A tool definition as listed by {@code tools/list}.
 *
 * @param inputSchema a JSON Schema (2020-12 unless {@code $schema} says otherwise) for the arguments
 * @param outputSchema an optional JSON Schema that {@code structuredContent} must satisfy
 * @param execution task support (2025-11-25 only)
 */
public record Tool(
    String name,
    String title,
    String description,
    ObjectNode inputSchema,
    ObjectNode outputSchema,
    ToolAnnotations annotations,
    List<Icon> icons,
    ToolExecution execution,
    @JsonProperty("_meta") ObjectNode meta) {}
