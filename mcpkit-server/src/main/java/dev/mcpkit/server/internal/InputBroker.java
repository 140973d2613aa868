package dev.mcpkit.server.internal;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonrpc.ErrorCodes;
import dev.mcpkit.core.jsonrpc.JsonRpcErrorResponse;
import dev.mcpkit.core.jsonrpc.JsonRpcRequest;
import dev.mcpkit.core.jsonrpc.JsonRpcResponse;
import dev.mcpkit.core.jsonrpc.JsonRpcResult;
import dev.mcpkit.core.jsonrpc.McpException;
import dev.mcpkit.core.jsonrpc.RequestId;
import dev.mcpkit.core.schema.ClientCapabilities;
import dev.mcpkit.core.schema.CreateMessageRequest;
import dev.mcpkit.core.schema.ElicitRequest;
import dev.mcpkit.core.schema.ElicitRequestURLParams;
import dev.mcpkit.core.schema.InputRequest;
import dev.mcpkit.core.schema.InputRequiredResult;
import dev.mcpkit.core.schema.InputResponse;
import dev.mcpkit.core.schema.ListRootsRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Asks the client for input on behalf of a handler: the one mechanism behind {@code elicit},
 * {@code sample}, {@code listRoots} and {@code ask}, with one implementation per era.
 */
interface InputBroker {

  Map<String, InputResponse> ask(Map<String, InputRequest> requests);

  /** Ends the attempt with these requests and the handler's own {@code state} sealed (2026-07-28 only). */
  default void inputRequired(Map<String, InputRequest> requests, String state) {
    throw new McpException(ErrorCodes.INTERNAL_ERROR, "this request cannot end with an InputRequiredResult");
  }

  @FunctionalInterface
  interface Factory {
    InputBroker create(Scope scope);
  }

  /** For requests that cannot ask (lists, completion): asking is a server bug. */
  InputBroker NONE = requests -> {
    throw new McpException(ErrorCodes.INTERNAL_ERROR, "this request cannot ask the client for input");
  };

  /** The capability a request needs, as the JSON object a -32021 error names. */
  static ObjectNode missingCapability(InputRequest request, ClientCapabilities caps) {
    ObjectNode need = Json.object();
    switch (request) {
      case ElicitRequest e -> {
        boolean url = e.params() instanceof ElicitRequestURLParams;
        ObjectNode declared = caps.elicitation();
        if (declared == null) {
          need.set("elicitation", url ? Json.object().set("url", Json.object()) : Json.object());
        } else if (url && !declared.has("url")) {
          need.set("elicitation", Json.object().set("url", Json.object()));
        } else if (!url && !declared.isEmpty() && !declared.has("form")) {
          need.set("elicitation", Json.object().set("form", Json.object()));
        }
      }
      case CreateMessageRequest c -> {
        if (caps.sampling() == null) {
          need.set("sampling", Json.object());
        }
      }
      case ListRootsRequest r -> {
        if (caps.roots() == null) {
          need.set("roots", Json.object());
        }
      }
    }
    return need;
  }

  static String capabilityName(InputRequest request) {
    return switch (request) {
      case ElicitRequest e -> "elicitation";
      case CreateMessageRequest c -> "sampling";
      case ListRootsRequest r -> "roots";
    };
  }

  /** Converts an answer to the type its request expects; -32602 when it does not fit. */
  static InputResponse convert(JsonNode answer, Class<? extends InputResponse> type, String where) {
    InputResponse r;
    try {
      r = Json.convert(answer, type);
    } catch (JacksonException | IllegalArgumentException e) {
      throw McpException.invalidParams(where + " is not a valid " + type.getSimpleName() + ": " + Dispatcher.describe(e));
    }
    String problem = switch (r) {
      case dev.mcpkit.core.schema.ElicitResult e -> e.action() == null ? "missing \"action\""
          : List.of("accept", "decline", "cancel").contains(e.action()) ? null : "unknown action \"" + e.action() + "\"";
      case dev.mcpkit.core.schema.CreateMessageResult c -> c.role() == null || c.content() == null || c.model() == null
          ? "needs \"role\", \"content\" and \"model\"" : null;
      case dev.mcpkit.core.schema.ListRootsResult l -> l.roots() == null ? "missing \"roots\"" : null;
    };
    if (problem != null) {
      throw McpException.invalidParams(where + " is not a valid " + type.getSimpleName() + ": " + problem);
    }
    return r;
  }

