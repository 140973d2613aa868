package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** A parameterised resource, its URI an RFC 6570 template. */
public record ResourceTemplate(
    String uriTemplate,
    String name,
    String title,
    String description,
    String mimeType,
    Annotations annotations,
    List<Icon> icons,
    @JsonProperty("_meta") ObjectNode meta) {}
