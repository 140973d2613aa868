package dev.mcpkit.guard;

import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.ServerInfo;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.schema.ServerCapabilities;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Everything one server shows a model, as one JSON document: {@code serverInfo}, {@code instructions}, {@code tools},
 * {@code prompts}, {@code resources}, {@code resourceTemplates}. Findings point into it with JSON pointers.
 *
 * @param label how reports name the server (its URL, its command, its name in a config file)
 * @param document the surface; a kind the server does not offer is an empty array
 */
public record ServerSurface(String label, JsonNode document) {

  /** Lists everything the connected server offers (every page), as the client reads it. */
  public static ServerSurface fetch(String label, McpClient client) {
    ServerInfo info = client.serverInfo();
    ServerCapabilities caps = info.capabilities();
    ObjectNode doc = Json.object();
    doc.set("serverInfo", info.implementation() == null ? Json.object() : Json.tree(info.implementation()));
    if (info.instructions() != null) {
      doc.put("instructions", info.instructions());
    }
    doc.set("tools", caps.tools() == null ? Json.array() : Json.tree(client.listAllTools()));
    doc.set("prompts", caps.prompts() == null ? Json.array() : Json.tree(client.listAllPrompts()));
    doc.set("resources", caps.resources() == null ? Json.array() : Json.tree(client.listAllResources()));
    doc.set("resourceTemplates", caps.resources() == null ? Json.array()
        : Json.tree(client.listAllResourceTemplates()));
    return new ServerSurface(label, doc);
  }

  /** The names of the server's tools. */
  public java.util.List<String> toolNames() {
    java.util.List<String> names = new java.util.ArrayList<>();
    document.path("tools").forEach(t -> names.add(t.path("name").asString("")));
    return names;
  }
}
