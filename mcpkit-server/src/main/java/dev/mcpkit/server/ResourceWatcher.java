package dev.mcpkit.server;

/**
 * Told when a resource gains its first subscriber and loses its last one: a 2025 session's {@code
 * resources/subscribe} / {@code resources/unsubscribe} (and the session's end), and a 2026-07-28
 * {@code subscriptions/listen} stream that names the URI (opened, then ended). A server whose resources live
 * elsewhere (a gateway) subscribes there only while someone here listens, then calls {@link
 * McpServer#resourceUpdated}. Called on the subscribing thread: must not block for long, and should not throw (a
 * failure is logged, the subscription stays).
 */
public interface ResourceWatcher {

  /** The first subscriber to {@code uri} appeared. */
  void watch(String uri);

  /** The last subscriber to {@code uri} left. */
  void unwatch(String uri);
}
