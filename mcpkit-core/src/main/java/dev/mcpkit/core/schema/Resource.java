package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** A resource the server can read. */
public record Resource(
    String uri,
    String name,
    String title,
    String description,
    String mimeType,
    Annotations annotations,
    Long size,
    List<Icon> icons,
    @JsonProperty("_meta") ObjectNode meta) {}
