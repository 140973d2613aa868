package dev.mcpkit.server.internal;

import dev.mcpkit.core.era.Era;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonrpc.ErrorCodes;
import dev.mcpkit.core.jsonrpc.McpException;
import dev.mcpkit.core.protocol.Methods;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.CallToolResult;
import dev.mcpkit.core.schema.ClientCapabilities;
import dev.mcpkit.core.schema.CompleteRequestParams;
import dev.mcpkit.core.schema.CompleteResult;
import dev.mcpkit.core.schema.Completion;
import dev.mcpkit.core.schema.DiscoverResult;
import dev.mcpkit.core.schema.GetPromptRequestParams;
import dev.mcpkit.core.schema.GetPromptResult;
import dev.mcpkit.core.schema.InitializeRequestParams;
import dev.mcpkit.core.schema.InitializeResult;
import dev.mcpkit.core.schema.ListPromptsResult;
import dev.mcpkit.core.schema.ListResourceTemplatesResult;
import dev.mcpkit.core.schema.ListResourcesResult;
import dev.mcpkit.core.schema.ListToolsResult;
import dev.mcpkit.core.schema.LoggingLevel;
import dev.mcpkit.core.schema.PaginatedRequestParams;
import dev.mcpkit.core.schema.PromptArgument;
import dev.mcpkit.core.schema.PromptReference;
import dev.mcpkit.core.schema.ReadResourceRequestParams;
import dev.mcpkit.core.schema.ReadResourceResult;
import dev.mcpkit.core.schema.ResourceContents;
import dev.mcpkit.core.schema.ResourceTemplateReference;
import dev.mcpkit.core.schema.ServerCapabilities;
import dev.mcpkit.core.schema.SubscribeRequestParams;
import dev.mcpkit.server.Completer;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ResourceNotFoundException;
import dev.mcpkit.server.ServerPrompt;
import dev.mcpkit.server.ServerResource;
import dev.mcpkit.server.ServerResourceTemplate;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolException;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.transport.LegacySession;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The MCP methods, for both eras; the dispatcher has already validated era and metadata. */
final class Handlers {

  private static final Logger LOG = LoggerFactory.getLogger(Handlers.class);
  private static final int MAX_COMPLETIONS = 100;
  private static final Set<String> METHODS = Set.of(Methods.SERVER_DISCOVER, Methods.TOOLS_LIST, Methods.TOOLS_CALL,
      Methods.RESOURCES_LIST, Methods.RESOURCES_TEMPLATES_LIST, Methods.RESOURCES_READ, Methods.RESOURCES_SUBSCRIBE,
      Methods.RESOURCES_UNSUBSCRIBE, Methods.PROMPTS_LIST, Methods.PROMPTS_GET, Methods.COMPLETION_COMPLETE,
      Methods.LOGGING_SET_LEVEL, Methods.SUBSCRIPTIONS_LISTEN, Methods.PING, Methods.INITIALIZE);

  private final McpServer server;
  private final Subscriptions subscriptions;
  /**
   * The encoded initialize result per negotiated revision: it depends on nothing else (the server's capabilities, info
   * and instructions are fixed when it is built), and encoding it anew was 3.5 % of the CPU samples of a 2025
   * session's lifecycle (bench/results/2026-12-07-lifecycle.md).
   */
  private final Map<ProtocolVersion, ObjectNode> initializeResults = new ConcurrentHashMap<>();

  Handlers(McpServer server) {
    this.server = server;
    this.subscriptions = new Subscriptions(server);
  }

  /** Ends this transport's long-lived requests ({@code subscriptions/listen}). */
  void shutdown() {
    subscriptions.closeAll();
  }

  boolean knows(String method) {
    return METHODS.contains(method);
  }

  Object route(Scope s) {
    ServerCapabilities caps = server.capabilities();
    return switch (s.method) {
      case Methods.SERVER_DISCOVER -> discover();
      case Methods.TOOLS_LIST -> require(caps.tools(), s) ? listTools(s) : null;
      case Methods.TOOLS_CALL -> require(caps.tools(), s) ? callTool(s) : null;
      case Methods.RESOURCES_LIST -> require(caps.resources(), s) ? listResources(s) : null;
      case Methods.RESOURCES_TEMPLATES_LIST -> require(caps.resources(), s) ? listTemplates(s) : null;
      case Methods.RESOURCES_READ -> require(caps.resources(), s) ? readResource(s) : null;
      case Methods.RESOURCES_SUBSCRIBE -> require(caps.resources(), s) ? subscribe(s, true) : null;
      case Methods.RESOURCES_UNSUBSCRIBE -> require(caps.resources(), s) ? subscribe(s, false) : null;
      case Methods.PROMPTS_LIST -> require(caps.prompts(), s) ? listPrompts(s) : null;
      case Methods.PROMPTS_GET -> require(caps.prompts(), s) ? getPrompt(s) : null;
      case Methods.COMPLETION_COMPLETE -> require(caps.completions(), s) ? complete(s) : null;
      case Methods.LOGGING_SET_LEVEL -> require(caps.logging(), s) ? setLevel(s) : null;
      case Methods.SUBSCRIPTIONS_LISTEN -> subscriptions.listen(s);
      default -> throw McpException.methodNotFound(s.method);
    };
  }

