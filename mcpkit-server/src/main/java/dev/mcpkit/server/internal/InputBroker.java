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
import java.util.ArrayList;
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

  List<InputResponse> ask(List<InputRequest> requests);

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
    public List<InputResponse> ask(List<InputRequest> requests) {
      for (InputRequest r : requests) {
        if (!missingCapability(r, scope.clientCapabilities()).isEmpty()) {
          throw McpException.invalidRequest("The client did not declare the " + capabilityName(r) + " capability");
        }
      }
      var session = scope.session;
      List<RequestId> ids = new ArrayList<>();
      List<CompletableFuture<JsonRpcResponse>> futures = new ArrayList<>();
      try {
        for (InputRequest r : requests) {
          RequestId id = session.nextRequestId();
          ids.add(id);
          futures.add(session.expect(id));
          ObjectNode params = r.params() == null ? null : (ObjectNode) Json.tree(r.params());
          scope.exchange.send(new JsonRpcRequest(id, r.method(), params));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<InputResponse> answers = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
          JsonRpcResponse response = futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          InputRequest r = requests.get(i);
          switch (response) {
            case JsonRpcResult ok -> answers.add(convert(ok.result(), r.responseType(), "the client's answer to " + r.method()));
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
            + requests.getFirst().method() + " within " + timeout.toSeconds() + " s");
      } catch (ExecutionException | java.util.concurrent.CancellationException e) {
        throw new Cancelled();
      } finally {
        ids.forEach(session::forget);
      }
    }
  }

  /** 2026 era: multi round-trip requests; answers arrive with retries, sealed in requestState. */
  final class Mrtr implements InputBroker {
    private final Scope scope;
    private final RequestStates states;
    private final String binding;
    private final String principal;
    private final ObjectNode answered;
    private int counter;

    Mrtr(Scope scope, RequestStates states, String binding) {
      this.scope = scope;
      this.states = states;
      this.binding = binding;
      this.principal = scope.caller().map(c -> c.subject()).orElse(null);
      this.answered = Json.object();
      JsonNode state = scope.params.get("requestState");
      JsonNode responses = scope.params.get("inputResponses");
      if (responses != null && !responses.isNull() && !responses.isObject()) {
        throw McpException.invalidParams("inputResponses must be an object");
      }
      if (state != null && !state.isNull()) {
        if (!state.isString()) {
          throw McpException.invalidParams("requestState must be a string");
        }
        RequestStates.State s = states.open(state.asString(), binding, principal);
        answered.setAll(s.answered());
        for (String key : s.pending()) {
          JsonNode answer = responses == null ? null : responses.get(key);
          if (answer != null && !answer.isNull()) {
            convert(answer, typeOf(key), "inputResponses." + key);
            answered.set(key, answer);
          }
        }
      } else if (responses instanceof ObjectNode given) {
        // No state: accept answers to keys of our own shape; anything else is ignored.
        for (var e : given.properties()) {
          Class<? extends InputResponse> type = typeOfOrNull(e.getKey());
          if (type != null) {
            convert(e.getValue(), type, "inputResponses." + e.getKey());
            answered.set(e.getKey(), e.getValue());
          }
        }
      }
    }

    @Override
    public List<InputResponse> ask(List<InputRequest> requests) {
      ObjectNode need = Json.object();
      for (InputRequest r : requests) {
        need.setAll(missingCapability(r, scope.clientCapabilities()));
      }
      if (!need.isEmpty()) {
        throw new McpException(ErrorCodes.MISSING_REQUIRED_CLIENT_CAPABILITY,
            "The client did not declare the capabilities this request needs: " + String.join(", ", need.propertyNames()),
            Json.object().set("requiredCapabilities", need));
      }
      List<InputResponse> answers = new ArrayList<>();
      Map<String, InputRequest> missing = new LinkedHashMap<>();
      for (InputRequest r : requests) {
        String key = keyPrefix(r) + "-" + (++counter);
        JsonNode answer = answered.get(key);
        if (answer == null) {
          missing.put(key, r);
        } else {
          answers.add(convert(answer, r.responseType(), "inputResponses." + key));
        }
      }
      if (missing.isEmpty()) {
        return answers;
      }
      String sealed = states.seal(binding, principal, answered, List.copyOf(missing.keySet()));
      throw new InputRequired(new InputRequiredResult(missing, sealed, "input_required", null));
    }

    private static String keyPrefix(InputRequest r) {
      return switch (r) {
        case ElicitRequest e -> "elicit";
        case CreateMessageRequest c -> "sample";
        case ListRootsRequest l -> "roots";
      };
    }

    private static Class<? extends InputResponse> typeOfOrNull(String key) {
      if (key.startsWith("elicit-")) {
        return dev.mcpkit.core.schema.ElicitResult.class;
      } else if (key.startsWith("sample-")) {
        return dev.mcpkit.core.schema.CreateMessageResult.class;
      } else if (key.startsWith("roots-")) {
        return dev.mcpkit.core.schema.ListRootsResult.class;
      }
      return null;
    }

    private static Class<? extends InputResponse> typeOf(String key) {
      Class<? extends InputResponse> t = typeOfOrNull(key);
      if (t == null) {
        throw McpException.invalidParams("requestState names an unknown input key");
      }
      return t;
    }
  }

  /** Unwinds a handler whose request was cancelled; no response is sent. */
  final class Cancelled extends RuntimeException {
    Cancelled() {
      super("cancelled", null, false, false);
    }
  }
}