  /** 2025 era: real server-to-client requests on the request's stream; blocks for the answers. */
  final class Legacy implements InputBroker {
    private final Scope scope;
    private final Duration timeout;

    Legacy(Scope scope, Duration timeout) {
      this.scope = scope;
      this.timeout = timeout;
    }

    @Override
    public Map<String, InputResponse> ask(Map<String, InputRequest> requests) {
      if (scope.inFlight.onSharedThread()) {
        // A handler declared non-blocking runs on the server's I/O thread, which must never wait for a client.
        throw new McpException(ErrorCodes.INTERNAL_ERROR, "This tool is declared non-blocking and runs on the "
            + "server's I/O thread, where it cannot wait for the client's answer to "
            + requests.values().iterator().next().method() + " (a tool that asks the client must not be declared "
            + "non-blocking)");
      }
      for (InputRequest r : requests.values()) {
        if (!missingCapability(r, scope.clientCapabilities()).isEmpty()) {
          throw McpException.invalidRequest("The client did not declare the " + capabilityName(r) + " capability");
        }
      }
      var session = scope.session;
      Map<String, RequestId> ids = new LinkedHashMap<>();
      Map<String, CompletableFuture<JsonRpcResponse>> futures = new LinkedHashMap<>();
      try {
        for (var e : requests.entrySet()) {
          RequestId id = session.nextRequestId();
          ids.put(e.getKey(), id);
          futures.put(e.getKey(), session.expect(id));
          InputRequest r = e.getValue();
          ObjectNode params = r.params() == null ? null : (ObjectNode) Json.tree(r.params());
          scope.exchange.send(new JsonRpcRequest(id, r.method(), params));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, InputResponse> answers = new LinkedHashMap<>();
        for (var e : requests.entrySet()) {
          JsonRpcResponse response = futures.get(e.getKey()).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          InputRequest r = e.getValue();
          switch (response) {
            case JsonRpcResult ok -> answers.put(e.getKey(), convert(ok.result(), r.responseType(), "the client's answer to " + r.method()));
            case JsonRpcErrorResponse err -> throw new McpException(err.error().code(),
                "The client answered " + r.method() + " with an error: " + err.error().message());
          }
        }
        return answers;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Cancelled();
      } catch (TimeoutException e) {
        throw new McpException(ErrorCodes.INTERNAL_ERROR, "No answer from the client to "
            + requests.values().iterator().next().method() + " within " + timeout.toSeconds() + " s");
      } catch (ExecutionException | java.util.concurrent.CancellationException e) {
        throw new Cancelled();
      } finally {
        ids.values().forEach(session::forget);
      }
    }
  }

  /**
   * 2026 era: multi round-trip requests. Answers arrive with retries: those of earlier rounds
   * sealed in {@code requestState}, those of the last round in {@code inputResponses}. Each answer
   * is checked against the request it answers when the handler asks again.
   */
  final class Mrtr implements InputBroker {
    private final Scope scope;
    private final RequestStates states;
    private final java.util.function.Supplier<String> bindingOf;
    private String binding; // made on first use (binding())
    private final String principal;
    private final String clientId;
    private final ObjectNode answered = Json.object();
    private final java.util.Set<String> used = new java.util.LinkedHashSet<>();
    private String handlerState; // what the handler sealed with inputRequired in the last round, or null

