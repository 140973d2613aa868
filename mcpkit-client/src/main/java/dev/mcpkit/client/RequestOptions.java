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
  private final boolean inputRequiredReturned;

  private RequestOptions() { // the defaults: each setting left to the client
    this.timeout = null;
    this.progress = null;
    this.meta = null;
    this.inputRequiredReturned = false;
  }

  private RequestOptions(Duration timeout, Consumer<Progress> progress, ObjectNode meta, boolean inputRequiredReturned) {
    this.timeout = timeout;
    this.progress = progress;
    this.meta = meta;
    this.inputRequiredReturned = inputRequiredReturned;
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

  /**
   * Whether a 2026-07-28 {@code InputRequiredResult} is handed to the caller instead of being answered by the client's
   * {@link ClientHandlers} (see {@link #withInputRequiredReturned(boolean)}).
   */
  public boolean inputRequiredReturned() {
    return inputRequiredReturned;
  }

  /** A copy with this timeout for the request. */
  public RequestOptions withTimeout(Duration t) {
    return new RequestOptions(t, progress, meta, inputRequiredReturned);
  }

  /** A copy that asks for progress notifications and passes them to {@code listener}. */
  public RequestOptions withProgress(Consumer<Progress> listener) {
    return new RequestOptions(timeout, listener, meta, inputRequiredReturned);
  }

  /** A copy with these extra {@code _meta} members. */
  public RequestOptions withMeta(ObjectNode m) {
    return new RequestOptions(timeout, progress, m, inputRequiredReturned);
  }

  /**
   * A copy that, when {@code returned}, hands a 2026-07-28 server's {@code InputRequiredResult} to the caller instead
   * of answering its {@code inputRequests} with the client's {@link ClientHandlers} and retrying: for code that asks
   * someone else (a gateway passes the questions on to its own caller). {@link McpClient#request} then returns the
   * result as the server sent it ({@code "resultType": "input_required"}); the typed calls ({@code callTool}, {@code
   * getPrompt}, {@code readResource}) throw {@link McpInputRequiredException} with it. The caller retries by sending the
   * request again with {@code inputResponses} and the {@code requestState} it got, in the params of {@link
   * McpClient#request}. An interceptor's {@code beforeCall} judges every attempt; its {@code afterCall} sees complete
   * results only. It changes nothing for a 2025 server (its questions are requests the handlers answer).
   */
  public RequestOptions withInputRequiredReturned(boolean returned) {
    return new RequestOptions(timeout, progress, meta, returned);
  }

  /** One progress notification. */
  public record Progress(double progress, Double total, String message) {}
}
