package dev.mcpkit.server;

import dev.mcpkit.core.schema.ResourceContents;
import java.util.List;

/**
 * Reads a resource. Return the contents; throw {@link ResourceNotFoundException} when the URI
 * names nothing (it becomes the revision's "resource not found" error).
 */
@FunctionalInterface
public interface ResourceReader {

  /** The contents of {@code read.uri()}. */
  List<ResourceContents> read(ResourceRead read) throws Exception;
}
