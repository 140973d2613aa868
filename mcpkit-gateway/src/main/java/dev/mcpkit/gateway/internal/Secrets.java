package dev.mcpkit.gateway.internal;

import dev.mcpkit.core.files.LocalFiles;
import dev.mcpkit.gateway.GatewayConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/**
 * Secrets the configuration file refers to but never holds: {@code {"env": "NAME"}} (an environment variable) or
 * {@code {"file": "PATH"}} (a file, relative to the configuration file; its content without the trailing line
 * break). A missing variable or file is an error naming the JSON path and the variable or file, never the value.
 */
public final class Secrets {

  private Secrets() {}

  /**
   * The secret a reference names.
   *
   * @param ref the {@code {"env"|"file": …}} object (the schema has checked its shape)
   * @param path its JSON path, for errors
   * @param file the configuration file (relative paths are resolved against its folder)
   * @param env the environment
   * @throws GatewayConfigException naming the path when the variable is unset or empty, or the file unreadable
   */
  public static String resolve(JsonNode ref, String path, Path file, java.util.function.Function<String, String> env) {
    if (ref.has("env")) {
      String name = ref.get("env").asString();
      String v = env.apply(name);
      if (v == null || v.isEmpty()) {
        throw invalid(file, path + "/env", "the environment variable " + name + " is not set");
      }
      return v;
    }
    String name = ref.path("file").asString();
    Path p = name.startsWith("~/") ? Path.of(System.getProperty("user.home")).resolve(name.substring(2))
        : file.toAbsolutePath().getParent() == null ? Path.of(name) : file.toAbsolutePath().getParent().resolve(name);
    try {
      String v = LocalFiles.readString(p, "the secret file").strip();
      if (v.isEmpty()) {
        throw invalid(file, path + "/file", "the secret file " + p + " is empty");
      }
      return v;
    } catch (IllegalArgumentException e) { // not a regular file, or larger than any secret
      throw invalid(file, path + "/file", e.getMessage());
    } catch (IOException e) {
      throw invalid(file, path + "/file", "cannot read the secret file " + p + " (" + e.getClass().getSimpleName()
          .replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT) + ")");
    }
  }

  static GatewayConfigException invalid(Path file, String path, String message) {
    return new GatewayConfigException("the configuration file " + file + " is invalid: " + path + ": " + message);
  }
}
