package dev.mcpkit.guard;

import dev.mcpkit.core.files.LocalFiles;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.guard.internal.Canonical;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The lock file {@code mcpkit-lock.json}: the pins of each server, meant to be committed next to the host
 * configuration. Immutable; {@link #with} gives a new lock.
 *
 * <pre>{@code
 * {"version": 1,
 *  "servers": {
 *    "calc": {                                     // the config's server name, or the URL / command line scanned
 *      "identity": {"name": "calc", "origin": "http://127.0.0.1:8080"},   // or "command": ["node", "calc.js"]
 *      "definitions": {
 *        "instructions": {"sha256": "sha256:...", "definition": "Use add for sums."},
 *        "tools/add": {"sha256": "sha256:...", "definition": {"description": "Adds two numbers.", ...}}}}}}
 * }</pre>
 *
 * {@code definition} is the RFC 8785 form of what was pinned, so that a change can be shown as a diff; its hash is
 * checked when the file is read, so a hand-edited definition is refused rather than trusted. Servers and definitions
 * are written sorted, so the file diffs well in version control.
 */
public final class PinLock {

  /** The lock file's name, looked for in the working directory by {@code mcpkit scan}. */
  public static final String FILE_NAME = "mcpkit-lock.json";
  /** The format version this mcpkit reads and writes. */
  public static final int VERSION = 1;

  private final SortedMap<String, ServerPin> servers;

  private PinLock(Map<String, ServerPin> servers) {
    this.servers = Collections.unmodifiableSortedMap(new TreeMap<>(servers));
  }

  /** A lock without servers. */
  public static PinLock empty() {
    return new PinLock(Map.of());
  }

  /** The pinned servers, by key, sorted. */
  public SortedMap<String, ServerPin> servers() {
    return servers;
  }

  /** The pins of one server. */
  public Optional<ServerPin> server(String key) {
    return Optional.ofNullable(servers.get(key));
  }

  /** This lock with {@code key} pinned as {@code pin} (added, or replacing the earlier pins: re-approval). */
  public PinLock with(String key, ServerPin pin) {
    Map<String, ServerPin> copy = new TreeMap<>(servers);
    copy.put(key, pin);
    return new PinLock(copy);
  }

  /**
   * Reads a lock file.
   *
   * @throws IllegalArgumentException naming the file and the problem: unreadable, larger than 16 MiB, not JSON,
   *     another version, a missing field, a definition that does not match its hash
   */
  public static PinLock read(Path file) {
    byte[] bytes;
    try {
      bytes = LocalFiles.read(file, "the lock file");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the lock file " + file + ": " + e.getMessage());
    }
    JsonNode root;
    try {
      root = Json.parse(bytes);
    } catch (JacksonException | IllegalArgumentException e) {
      throw new IllegalArgumentException("the lock file " + file + " is not valid JSON: " + e.getMessage());
    }
    return parse(root, file.toString());
  }

  /** The lock in {@code root}, its errors naming {@code file} (a path, or where else it was read from). */
  static PinLock parse(JsonNode root, String file) {
    if (!root.isObject() || !root.path("servers").isObject()) {
      throw new IllegalArgumentException(file + ": expected a JSON object with \"version\" and \"servers\"");
    }
    if (root.path("version").asInt(0) != VERSION) {
      throw new IllegalArgumentException(file + ": \"version\" must be " + VERSION + " (this mcpkit reads lock files"
          + " of version " + VERSION + ")");
    }
    Map<String, ServerPin> servers = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> s : root.get("servers").properties()) {
      String at = file + ", server \"" + s.getKey() + "\"";
      JsonNode id = s.getValue().path("identity");
      if (!id.isObject() || !s.getValue().path("definitions").isObject()) {
        throw new IllegalArgumentException(at + ": \"identity\" and \"definitions\" are required");
      }
      List<String> command = new ArrayList<>();
      id.path("command").forEach(c -> command.add(c.asString("")));
      ServerPin.Identity identity = new ServerPin.Identity(id.path("name").asString(""),
          id.path("origin").isString() ? id.get("origin").asString() : null, command);
      Map<String, ServerPin.Definition> defs = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> d : s.getValue().get("definitions").properties()) {
        JsonNode def = d.getValue().get("definition");
        String sha = d.getValue().path("sha256").asString("");
        if (def == null || sha.isEmpty()) {
          throw new IllegalArgumentException(at + ", definition \"" + d.getKey() + "\": \"sha256\" and"
              + " \"definition\" are required");
        }
        String canonical = Canonical.json(def);
        if (!Canonical.sha256(canonical).equals(sha)) {
          throw new IllegalArgumentException(at + ", definition \"" + d.getKey() + "\": the definition does not"
              + " match its sha256 (edited by hand?); pin again with mcpkit scan --pin");
        }
        defs.put(d.getKey(), new ServerPin.Definition(sha, canonical, null));
      }
      servers.put(s.getKey(), new ServerPin(identity, defs));
    }
    return new PinLock(servers);
  }

  /** The lock as JSON (the file's content). */
  public ObjectNode json() {
    ObjectNode root = Json.object().put("version", VERSION);
    ObjectNode list = root.putObject("servers");
    servers.forEach((key, pin) -> {
      ObjectNode s = list.putObject(key);
      ObjectNode id = s.putObject("identity").put("name", pin.identity().name());
      if (pin.identity().origin() != null) {
        id.put("origin", pin.identity().origin());
      } else {
        pin.identity().command().forEach(id.putArray("command")::add);
      }
      ObjectNode defs = s.putObject("definitions");
      pin.definitions().forEach((k, d) -> defs.putObject(k).put("sha256", d.sha256())
          .set("definition", Json.parse(d.canonical())));
    });
    return root;
  }

  /** Writes the lock (pretty-printed, through a temporary file and a move, so a reader never sees half a file). */
  public void write(Path file) {
    try {
      Path abs = file.toAbsolutePath();
      Path tmp = Files.createTempFile(abs.getParent(), ".mcpkit-lock", ".tmp");
      Files.writeString(tmp, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json()) + "\n",
          StandardCharsets.UTF_8);
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the lock file " + file + ": " + e.getMessage(), e);
    }
  }
}
