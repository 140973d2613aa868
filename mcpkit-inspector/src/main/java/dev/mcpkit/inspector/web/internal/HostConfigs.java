package dev.mcpkit.inspector.web.internal;

import dev.mcpkit.client.config.ServerConfigs;
import dev.mcpkit.client.config.ServerSpec;
import dev.mcpkit.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;

/**
 * The host configuration files the page offers servers from: VS Code, Claude Code and Cursor files in the project, and
 * Cursor, Claude Code and Claude Desktop files in the home directory. Only these files are ever read: the API names a
 * file by its path, and a path that is not one of them is refused (the page cannot make the inspector read any file).
 */
final class HostConfigs {

  private final Path project;
  private final Path home;

  HostConfigs(Path project, Path home) {
    this.project = project;
    this.home = home;
  }

  List<Path> candidates() {
    return List.of(project.resolve(".vscode/mcp.json"), project.resolve(".mcp.json"), project.resolve(".cursor/mcp.json"),
        home.resolve(".cursor/mcp.json"), home.resolve(".claude.json"),
        home.resolve("Library/Application Support/Claude/claude_desktop_config.json"),
        home.resolve(".config/Claude/claude_desktop_config.json"),
        home.resolve("AppData/Roaming/Claude/claude_desktop_config.json"));
  }

  /** The files found, each with its server names (or why it cannot be read). */
  ArrayNode list() {
    ArrayNode out = Json.array();
    for (Path f : candidates()) {
      if (!Files.isRegularFile(f)) {
        continue;
      }
      var o = out.addObject().put("file", f.toString());
      try {
        var names = o.putArray("servers");
        ServerConfigs.read(f).names().forEach(names::add);
      } catch (IllegalArgumentException e) {
        o.remove("servers");
        o.put("error", e.getMessage());
      }
    }
    return out;
  }

  /** One entry of one of the offered files; {@code ${input:...}} values cannot be asked here. */
  ServerSpec server(String file, String name) {
    Path f = candidates().stream().filter(c -> c.toString().equals(file)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("not one of the configuration files the inspector offers"));
    return ServerConfigs.read(f).server(name, (id, def) -> {
      throw new IllegalArgumentException("the entry asks for ${input:" + id + "}: start mcpkit inspect --config "
          + f + " " + name + " --input " + id + "=VALUE instead");
    });
  }
}
