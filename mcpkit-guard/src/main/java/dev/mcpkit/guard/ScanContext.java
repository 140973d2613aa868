package dev.mcpkit.guard;

import java.util.Set;

/**
 * What the engine knows about a field besides its text.
 *
 * @param ownNames the names the server itself defines (tools, prompts, arguments, properties)
 * @param otherTools the tool names of the other servers scanned with it
 */
public record ScanContext(Set<String> ownNames, Set<String> otherTools) {
  /** Copies the sets. */
  public ScanContext {
    ownNames = Set.copyOf(ownNames);
    otherTools = Set.copyOf(otherTools);
  }
}
