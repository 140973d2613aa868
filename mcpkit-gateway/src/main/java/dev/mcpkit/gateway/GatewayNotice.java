package dev.mcpkit.gateway;

/**
 * Something the gateway did to the names it serves, or could not do, reported at start ({@link Gateway#notices()},
 * and logged): nothing is dropped or renamed silently.
 *
 * @param kind what happened
 * @param upstream the upstream concerned
 * @param message what happened, in words, naming the items and the upstreams
 */
public record GatewayNotice(Kind kind, String upstream, String message) {

  /** What happened. */
  public enum Kind {
    /** A name had characters outside {@code [A-Za-z0-9_.-]}; they were replaced by {@code _}. */
    RENAMED,
    /** A served name was longer than 128 characters; it was shortened deterministically (a hash of the whole). */
    SHORTENED,
    /**
     * Two upstreams offer the same served name, URI or template pattern: the first (configuration order) keeps it; the
     * other item is not served, or (a resource) served under a rewritten URI.
     */
    COLLISION,
    /** An item could not be served (its schema does not compile, say); the message says why. */
    SKIPPED,
    /** The upstream could not be reached at start; calls to its prefix get an error naming it. */
    UNAVAILABLE,
    /**
     * The served tools together read untrusted content, read private data and send data out (mcpkit-guard's {@code
     * MCP-G070}); {@code upstream} names the upstreams concerned, the message the tools of each class.
     */
    TOXIC_FLOW
  }

  @Override
  public String toString() {
    return kind + " " + upstream + ": " + message;
  }
}
