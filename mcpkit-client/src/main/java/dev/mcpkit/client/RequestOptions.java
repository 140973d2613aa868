package dev.mcpkit.client;

import java.time.Duration;
import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * Per-request settings. Immutable; start from {@link #defaults()}.
 *
 * @param timeout how long to wait for the answer ({@code null}: the client's default); on expiry
 *     the request is cancelled and {@link McpTimeoutException} is thrown
 * @param progress receives the server's progress notifications for this request ({@code null}:
 *     none requested)
 * @param meta extra {@code _meta} members for the request ({@code null}: none)
 */
public record RequestOptions(Duration timeout, Consumer<Progress> progress, ObjectNode meta) {

  private static final RequestOptions DEFAULTS = new RequestOptions(null, null, null);

  public static RequestOptions defaults() {
    return DEFAULTS;
  }

  public RequestOptions withTimeout(Duration t) {
    return new RequestOptions(t, progress, meta);
  }

  public RequestOptions withProgress(Consumer<Progress> listener) {
    return new RequestOptions(timeout, listener, meta);
  }

  public RequestOptions withMeta(ObjectNode m) {
    return new RequestOptions(timeout, progress, m);
  }

  /** One progress notification. */
  public record Progress(double progress, Double total, String message) {}
}
