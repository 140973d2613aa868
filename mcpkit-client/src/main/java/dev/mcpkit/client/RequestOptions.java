package dev.mcpkit.client;

import java.time.Duration;
import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;

/** Per-request settings. Immutable; start from {@link #defaults()} and change one setting at a time. */
public final class RequestOptions {

  private static final RequestOptions DEFAULTS = new RequestOptions();

  private final Duration timeout;
  private final Consumer<Progress> progress;
  private final ObjectNode meta;

  private RequestOptions() { // the defaults: each setting left to the client
    this.timeout = null;
    this.progress = null;
    this.meta = null;
  }

  private RequestOptions(Duration timeout, Consumer<Progress> progress, ObjectNode meta) {
    this.timeout = timeout;
    this.progress = progress;
    this.meta = meta;
  }

  /** The client's defaults: its timeout, no progress, no extra {@code _meta}. */
  public static RequestOptions defaults() {
    return DEFAULTS;
  }

  /**
   * How long to wait for the answer ({@code null}: the client's default); on expiry the request is cancelled and
   * {@link McpTimeoutException} is thrown.
   */
  public Duration timeout() {
    return timeout;
  }

  /** Receives the server's progress notifications for this request ({@code null}: none requested). */
  public Consumer<Progress> progress() {
    return progress;
  }

  /** Extra {@code _meta} members for the request ({@code null}: none). */
  public ObjectNode meta() {
    return meta;
  }

  /** A copy with this timeout for the request. */
  public RequestOptions withTimeout(Duration t) {
    return new RequestOptions(t, progress, meta);
  }

  /** A copy that asks for progress notifications and passes them to {@code listener}. */
  public RequestOptions withProgress(Consumer<Progress> listener) {
    return new RequestOptions(timeout, listener, meta);
  }

  /** A copy with these extra {@code _meta} members. */
  public RequestOptions withMeta(ObjectNode m) {
    return new RequestOptions(timeout, progress, m);
  }

  /** One progress notification. */
  public record Progress(double progress, Double total, String message) {}
}
