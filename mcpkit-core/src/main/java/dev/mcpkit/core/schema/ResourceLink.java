package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** A link to a resource the client may read; not necessarily listed by {@code resources/list}. */
public record ResourceLink(String uri, String name, String title, String description, String mimeType,
    Annotations annotations, Long size, List<Icon> icons, @JsonProperty("_meta") ObjectNode meta)
    implements Content {}
