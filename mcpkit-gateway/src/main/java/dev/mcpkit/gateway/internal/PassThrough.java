package dev.mcpkit.gateway.internal;

import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.McpInputRequiredException;
import dev.mcpkit.client.McpProtocolException;
import dev.mcpkit.client.RequestOptions;
import dev.mcpkit.core.era.Era;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.json.JsonErrors;
import dev.mcpkit.core.jsonrpc.McpException;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.InputRequiredResult;
import dev.mcpkit.server.RequestContext;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A 2026-07-28 upstream's {@code InputRequiredResult} passed to a 2026-07-28 caller unchanged: the caller gets the
 * upstream's input requests under the upstream's keys, all of them in one round, and a {@code requestState} that
 * mcpkit-server seals around the upstream's own ({@link RequestContext#inputRequired}: HMAC-SHA256, bound to the
 * caller and to the request, naming the upstream); the retry's {@code inputResponses} (a first attempt's too) and the
 * upstream's {@code requestState} go upstream as they came. Nothing is held between rounds, so any gateway instance
 * with the same {@code requestState} key can continue it. Other era pairs are translated ({@link Relay}).
 */
final class PassThrough {

  /**
   * What this attempt passes upstream.
   *
   * @param responses the caller's {@code inputResponses}, as it sent them (empty: none)
   * @param state the upstream's {@code requestState} the gateway sealed in the previous round, or {@code null}
   */
  record Attempt(ObjectNode responses, String state) {
    /** Whether there is nothing to pass (the typed call, with the client's cache, serves it). */
    boolean plain() {
      return responses.isEmpty() && state == null;
    }

    /** {@code params} with this attempt's {@code inputResponses} and {@code requestState}. */
    ObjectNode params(ObjectNode params) {
      if (!responses.isEmpty()) {
        params.set("inputResponses", responses);
      }
      if (state != null) {
        params.put("requestState", state);
      }
      return params;
    }
  }

  private PassThrough() {}

  /**
   * What {@code ctx}'s attempt passes to {@code c}, the client of {@code upstream}, when it goes through unchanged (a
   * 2026-07-28 caller and a 2026-07-28 upstream); {@code null} when the request is translated between eras.
   *
   * @throws McpException {@code -32602} when the retry's {@code requestState} is not the gateway's for this request
   *     and caller (mcpkit-server checks it), names another upstream, or was made for a pass-through and the
   *     upstream is no longer of the 2026-07-28 era
   */
  static Attempt attempt(RequestContext ctx, McpClient c, String upstream) {
    if (ctx == null) {
      return null;
    }
    boolean through = Era.of(ctx.protocolVersion()).usesInputRequiredResults()
        && c.serverInfo().era() == Era.STATELESS;
    String sealed = ctx.inputState().orElse(null);
    if (!through) {
      if (sealed != null) {
        throw McpException.invalidParams("requestState was made for an upstream of protocol revision "
            + ProtocolVersion.V2026_07_28.id() + ", and upstream '" + upstream + "' is not one now; send the request"
            + " again without requestState");
      }
      return null;
    }
    String state = null;
    if (sealed != null) {
      JsonNode s = Json.parse(sealed); // written by ask() below, under the server's MAC
      if (!upstream.equals(s.path("upstream").asString(""))) {
        throw McpException.invalidParams("requestState belongs to another upstream; send the request again without it");
      }
      state = s.path("requestState").isString() ? s.path("requestState").asString() : null;
    }
    return new Attempt(ctx.inputResponses(), state);
  }

  /**
   * Runs one attempt upstream, the upstream's {@code InputRequiredResult} returned, not answered: a plain one with the
   * client's call for the method ({@code typed}, with the client's own cache), one that passes answers or state as a
   * raw request whose result {@code read} checks.
   *
   * @throws McpInputRequiredException with the upstream's result when it asks for input
   */
  static <T> T run(McpClient c, String method, ObjectNode params, RequestOptions options, Attempt a,
      Function<JsonNode, T> read, Function<RequestOptions, T> typed) {
    RequestOptions o = options.withInputRequiredReturned(true);
    if (a.plain()) {
      return typed.apply(o);
    }
    JsonNode r = c.request(method, a.params(params), o);
    if ("input_required".equals(r.path("resultType").asString(""))) {
      throw new McpInputRequiredException(method, convert(method, r, InputRequiredResult.class));
    }
    return read.apply(r);
  }

  /**
   * Ends the caller's attempt with the upstream's input requests, under the upstream's keys, and the upstream's {@code
   * requestState} inside the gateway's sealed one. Never returns.
   */
  static void ask(RequestContext ctx, String upstream, InputRequiredResult r) {
    ObjectNode state = Json.object().put("upstream", upstream);
    if (r.requestState() != null) {
      state.put("requestState", r.requestState());
    }
    ctx.inputRequired(r.inputRequests() == null ? Map.of() : r.inputRequests(), Json.write(state));
  }

  /** {@code r} as {@code type}, or an error saying why it does not fit. */
  static <T> T convert(String method, JsonNode r, Class<T> type) {
    try {
      return Json.convert(r, type);
    } catch (JacksonException | IllegalArgumentException e) {
      throw new McpProtocolException(method + ": the answer does not fit " + type.getSimpleName() + ": "
          + (e instanceof JacksonException j ? JsonErrors.describe(j) : "invalid"));
    }
  }
}
