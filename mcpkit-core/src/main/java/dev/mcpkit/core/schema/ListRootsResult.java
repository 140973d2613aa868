package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** The client's answer to {@code roots/list}. */
public record ListRootsResult(
    List<Root> roots,
    @JsonProperty("_meta") ObjectNode meta) implements InputResponse {}
