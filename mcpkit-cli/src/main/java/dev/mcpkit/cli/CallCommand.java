package dev.mcpkit.cli;

import dev.mcpkit.client.ClientHandlers;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.McpRpcException;
import dev.mcpkit.client.RequestOptions;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.Methods;
import dev.mcpkit.core.schema.LoggingLevel;
import dev.mcpkit.core.schema.Tool;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code mcpkit call}: one MCP request against any server, in either era, with a documented exit code. */
@Command(name = "call", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Sends one MCP request and prints the result.",
        "",
        "  mcpkit call <url> <method> [options]",
        "  mcpkit call --config FILE <server-name> <method> [options]",
        "  mcpkit call <method> [options] -- <command> [args...]",
        "      (stdio: the command after -- is run directly, never through a shell)",
        "",
        "Methods: tools/list, tools/call (--tool, --arg, --args-json), resources/list,",
        "resources/read (--uri), resources/templates/list, prompts/list, prompts/get",
        "(--prompt, --arg), ping, server/discover, initialize (prints what the server",
        "said while connecting), logging/setLevel (--level)."},
    footer = ExitCodes.GUARDED_HELP)
final class CallCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ClientOptions options;
  @Mixin AuthOptions auth;
  @Mixin GuardOptions guard;

  @Parameters(paramLabel = "TARGET METHOD", description = "The target (URL or config server name) and the method.")
  List<String> positional = new ArrayList<>();

  @Option(names = "--tool", paramLabel = "NAME", description = "The tool to call (tools/call).")
  String tool;

  @Option(names = "--arg", paramLabel = "KEY=VALUE",
      description = "A tool or prompt argument (repeatable). Tool values are typed by the tool's schema; a JSON value otherwise.")
  List<String> args = new ArrayList<>();

  @Option(names = "--args-json", paramLabel = "JSON", description = "All tool arguments as one JSON object (--arg entries override).")
  String argsJson;

  @Option(names = "--uri", description = "The resource URI (resources/read).")
  String uri;

  @Option(names = "--prompt", paramLabel = "NAME", description = "The prompt to get (prompts/get).")
  String prompt;

  @Option(names = "--level", description = "The log level (logging/setLevel).")
  String level;

  /** The methods {@code call} knows (checked before connecting, so that a typo costs no connection). */
  static final List<String> METHODS = List.of(Methods.TOOLS_LIST, Methods.TOOLS_CALL, Methods.RESOURCES_LIST,
      Methods.RESOURCES_READ, Methods.RESOURCES_TEMPLATES_LIST, Methods.PROMPTS_LIST, Methods.PROMPTS_GET, Methods.PING,
      Methods.SERVER_DISCOVER, "initialize", Methods.LOGGING_SET_LEVEL);

  private static final List<String> LEVELS = java.util.Arrays.stream(LoggingLevel.values()).map(LoggingLevel::id).toList();

  /**
   * Words after the method: a newcomer's {@code call URL tools/call add_numbers a=1} names the tool and its
   * arguments where the command takes options, so say which options take them instead of a bare usage line.
   */
  private String unexpected(List<String> extra) {
    return "unexpected \"" + options.line(String.join(" ", extra)) + "\" after METHOD: name the tool with --tool NAME"
        + " (a prompt with --prompt NAME, a resource with --uri URI) and give arguments as --arg KEY=VALUE or"
        + " --args-json JSON";
  }

  /** How long the last {@code ping} took, for {@code ok (N ms)}. */
  private long pingMillis;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ClientCommands.Split split = ClientCommands.split(spec, positional);
    List<String> words = split.words();
    String target;
    String method;
    if (!split.command().isEmpty()) {
      if (words.size() > 1) {
        return usage(err, unexpected(words.subList(1, words.size())));
      }
      if (words.size() != 1) {
        return usage(err, "with a stdio command, give exactly one METHOD before --");
      }
      target = null;
      method = words.getFirst();
    } else {
      if (words.size() > 2) {
        return usage(err, unexpected(words.subList(2, words.size())));
      }
      if (words.size() != 2) {
        return usage(err, "expected TARGET and METHOD");
      }
      target = words.get(0);
      method = words.get(1);
    }
    if (!METHODS.contains(method)) {
      return usage(err, "unknown method \"" + options.line(method) + "\"; " + Suggest.hint(method, METHODS, "the methods"));
    }
    if (method.equals(Methods.LOGGING_SET_LEVEL) && level != null && !LEVELS.contains(level.toLowerCase(java.util.Locale.ROOT))) {
      return usage(err, "--level: unknown level \"" + options.line(level) + "\"; " + Suggest.hint(level, LEVELS, "the levels"));
    }
    if (!guard.install(options, err, "call")) {
      return ExitCodes.USAGE;
    }
    return ClientCommands.withSignIn(options, auth, target, split.command(), ClientHandlers.none(), out, err, client -> {
      JsonNode result = run(client, method);
      boolean toolError = method.equals(Methods.TOOLS_CALL) && result.path("isError").asBoolean(false);
      if (options.json) {
        out.println(options.json(HumanOutput.json(result)));
      } else if (method.equals(Methods.PING)) {
        out.println("ok (" + pingMillis + " ms)");
      } else {
        human(method, result, client, new HumanOutput(out));
      }
      out.flush();
      if (method.endsWith("/list") && guard.reportHidden(options, err)) {
        return ExitCodes.GUARD_BLOCKED;
      }
      if (toolError) {
        err.println("mcpkit: the tool reported an error (isError: true)");
        return ExitCodes.TOOL_ERROR;
      }
      return ExitCodes.OK;
    });
  }

  private static int usage(PrintWriter err, String what) {
    err.println("mcpkit call: " + what + "; see " + Main.command() + " call --help");
    return ExitCodes.USAGE;
  }

  private JsonNode run(McpClient client, String method) {
    RequestOptions ro = RequestOptions.defaults();
    return switch (method) {
      case "initialize", Methods.SERVER_DISCOVER -> Json.tree(client.serverInfo());
      case Methods.PING -> {
        long started = System.nanoTime();
        client.ping();
        pingMillis = (System.nanoTime() - started) / 1_000_000;
        yield Json.object();
      }
      case Methods.TOOLS_LIST, Methods.RESOURCES_LIST, Methods.RESOURCES_TEMPLATES_LIST, Methods.PROMPTS_LIST -> allPages(client, method);
      case Methods.TOOLS_CALL -> {
        require(tool, "--tool");
        ObjectNode params = Json.object();
        params.put("name", tool);
        params.set("arguments", toolArguments(client));
        yield hinted(() -> client.request(method, params, ro),
            () -> unknown(tool, client.listAllTools().stream().map(Tool::name).toList(), "the server's tools"));
      }
      case Methods.RESOURCES_READ -> {
        require(uri, "--uri");
        ObjectNode params = Json.object();
        params.put("uri", uri);
        yield hinted(() -> client.request(method, params, ro), () -> unknownResource(client));
      }
      case Methods.PROMPTS_GET -> {
        require(prompt, "--prompt");
        ObjectNode params = Json.object();
        params.put("name", prompt);
        ObjectNode a = params.putObject("arguments");
        parseArgs().forEach(a::put);
        yield hinted(() -> client.request(method, params, ro),
            () -> unknown(prompt, client.listAllPrompts().stream().map(dev.mcpkit.core.schema.Prompt::name).toList(),
                "the server's prompts"));
      }
      case Methods.LOGGING_SET_LEVEL -> {
        require(level, "--level");
        client.setLoggingLevel(LoggingLevel.of(level));
        yield Json.object();
      }
      default -> throw new IllegalArgumentException("unknown method \"" + method + "\"; see " + Main.command() + " call --help");
    };
  }

  /**
   * Runs a request that names a tool, prompt or resource; when the server refuses it and the name is not among those
   * it lists, the error gets a "did you mean" line (the server's own message stays as it was).
   */
  private static JsonNode hinted(Supplier<JsonNode> request, Supplier<String> hint) {
    try {
      return request.get();
    } catch (McpRpcException e) {
      String h;
      try {
        h = hint.get();
      } catch (RuntimeException listingFailed) {
        throw e; // the server's error is the news; a list it cannot give adds nothing
      }
      throw h == null ? e : new ClientCommands.HintedRpcException(e, h);
    }
  }

  /** A hint when {@code name} is not one of {@code names}, else {@code null}. */
  private static String unknown(String name, List<String> names, String what) {
    return names.contains(name) ? null : Suggest.hint(name, names, what);
  }

  private String unknownResource(McpClient client) {
    List<String> uris = client.listAllResources().stream().map(dev.mcpkit.core.schema.Resource::uri).toList();
    if (uris.contains(uri)) {
      return null;
    }
    List<String> templates;
    try {
      templates = client.listAllResourceTemplates().stream().map(dev.mcpkit.core.schema.ResourceTemplate::uriTemplate)
          .toList();
    } catch (RuntimeException e) {
      templates = List.of();
    }
    return Suggest.hint(uri, uris, "the server's resources")
        + (templates.isEmpty() ? "" : "; its resource templates: " + Suggest.list(templates));
  }

  /** Every page of a list method, merged into one result. */
  private static JsonNode allPages(McpClient client, String method) {
    String key = switch (method) {
      case Methods.TOOLS_LIST -> "tools";
      case Methods.RESOURCES_LIST -> "resources";
      case Methods.RESOURCES_TEMPLATES_LIST -> "resourceTemplates";
      default -> "prompts";
    };
    ObjectNode merged = Json.object();
    var items = merged.putArray(key);
    String cursor = null;
    int pages = 0;
    do {
      ObjectNode params = Json.object();
      if (cursor != null) {
        params.put("cursor", cursor);
      }
      JsonNode page = client.request(method, params, RequestOptions.defaults());
      page.path(key).forEach(items::add);
      cursor = page.path("nextCursor").isString() ? page.get("nextCursor").asString() : null;
    } while (cursor != null && ++pages < 1000);
    return merged;
  }

  private static void require(String value, String option) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("this method needs " + option);
    }
  }

  private Map<String, String> parseArgs() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--arg: expected KEY=VALUE, got \"" + a + "\"");
      }
      m.put(a.substring(0, eq), a.substring(eq + 1));
    }
    return m;
  }

  /** {@code --args-json} plus {@code --arg} values, typed by the tool's input schema when it says "string". */
  private ObjectNode toolArguments(McpClient client) {
    ObjectNode arguments = Json.object();
    if (argsJson != null) {
      JsonNode parsed;
      try {
        parsed = Json.parse(argsJson);
      } catch (JacksonException e) {
        throw new IllegalArgumentException("--args-json is not valid JSON: " + e.getOriginalMessage());
      }
      if (!(parsed instanceof ObjectNode o)) {
        throw new IllegalArgumentException("--args-json must be a JSON object");
      }
      arguments.setAll(o);
    }
    Map<String, String> kv = parseArgs();
    if (kv.isEmpty() && arguments.isEmpty()) {
      return arguments;
    }
    JsonNode schema = null;
    for (Tool t : client.tools()) {
      if (t.name().equals(tool) && t.inputSchema() != null) {
        schema = t.inputSchema();
        break;
      }
    }
    JsonNode props = schema == null ? Json.object() : schema.path("properties");
    for (var e : kv.entrySet()) {
      String type = props.path(e.getKey()).path("type").asString("");
      if (type.equals("string")) {
        arguments.put(e.getKey(), e.getValue());
      } else {
        try {
          arguments.set(e.getKey(), Json.parse(e.getValue()));
        } catch (JacksonException ex) {
          arguments.put(e.getKey(), e.getValue());
        }
      }
    }
    if (schema != null) {
      warnUndeclared(schema, arguments);
    }
    return arguments;
  }

  /**
   * Warns about arguments the tool's input schema does not declare: a server may drop them without a word (a typo in
   * an optional argument's name then looks like the tool ignoring it). No warning when the schema allows other
   * properties ({@code additionalProperties} true or a schema, or {@code patternProperties}).
   */
  private void warnUndeclared(JsonNode schema, ObjectNode arguments) {
    JsonNode extra = schema.get("additionalProperties");
    if (!schema.path("properties").isObject() || schema.has("patternProperties")
        || (extra != null && (extra.isObject() || extra.asBoolean(false)))) {
      return;
    }
    List<String> declared = new ArrayList<>(schema.path("properties").propertyNames());
    PrintWriter err = spec.commandLine().getErr();
    for (String name : arguments.propertyNames()) {
      if (!declared.contains(name)) {
        String close = Suggest.closest(name, declared);
        // the declared names come from the server: the whole line goes through the sanitizer, suggestions included
        err.println(options.line("mcpkit: warning: the tool " + tool + " does not declare the argument \""
            + name + "\"" + (close == null ? "" : " (did you mean \"" + close + "\"?)")
            + "; the server may ignore it or refuse the call. Its arguments: "
            + (declared.isEmpty() ? "none" : Suggest.list(declared))));
      }
    }
    err.flush();
  }

  private static void human(String method, JsonNode result, McpClient client, HumanOutput h) {
    switch (method) {
      case Methods.TOOLS_LIST -> h.tools(result.path("tools"));
      case Methods.RESOURCES_LIST -> h.resources(result.path("resources"));
      case Methods.RESOURCES_TEMPLATES_LIST -> h.templates(result.path("resourceTemplates"));
      case Methods.PROMPTS_LIST -> h.prompts(result.path("prompts"));
      case Methods.TOOLS_CALL -> h.toolResult(result);
      case Methods.RESOURCES_READ -> result.path("contents").forEach(h::resourceContents);
      case Methods.PROMPTS_GET -> h.prompt(result);
      case Methods.PING, Methods.LOGGING_SET_LEVEL -> { }
      default -> ListCommand.describe(client, h);
    }
  }
}