  /** Methods of undeclared capabilities do not exist for the client. */
  private static boolean require(Object capability, Scope s) {
    if (capability == null) {
      throw McpException.methodNotFound(s.method + " (the server does not declare that capability)");
    }
    return true;
  }

  private static <T> T params(Scope s, Class<T> type) {
    return params(s, type, p -> Json.convert(p, type));
  }

  /** {@link #params(Scope, Class)} with a reader for the type's common shape ({@link ParamReads}). */
  private static <T> T params(Scope s, Class<T> type, java.util.function.Function<ObjectNode, T> read) {
    // The multi round-trip members get their own message: the generic binding error would name Java types.
    JsonNode responses = s.params.get("inputResponses");
    if (responses != null && !responses.isNull() && !responses.isObject()) {
      throw McpException.invalidParams("inputResponses must be an object");
    }
    JsonNode state = s.params.get("requestState");
    if (state != null && !state.isNull() && !state.isString()) {
      throw McpException.invalidParams("requestState must be a string");
    }
    try {
      return read.apply(s.params);
    } catch (JacksonException | IllegalArgumentException e) {
      throw McpException.invalidParams("Invalid params for " + s.method + ": " + Dispatcher.describe(e));
    }
  }

  private static String required(String value, String what) {
    if (value == null) {
      throw McpException.invalidParams("Invalid params: missing \"" + what + "\"");
    }
    return value;
  }

  /**
   * Runs user code: protocol signals (errors, input required, not found) pass through, an
   * interruption is the request's cancellation, and any other failure goes to {@code failed},
   * which answers or throws for its kind of handler.
   */
  private static <T> T run(Scope s, Callable<T> code, Function<Exception, T> failed) {
    try {
      return code.call();
    } catch (InterruptedException e) {
      throw new InputBroker.Cancelled();
    } catch (McpException | InputBroker.Cancelled | ResourceNotFoundException e) {
      throw e;
    } catch (Exception e) {
      if (s.isCancelled()) {
        throw new InputBroker.Cancelled();
      }
      return failed.apply(e);
    }
  }

  /** Starts delivering changes to a session established elsewhere (a copy of a session shared by a cluster). */
  void adopt(LegacySession session) {
    subscriptions.attach(session);
  }

  JsonNode initialize(ObjectNode rawParams, LegacySession session) {
    if (session.isEstablished()) {
      throw McpException.invalidRequest("Invalid request: the session is already initialized");
    }
    InitializeRequestParams p;
    try {
      p = ParamReads.initialize(rawParams == null ? Json.object() : rawParams);
    } catch (JacksonException | IllegalArgumentException e) {
      throw McpException.invalidParams("Invalid params for initialize: " + Dispatcher.describe(e));
    }
    required(p.protocolVersion(), "protocolVersion");
    ProtocolVersion negotiated = ProtocolVersion.parse(p.protocolVersion())
        .filter(v -> Era.of(v).usesInitialize()).filter(server.versions()::contains)
        .or(() -> ProtocolVersion.newestFirst().stream()
            .filter(v -> Era.of(v).usesInitialize() && server.versions().contains(v)).findFirst())
        .orElseThrow(() -> McpException.invalidRequest("This server does not speak the initialize handshake; supported: "
            + server.versions().stream().map(ProtocolVersion::id).sorted().toList()));
    ClientCapabilities caps = p.capabilities() != null ? p.capabilities()
        : ClientCapabilities.none();
    session.establish(negotiated, caps, p.clientInfo());
    subscriptions.attach(session);
    // The cached tree itself, shared by every session: each user of an initialize Reply only serialises it
    // (PostResponder.finish, LegacySseHandler's channel and StdioServer write it; BatchPost refuses initialize),
    // so no copy is made (it was 1-2 % of a lifecycle's CPU samples).
    return initializeResults.computeIfAbsent(negotiated, v -> (ObjectNode) Json.tree(
        new InitializeResult(v.id(), server.capabilities(), server.info(), server.instructions(), null)));
  }

