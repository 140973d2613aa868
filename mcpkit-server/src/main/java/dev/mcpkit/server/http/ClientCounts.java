package dev.mcpkit.server.http;

/**
 * Where the per-client counts behind the stream and session limits ({@link HttpOptions#maxStreamsPerClient()},
 * {@link HttpOptions#maxSessionsPerClient()}) are kept. By default each {@link McpHttpServer} counts in its own
 * memory; a cluster of instances shares one implementation backed by a shared store (see mcpkit-cluster), so that a
 * client's share holds across every instance. The totals ({@link HttpOptions#maxStreams()}, {@link
 * HttpOptions#maxSessions()}) always stay per server: they protect one process's memory.
 *
 * <p>Set with {@link HttpOptions.Builder#clientCounts(ClientCounts)}. Calls may block (a round trip to the store):
 * the transports never make them on a non-blocking thread nor under a {@code synchronized} block.
 */
public interface ClientCounts {

  /**
   * Takes one unit of {@code resource} for {@code client} unless the client holds {@code limit} already.
   *
   * @param resource what is counted: {@code "streams"} or {@code "sessions"}
   * @param client the client's key (principal or address, as the limits name it)
   * @return true when taken; each unit taken must be {@link #release}d once
   * @throws RuntimeException when the shared store does not answer: the request is refused with 503, and nothing
   *     was taken
   */
  boolean tryAcquire(String resource, String client, int limit);

  /** Gives back one unit taken by {@link #tryAcquire}. Never throws: a store that is down is caught up later. */
  void release(String resource, String client);
}
