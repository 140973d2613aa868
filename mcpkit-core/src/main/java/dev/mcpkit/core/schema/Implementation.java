package dev.mcpkit.core.schema;

import java.util.List;

/** Name and version of an MCP implementation (client or server), with optional display fields. */
public record Implementation(
    String name,
    String title,
    String version,
    String description,
    List<Icon> icons,
    String websiteUrl) {

  /** A name and a version, the two fields every peer sends. */
  public static Implementation of(String name, String version) {
    return new Implementation(name, null, version, null, null, null);
  }
}