  private Object discover() {
    List<String> versions = ProtocolVersion.newestFirst().stream().filter(server.versions()::contains)
        .map(ProtocolVersion::id).toList();
    return DiscoverResult.of(versions, server.capabilities(), server.instructions());
  }

  private Object listTools(Scope s) {
    var page = Pages.page(server.tools(s.caller()), params(s, PaginatedRequestParams.class).cursor(), server.pageSize());
    return ListToolsResult.of(page.items().stream().map(ServerTool::definition).toList(), page.nextCursor());
  }

  private Object listResources(Scope s) {
    var page = Pages.page(server.resources(), params(s, PaginatedRequestParams.class).cursor(), server.pageSize());
    return ListResourcesResult.of(page.items().stream().map(ServerResource::definition).toList(), page.nextCursor());
  }

  private Object listTemplates(Scope s) {
    var page = Pages.page(server.resourceTemplates(), params(s, PaginatedRequestParams.class).cursor(), server.pageSize());
    return ListResourceTemplatesResult.of(page.items().stream().map(ServerResourceTemplate::definition).toList(),
        page.nextCursor());
  }

  private Object listPrompts(Scope s) {
    var page = Pages.page(server.prompts(), params(s, PaginatedRequestParams.class).cursor(), server.pageSize());
    return ListPromptsResult.of(page.items().stream().map(ServerPrompt::definition).toList(), page.nextCursor());
  }

  private Object callTool(Scope s) {
    if (s.params.has("arguments") && !s.params.get("arguments").isObject() && !s.params.get("arguments").isNull()) {
      throw McpException.invalidParams("Invalid params: \"arguments\" must be an object");
    }
    ParamReads.ToolCall p = params(s, ParamReads.ToolCall.class, ParamReads::toolCall);
    String name = required(p.name(), "name");
    ServerTool registered = server.tool(name);
    // the fallback may throw a clearer error than ours (a gateway's unavailable upstream)
    ServerTool tool = registered != null ? registered : server.fallbackTool(name);
    if (tool == null) {
      throw McpException.invalidParams("Unknown tool: " + name);
    }
    ObjectNode args = p.arguments() != null ? p.arguments() : Json.object();
    List<String> problems = tool.inputSchema().validate(args);
    if (!problems.isEmpty()) {
      var data = Json.object();
      problems.forEach(data.putArray("errors")::add);
      throw new McpException(ErrorCodes.INVALID_PARAMS,
          "Invalid arguments for tool " + name + ": " + String.join("; ", problems), data);
    }
    // every handler's result as JSON (RawToolHandler): a relayed one is encoded as it came, checked for shape only
    ObjectNode result = run(s, () -> tool.rawHandler().call(new Views.Tool(s, name, args)), e -> {
      if (e instanceof ToolException te) {
        return (ObjectNode) Json.tree(ToolResults.error(te.getMessage()));
      }
      LOG.warn("tool {} failed", name, e);
      return (ObjectNode) Json.tree(ToolResults.error("Tool " + name + " failed with an internal error"));
    });
    if (result == null) {
      throw new McpException(ErrorCodes.INTERNAL_ERROR, "Tool " + name + " returned no result");
    }
    String shape = CallToolResult.shapeProblem(result);
    if (shape != null) {
      throw new McpException(ErrorCodes.INTERNAL_ERROR, "Tool " + name + " returned an invalid result: " + shape);
    }
    JsonNode structured = result.get("structuredContent");
    if (tool.outputSchema() != null && !result.path("isError").asBoolean(false)) {
      if (structured == null || structured.isNull()) {
        throw new McpException(ErrorCodes.INTERNAL_ERROR,
            "Tool " + name + " declares an outputSchema but returned no structuredContent");
      }
      List<String> outProblems = tool.outputSchema().validate(structured);
      if (!outProblems.isEmpty()) {
        throw new McpException(ErrorCodes.INTERNAL_ERROR, "Tool " + name
            + " returned structuredContent that does not match its outputSchema: " + String.join("; ", outProblems));
      }
    }
    return result;
  }

