package dev.mcpkit.gateway.internal;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonrpc.ErrorCodes;
import dev.mcpkit.core.jsonrpc.McpException;
import dev.mcpkit.server.RequestContext;
import dev.mcpkit.server.ResourceNotFoundException;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every routed request to one upstream passes: its concurrency limit (a request beyond it waits its turn for a
 * bounded time, then fails with an error naming the upstream) and the call log, one JSON line per request on the
 * logger {@value #LOGGER}: {@code caller} (the subject, or {@code anonymous}), {@code upstream}, {@code method},
 * {@code name} (the upstream's own name of the tool or prompt, the resource URI), {@code outcome} ({@code ok}, {@code
 * tool-error} for a tool's {@code isError} result, {@code error} with the JSON-RPC {@code code}) and {@code durationMs}.
 * Arguments and results are never logged: they may hold secrets.
 */
public final class CallGate {

  /** The logger of the call log, so that operators can route it apart from the rest. */
  public static final String LOGGER = "dev.mcpkit.gateway.calls";
  private static final Logger CALLS = LoggerFactory.getLogger(LOGGER);

  private final String upstream;
  private final int max;
  private final Duration wait;
  private final Semaphore permits;

  /** The gate of {@code upstream}: at most {@code max} requests at once, the others waiting up to {@code wait}. */
  public CallGate(String upstream, int max, Duration wait) {
    this.upstream = upstream;
    this.max = max;
    this.wait = wait;
    this.permits = new Semaphore(max, true); // fair: the longest waiting request goes first
  }

  /**
   * Runs {@code request} (the {@code method} of {@code name} for the downstream request {@code ctx}, or none) within
   * the limit, and logs it.
   */
  public <T> T through(String method, String name, RequestContext ctx, Callable<T> request) throws Exception {
    long start = System.nanoTime();
    String outcome = "error";
    Integer code = null;
    try {
      if (!permits.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
        throw busy();
      }
      try {
        T result = request.call();
        // a tools/call result is the upstream's JSON (Link.callTool)
        outcome = result instanceof ObjectNode r && r.path("isError").asBoolean(false) ? "tool-error" : "ok";
        return result;
      } finally {
        permits.release();
      }
    } catch (ResourceNotFoundException e) {
      code = ErrorCodes.LEGACY_RESOURCE_NOT_FOUND; // answered in the downstream era's code; logged as one code
      throw e;
    } catch (McpException e) {
      code = e.code();
      throw e;
    } catch (InterruptedException e) {
      outcome = "cancelled";
      throw e;
    } catch (RuntimeException e) {
      code = ErrorCodes.INTERNAL_ERROR;
      throw e;
    } finally {
      log(ctx, method, name, outcome, code, (System.nanoTime() - start) / 1_000_000);
    }
  }

  /** A request that may be interrupted (a downstream cancellation). */
  @FunctionalInterface
  public interface Interruptible<T> {
    /** Runs the request. */
    T run() throws InterruptedException;
  }

  /** {@link #through} for a request that may be interrupted. */
  public <T> T interruptible(String method, String name, RequestContext ctx, Interruptible<T> request)
      throws InterruptedException {
    try {
      return through(method, name, ctx, request::run);
    } catch (InterruptedException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e); // not thrown by an Interruptible
    }
  }

  /** {@link #through} for a request that is not interrupted; waiting for a turn is. */
  public <T> T call(String method, String name, RequestContext ctx, java.util.function.Supplier<T> request) {
    try {
      return through(method, name, ctx, request::get);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new McpException(ErrorCodes.INTERNAL_ERROR, "the request to upstream '" + upstream + "' was cancelled");
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e); // not thrown by a Supplier
    }
  }

  /** How many requests run now. */
  public int inFlight() {
    return max - permits.availablePermits();
  }

  private McpException busy() {
    ObjectNode data = Json.object();
    data.put("upstream", upstream);
    return new McpException(ErrorCodes.INTERNAL_ERROR, "upstream '" + upstream + "' is busy: it already has " + max
        + " requests in progress (its limit) and none ended within " + Failures.seconds(wait), data);
  }

  private void log(RequestContext ctx, String method, String name, String outcome, Integer code, long ms) {
    if (!CALLS.isInfoEnabled()) {
      return;
    }
    // written by Jackson's generator straight to text, not built as a tree first (the line is made per call);
    // JSON escapes control characters: a name cannot forge a line
    StringWriter text = new StringWriter(160);
    try (JsonGenerator line = Json.mapper().createGenerator(text)) {
      line.writeStartObject();
      line.writeStringProperty("caller", ctx == null ? "anonymous"
          : ctx.caller().map(dev.mcpkit.server.Caller::subject).orElse("anonymous"));
      line.writeStringProperty("upstream", upstream);
      line.writeStringProperty("method", method);
      if (name != null) { // completions have none
        line.writeStringProperty("name", name);
      }
      line.writeStringProperty("outcome", outcome);
      if (code != null) {
        line.writeNumberProperty("code", code);
      }
      line.writeNumberProperty("durationMs", ms);
      line.writeEndObject();
    }
    CALLS.info(text.toString()); // no arguments: the line is not scanned for {} placeholders
  }
}
