package dev.mcpkit.server.http;

import java.util.List;

/**
 * What {@code /readyz} asks before it answers 200: the names of the things this server needs that do not answer now
 * (a store, upstreams), empty when it is ready. Names only, as probes are unauthenticated: why something is down
 * belongs in the logs. Called on every probe, so it should answer within a probe's timeout.
 */
@FunctionalInterface
public interface ReadinessCheck {

  /** The names of what is unavailable now; empty when ready. */
  List<String> unavailable();
}
