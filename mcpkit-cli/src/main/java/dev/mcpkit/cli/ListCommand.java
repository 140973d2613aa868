package dev.mcpkit.cli;

import dev.mcpkit.client.ClientHandlers;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.McpClientException;
import dev.mcpkit.client.McpConnectionException;
import dev.mcpkit.client.ServerInfo;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.schema.ServerCapabilities;
import dev.mcpkit.core.text.PeerText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code mcpkit list}: what a server offers, as readable tables (or JSON). */
@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Lists a server's tools, resources, resource templates and prompts.",
        "",
        "  mcpkit list <url>",
        "  mcpkit list --config FILE <server-name>",
        "  mcpkit list -- <command> [args...]      (stdio; never run through a shell)"},
    footer = ExitCodes.GUARDED_HELP)
final class ListCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ClientOptions options;
  @Mixin AuthOptions auth;
  @Mixin TargetArgs targetArgs;
  @Mixin GuardOptions guard;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ClientCommands.Split split = targetArgs.split();
    if (split == null) {
      return ExitCodes.USAGE;
    }
    String target = split.target();
    if (!guard.install(options, err, "list")) {
      return ExitCodes.USAGE;
    }
    return ClientCommands.withSignIn(options, auth, target, split.command(), ClientHandlers.none(), out, err, client -> {
      ServerCapabilities caps = client.serverInfo().capabilities();
      ObjectNode all = Json.object();
      all.set("server", Json.tree(client.serverInfo()));
      List<String> problems = new ArrayList<>();
      section(all, "tools", caps.tools() != null, () -> Json.tree(client.listAllTools()), problems);
      section(all, "resources", caps.resources() != null, () -> Json.tree(client.listAllResources()), problems);
      section(all, "resourceTemplates", caps.resources() != null, () -> Json.tree(client.listAllResourceTemplates()), problems);
      section(all, "prompts", caps.prompts() != null, () -> Json.tree(client.listAllPrompts()), problems);
      if (options.json) {
        out.println(options.json(HumanOutput.json(all)));
      } else {
        HumanOutput h = new HumanOutput(out);
        describe(client, h);
        h.tools(all.path("tools"));
        h.resources(all.path("resources"));
        h.templates(all.path("resourceTemplates"));
        h.prompts(all.path("prompts"));
      }
      out.flush();
      problems.forEach(p -> err.println("mcpkit: " + options.block(p)));
      boolean hid = guard.reportHidden(options, err);
      return !problems.isEmpty() ? ExitCodes.PROTOCOL : hid ? ExitCodes.GUARD_BLOCKED : ExitCodes.OK;
    });
  }

  /** Lists one kind when the server declares it; an error there is reported, the others still listed. */
  private static void section(ObjectNode all, String key, boolean offered, Supplier<JsonNode> list, List<String> problems) {
    if (!offered) {
      all.putArray(key);
      return;
    }
    try {
      all.set(key, list.get());
    } catch (McpConnectionException | dev.mcpkit.client.McpAuthorizationException e) {
      throw e; // a sign-in (or its failure) concerns the whole command, not one section
    } catch (McpClientException e) {
      all.putArray(key);
      problems.add("listing " + key + " failed: " + e.getMessage());
    }
  }

  static void describe(McpClient client, HumanOutput h) {
    ServerInfo info = client.serverInfo();
    String name = info.implementation() == null ? "(unnamed server)"
        : PeerText.line(info.implementation().name(), 80) + " " + PeerText.line(info.implementation().version(), 40);
    h.table("SERVER", List.of("NAME", "PROTOCOL", "TRANSPORT"),
        List.of(List.of(name, info.protocolVersion().id() + (info.era().usesInitialize() ? " (session)" : " (stateless)"), info.transport())));
  }
}
