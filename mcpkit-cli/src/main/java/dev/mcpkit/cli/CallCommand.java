package dev.mcpkit.cli;

import dev.mcpkit.client.ClientHandlers;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.RequestOptions;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.Methods;
import dev.mcpkit.core.schema.Tool;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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
    footer = ExitCodes.HELP)
final class CallCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ClientOptions options;
  @Mixin AuthOptions auth;

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

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ClientCommands.Split split = ClientCommands.split(spec, positional);
    List<String> words = split.words();
    String target;
    String method;
    if (!split.command().isEmpty()) {
      if (words.size() != 1) {
        return usage(err, "with a stdio command, give exactly one METHOD before --");
      }
      target = null;
      method = words.getFirst();
    } else {
      if (words.size() != 2) {
        return usage(err, "expected TARGET and METHOD");
      }
      target = words.get(0);
      method = words.get(1);
    }
    return ClientCommands.withSignIn(options, auth, target, split.command(), ClientHandlers.none(), out, err, client -> {
      JsonNode result = run(client, method);
      boolean toolError = method.equals(Methods.TOOLS_CALL) && result.path("isError").asBoolean(false);
      if (options.json) {
        out.println(options.json(HumanOutput.json(result)));
      } else {
        human(method, result, client, new HumanOutput(out));
      }
      out.flush();
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
        client.ping();
        yield Json.object();
      }
      case Methods.TOOLS_LIST, Methods.RESOURCES_LIST, Methods.RESOURCES_TEMPLATES_LIST, Methods.PROMPTS_LIST -> allPages(client, method);
      case Methods.TOOLS_CALL -> {
        require(tool, "--tool");
        ObjectNode params = Json.object();
        params.put("name", tool);
        params.set("arguments", toolArguments(client));
        yield client.request(method, params, ro);
      }
      case Methods.RESOURCES_READ -> {
        require(uri, "--uri");
        ObjectNode params = Json.object();
        params.put("uri", uri);
        yield client.request(method, params, ro);
      }
      case Methods.PROMPTS_GET -> {
        require(prompt, "--prompt");
        ObjectNode params = Json.object();
        params.put("name", prompt);
        ObjectNode a = params.putObject("arguments");
        parseArgs().forEach(a::put);
        yield client.request(method, params, ro);
      }
      case Methods.LOGGING_SET_LEVEL -> {
        require(level, "--level");
        client.setLoggingLevel(dev.mcpkit.core.schema.LoggingLevel.of(level));
        yield Json.object();
      }
      default -> throw new IllegalArgumentException("unknown method \"" + method + "\"; see " + Main.command() + " call --help");
    };
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
    if (kv.isEmpty()) {
      return arguments;
    }
    JsonNode props = Json.object();
    for (Tool t : client.tools()) {
      if (t.name().equals(tool) && t.inputSchema() != null) {
        props = t.inputSchema().path("properties");
        break;
      }
    }
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
    return arguments;
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