    /** {@code binding} gives the request's binding ({@link RequestStates#binding}), asked for only when needed. */
    Mrtr(Scope scope, RequestStates states, java.util.function.Supplier<String> binding) {
      this.scope = scope;
      this.states = states;
      this.bindingOf = binding;
      this.principal = scope.caller().map(c -> c.subject()).orElse(null);
      this.clientId = scope.caller().map(c -> c.clientId()).orElse(null);
      JsonNode state = scope.params.get("requestState");
      JsonNode responses = scope.params.get("inputResponses");
      if (responses != null && !responses.isNull() && !responses.isObject()) {
        throw McpException.invalidParams("inputResponses must be an object");
      }
      ObjectNode given = responses instanceof ObjectNode o ? o : Json.object();
      if (state != null && !state.isNull()) {
        if (!state.isString()) {
          throw McpException.invalidParams("requestState must be a string");
        }
        RequestStates.State s = states.open(state.asString(), binding(), principal, clientId);
        answered.setAll(s.answered());
        handlerState = s.handler();
        // Only answers to what the last round asked count; anything else is ignored.
        for (String key : s.pending()) {
          JsonNode answer = given.get(key);
          if (answer != null) {
            answered.set(key, answer);
          }
        }
      } else {
        // No state: the first round, or a client retrying without one. Answers are user input
        // either way, checked against the questions when the handler asks them.
        answered.setAll(given);
      }
    }

    private String binding() {
      if (binding == null) {
        binding = bindingOf.get();
      }
      return binding;
    }

    /** The keys of the answers this attempt carries (earlier rounds' and the last round's). */
    java.util.Set<String> answeredKeys() {
      return java.util.Set.copyOf(answered.propertyNames());
    }

    /** The handler's own state from the retry's {@code requestState}, or {@code null}. */
    String handlerState() {
      return handlerState;
    }

    private void requireCapabilities(java.util.Collection<InputRequest> requests) {
      ObjectNode need = Json.object();
      for (InputRequest r : requests) {
        need.setAll(missingCapability(r, scope.clientCapabilities()));
      }
      if (!need.isEmpty()) {
        throw new McpException(ErrorCodes.MISSING_REQUIRED_CLIENT_CAPABILITY,
            "The client did not declare the capabilities this request needs: " + String.join(", ", need.propertyNames()),
            Json.object().set("requiredCapabilities", need));
      }
    }

    @Override
    public void inputRequired(Map<String, InputRequest> requests, String state) {
      requireCapabilities(requests.values());
      ObjectNode keep = Json.object();
      used.forEach(k -> keep.set(k, answered.get(k)));
      String sealed = states.seal(binding(), principal, clientId, keep, List.copyOf(requests.keySet()), state);
      // the handler chose the keys and the requests: they go out as it gave them (no inputRequests when none)
      throw new InputRequired(new InputRequiredResult(requests.isEmpty() ? null : new LinkedHashMap<>(requests),
          sealed, "input_required", null));
    }

    @Override
    public Map<String, InputResponse> ask(Map<String, InputRequest> requests) {
      requireCapabilities(requests.values());
      Map<String, InputResponse> answers = new LinkedHashMap<>();
      Map<String, InputRequest> missing = new LinkedHashMap<>();
      for (var e : requests.entrySet()) {
        JsonNode answer = answered.get(e.getKey());
        if (answer == null || answer.isNull()) {
          missing.put(e.getKey(), e.getValue());
        } else {
          answers.put(e.getKey(), convert(answer, e.getValue().responseType(), "inputResponses." + e.getKey()));
        }
      }
      used.addAll(answers.keySet());
      if (missing.isEmpty()) {
        return answers;
      }
      // The next state carries the answers this attempt used; keys the client made up are dropped.
      ObjectNode keep = Json.object();
      used.forEach(k -> keep.set(k, answered.get(k)));
      String sealed = states.seal(binding(), principal, clientId, keep, List.copyOf(missing.keySet()));
      throw new InputRequired(new InputRequiredResult(missing, sealed, "input_required", null));
    }
  }

  /** Unwinds a handler whose request was cancelled; no response is sent. */
  final class Cancelled extends RuntimeException {
    Cancelled() {
      super("cancelled", null, false, false);
    }
  }
}
