package dev.mcpkit.server.internal;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonrpc.McpException;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.ClientCapabilities;
import dev.mcpkit.core.schema.CreateMessageRequestParams;
import dev.mcpkit.core.schema.CreateMessageResult;
import dev.mcpkit.core.schema.ElicitRequestParams;
import dev.mcpkit.core.schema.ElicitResult;
import dev.mcpkit.core.schema.Implementation;
import dev.mcpkit.core.schema.InputRequest;
import dev.mcpkit.core.schema.InputResponse;
import dev.mcpkit.core.schema.ListRootsResult;
import dev.mcpkit.core.schema.LoggingLevel;
import dev.mcpkit.server.Caller;
import dev.mcpkit.server.PromptRequest;
import dev.mcpkit.server.RequestContext;
import dev.mcpkit.server.ResourceRead;
import dev.mcpkit.server.ToolCall;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.node.ObjectNode;

/** The views handlers get of a {@link Scope}: a tool call, a prompt request, a resource read. */
final class Views {

  private Views() {}

  /** Delegates the shared {@link RequestContext} to the scope. */
  abstract static class Base implements RequestContext {
    final Scope scope;

    Base(Scope scope) {
      this.scope = scope;
    }

    @Override
    public ProtocolVersion protocolVersion() {
      return scope.protocolVersion();
    }

    @Override
    public ClientCapabilities clientCapabilities() {
      return scope.clientCapabilities();
    }

    @Override
    public Optional<Implementation> clientInfo() {
      return scope.clientInfo();
    }

    @Override
    public Optional<Caller> caller() {
      return scope.caller();
    }

    @Override
    public ObjectNode meta() {
      return scope.meta();
    }

    @Override
    public void progress(double progress, Double total, String message) {
      scope.progress(progress, total, message);
    }

    @Override
    public void log(LoggingLevel level, String logger, Object data) {
      scope.log(level, logger, data);
    }

    @Override
    public Optional<LoggingLevel> logLevel() {
      return scope.logLevel();
    }

    @Override
    public ElicitResult elicit(ElicitRequestParams params) {
      return scope.elicit(params);
    }

    @Override
    public CreateMessageResult sample(CreateMessageRequestParams params) {
      return scope.sample(params);
    }

    @Override
    public ListRootsResult listRoots() {
      return scope.listRoots();
    }

    @Override
    public Map<String, InputResponse> ask(Map<String, InputRequest> requests) {
      return scope.ask(requests);
    }

    @Override
    public java.util.Set<String> answeredInputs() {
      return scope.answeredInputs();
    }

    @Override
    public ObjectNode inputResponses() {
      return scope.inputResponses();
    }

    @Override
    public Optional<String> inputState() {
      return scope.inputState();
    }

    @Override
    public void inputRequired(Map<String, InputRequest> requests, String state) {
      scope.inputRequired(requests, state);
    }

    @Override
    public boolean isCancelled() {
      return scope.isCancelled();
    }
  }

  static final class Tool extends Base implements ToolCall {
    private final String name;
    private final ObjectNode arguments;

    Tool(Scope scope, String name, ObjectNode arguments) {
      super(scope);
      this.name = name;
      this.arguments = arguments;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public ObjectNode arguments() {
      return arguments;
    }

    @Override
    public <T> T arguments(Class<T> type) {
      try {
        return Json.convert(arguments, type);
      } catch (JacksonException e) {
        throw McpException.invalidParams("Invalid arguments for tool " + name + ": " + Dispatcher.describe(e));
      }
    }
  }

  static final class Prompt extends Base implements PromptRequest {
    private final String name;
    private final Map<String, String> arguments;

    Prompt(Scope scope, String name, Map<String, String> arguments) {
      super(scope);
      this.name = name;
      this.arguments = Map.copyOf(arguments);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Map<String, String> arguments() {
      return arguments;
    }

    @Override
    public <T> T arguments(Class<T> type) {
      try {
        return Json.convert(Json.tree(arguments), type);
      } catch (JacksonException | IllegalArgumentException e) {
        throw McpException.invalidParams("Invalid arguments for prompt " + name + ": " + Dispatcher.describe(e));
      }
    }
  }

  static final class Resource extends Base implements ResourceRead {
    private final String uri;
    private final Map<String, String> variables;

    Resource(Scope scope, String uri, Map<String, String> variables) {
      super(scope);
      this.uri = uri;
      this.variables = variables;
    }

    @Override
    public String uri() {
      return uri;
    }

    @Override
    public Map<String, String> variables() {
      return variables;
    }
  }
}
