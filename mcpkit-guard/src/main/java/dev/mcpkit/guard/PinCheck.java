package dev.mcpkit.guard;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The outcome of comparing a server with its pins ({@link Pins#check}): findings for people, and the definition keys
 * a caller that enforces (the client interceptor, the gateway) should block or ask about. Immutable.
 *
 * @param findings {@code MCP-G060} (changed, with the diff), {@code MCP-G061} (not pinned), {@code MCP-G062}
 *     (removed), {@code MCP-G063} (another server), highest severity first
 * @param changed the keys ({@code tools/add}) whose definition differs from its pin
 * @param unpinned the keys the pins do not know (all of them when the server has no pins)
 * @param identityChanged whether a different server answers where the pinned one did
 */
public record PinCheck(List<Finding> findings, Set<String> changed, Set<String> unpinned, boolean identityChanged) {

  /** Copies the collections (keys sorted). */
  public PinCheck {
    findings = List.copyOf(findings);
    changed = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(changed));
    unpinned = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(unpinned));
  }

  /**
   * What an enforcing caller blocks: the changed definitions, or every current definition when the identity
   * changed. Unpinned ones are not in it: trust on first use or not is the caller's policy.
   *
   * @param current the server's current pins (from {@link Pins#pin})
   */
  public Set<String> blocked(ServerPin current) {
    return identityChanged ? current.definitions().keySet() : changed;
  }

  /** Whether the server matches its pins exactly. */
  public boolean clean() {
    return findings.isEmpty();
  }
}
