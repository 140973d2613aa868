package dev.mcpkit.inspector;

import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.ServerInfo;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.guard.Pins;
import dev.mcpkit.guard.ServerPin;
import dev.mcpkit.guard.ServerSurface;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A server's whole surface as one JSON document (the format is documented in the module README):
 * {@code format} ({@code "mcpkit-snapshot"}), {@code version} ({@value #VERSION}), {@code protocolVersion},
 * {@code serverInfo}, {@code capabilities}, {@code instructions}, {@code tools}, {@code prompts}, {@code resources},
 * {@code resourceTemplates} (each as listed, schemas included) and {@code hashes}: per definition the hash the guard
 * pins ({@link Pins}: SHA-256 of the RFC 8785 form), under the lock file's keys ({@code tools/NAME}, ...), so that a
 * snapshot and a pin lock agree. No time stamp: a snapshot of an unchanged server is byte for byte the same, so it
 * can be committed and diffed.
 *
 * @param document the snapshot document
 */
public record Snapshot(JsonNode document) {

  /** The format version this code writes and reads. */
  public static final int VERSION = 1;
  /** The value of the {@code format} field. */
  public static final String FORMAT = "mcpkit-snapshot";

  /** Checks the format and version. */
  public Snapshot {
    if (document == null || !document.isObject() || !FORMAT.equals(document.path("format").asString(""))) {
      throw new IllegalArgumentException("not an mcpkit snapshot (its \"format\" must be \"" + FORMAT + "\")");
    }
    int v = document.path("version").asInt(-1);
    if (v != VERSION) {
      throw new IllegalArgumentException("snapshot version " + document.path("version")
          + " is not supported (this mcpkit reads version " + VERSION + ")");
    }
  }

  /** Lists everything the connected server offers (every page) and records it. */
  public static Snapshot take(McpClient client) {
    ServerInfo info = client.serverInfo();
    JsonNode surface = ServerSurface.fetch("", client).document();
    ObjectNode doc = Json.object();
    doc.put("format", FORMAT);
    doc.put("version", VERSION);
    doc.put("protocolVersion", info.protocolVersion().id());
    doc.set("serverInfo", surface.path("serverInfo"));
    doc.set("capabilities", info.capabilities() == null ? Json.object() : Json.tree(info.capabilities()));
    if (surface.path("instructions").isString()) {
      doc.set("instructions", surface.get("instructions"));
    }
    for (String kind : Pins.kinds()) {
      doc.set(kind, surface.path(kind));
    }
    // The guard's own hashing, so that the hashes equal those of a pin lock of the same server.
    ServerPin pin = Pins.pin(new ServerSurface("", surface), null, List.of());
    ObjectNode hashes = doc.putObject("hashes");
    pin.definitions().forEach((key, def) -> hashes.put(key, def.sha256()));
    return new Snapshot(doc);
  }

  /**
   * Reads a snapshot from its JSON text.
   *
   * @throws IllegalArgumentException when the text is not JSON or not a snapshot of a version this code reads
   */
  public static Snapshot parse(String json) {
    JsonNode node;
    try {
      node = Json.parse(json);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage());
    }
    return new Snapshot(node);
  }

  /** The snapshot as indented JSON text. */
  public String toJson() {
    return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(document);
  }

  /** The definitions of one kind ({@code tools}, {@code prompts}, {@code resources}, {@code resourceTemplates}). */
  public JsonNode definitions(String kind) {
    return document.path(kind);
  }

  /** The pin hash of a definition by its lock-file key ({@code tools/NAME}), or {@code null}. */
  public String hash(String key) {
    JsonNode h = document.path("hashes").path(key);
    return h.isString() ? h.asString() : null;
  }
}