  private Object readResource(Scope s) {
    ReadResourceRequestParams p = params(s, ReadResourceRequestParams.class);
    String uri = required(p.uri(), "uri");
    List<ResourceContents> contents = run(s, () -> {
      ServerResource r = server.resource(uri);
      if (r != null) {
        return r.reader().read(new Views.Resource(s, uri, Map.of()));
      }
      for (ServerResourceTemplate t : server.resourceTemplates()) {
        Optional<Map<String, String>> vars = t.template().match(uri);
        if (vars.isPresent()) {
          return t.reader().read(new Views.Resource(s, uri, vars.get()));
        }
      }
      return null;
    }, e -> {
      LOG.warn("reading resource {} failed", uri, e);
      throw new McpException(ErrorCodes.INTERNAL_ERROR, "Failed to read resource " + uri);
    });
    if (contents == null || contents.isEmpty()) {
      throw new ResourceNotFoundException(uri);
    }
    return ReadResourceResult.of(contents);
  }

  private Object subscribe(Scope s, boolean add) {
    if (!Boolean.TRUE.equals(server.capabilities().resources().subscribe())) {
      throw McpException.methodNotFound(s.method + " (the server does not support subscriptions)");
    }
    String uri = required(params(s, SubscribeRequestParams.class).uri(), "uri");
    if (add) {
      if (s.session.subscriptions().add(uri)) {
        server.changes().subscribed(uri);
        s.session.changed();
      }
    } else if (s.session.subscriptions().remove(uri)) {
      server.changes().unsubscribed(uri);
      s.session.changed();
    }
    return Json.object();
  }

  private Object getPrompt(Scope s) {
    GetPromptRequestParams p = params(s, GetPromptRequestParams.class);
    String name = required(p.name(), "name");
    ServerPrompt prompt = server.prompt(name);
    if (prompt == null) {
      throw McpException.invalidParams("Unknown prompt: " + name);
    }
    Map<String, String> args = p.arguments() == null ? Map.of() : p.arguments();
    List<PromptArgument> declared = prompt.definition().arguments() == null ? List.of() : prompt.definition().arguments();
    for (PromptArgument a : declared) {
      if (Boolean.TRUE.equals(a.required()) && !args.containsKey(a.name())) {
        throw McpException.invalidParams("Missing required argument '" + a.name() + "' for prompt " + name);
      }
    }
    GetPromptResult result = run(s, () -> prompt.handler().get(new Views.Prompt(s, name, args)), e -> {
      LOG.warn("prompt {} failed", name, e);
      throw new McpException(ErrorCodes.INTERNAL_ERROR, "Prompt " + name + " failed with an internal error");
    });
    if (result == null) {
      throw new McpException(ErrorCodes.INTERNAL_ERROR, "Prompt " + name + " returned no result");
    }
    return result;
  }

  private Object complete(Scope s) {
    CompleteRequestParams p = params(s, CompleteRequestParams.class);
    if (p.ref() == null || p.argument() == null || p.argument().name() == null) {
      throw McpException.invalidParams("Invalid params: completion needs \"ref\" and \"argument\" with a name");
    }
    Completer completer = switch (p.ref()) {
      case PromptReference ref -> {
        ServerPrompt prompt = server.prompt(required(ref.name(), "ref.name"));
        if (prompt == null) {
          throw McpException.invalidParams("Unknown prompt: " + ref.name());
        }
        yield prompt.completers().get(p.argument().name());
      }
      case ResourceTemplateReference ref -> {
        String uri = required(ref.uri(), "ref.uri");
        yield server.resourceTemplates().stream().filter(t -> t.definition().uriTemplate().equals(uri)).findFirst()
            .orElseThrow(() -> McpException.invalidParams("Unknown resource template: " + uri))
            .completers().get(p.argument().name());
      }
    };
    List<String> values;
    try {
      Map<String, String> context = p.context() == null || p.context().arguments() == null ? Map.of()
          : p.context().arguments();
      values = completer == null ? List.of() : completer.complete(p.argument().value(), context);
    } catch (McpException e) {
      throw e;
    } catch (Exception e) {
      LOG.warn("completion failed", e);
      throw new McpException(ErrorCodes.INTERNAL_ERROR, "Completion failed with an internal error");
    }
    int total = values.size();
    List<String> page = values.size() > MAX_COMPLETIONS ? values.subList(0, MAX_COMPLETIONS) : values;
    return new CompleteResult(new Completion(List.copyOf(page), total, total > MAX_COMPLETIONS), null, null);
  }

  private Object setLevel(Scope s) {
    JsonNode level = s.params.get("level");
    if (level == null || !level.isString()) {
      throw McpException.invalidParams("Invalid params: missing \"level\"");
    }
    try {
      s.session.logLevel(LoggingLevel.of(level.asString()));
      s.session.changed();
    } catch (IllegalArgumentException e) {
      throw McpException.invalidParams("Invalid params: " + e.getMessage());
    }
    return Json.object();
  }
}
