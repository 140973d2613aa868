package dev.mcpkit.client.config;


import dev.mcpkit.core.files.LocalFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the MCP server configuration files of the common hosts: VS Code {@code mcp.json}
 * ({@code servers} + {@code inputs}, JSONC), Claude Desktop and Cursor ({@code mcpServers}),
 * Claude Code {@code .mcp.json} and {@code ~/.claude.json} ({@code mcpServers}, also per project).
 * Variables are resolved when an entry is used: {@code ${env:NAME}}, {@code ${NAME}}, {@code
 * ${NAME:-default}}, {@code ${input:id}}, {@code ${workspaceFolder}}, {@code ${userHome}}, {@code
 * ${cwd}}, {@code ${pathSeparator}} and {@code ${/}}. A variable that cannot be resolved is an
 * error naming it; nothing is ever passed to a shell. The values taken from the environment or an
 * input are listed in {@link ServerSpec#secrets()}, so that messages about the entry can hide them.
 */
public final class ServerConfigs {

  /** Supplies {@code ${input:id}} values (VS Code's {@code inputs}). */
  @FunctionalInterface
  public interface Inputs {
    /**
     * The value for an input.
     *
     * @param definition the matching entry of {@code inputs}, or {@code null}
     * @throws IllegalArgumentException when the value cannot be had (no terminal to ask)
     */
    String value(String id, JsonNode definition);
  }

  /**
   * JSON with comments and trailing commas (VS Code's JSONC), but a key twice is an error as in every JSON
   * mcpkit reads: with last-wins, a downloaded file could show one {@code command} to the person reading it
   * and run another.
   */
  private static final JsonMapper JSONC = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();
  private static final Pattern VAR = Pattern.compile("\\$\\{([^}]*)}");

  private final Path file;
  private final JsonNode root;
  private final JsonNode servers;

  private ServerConfigs(Path file, JsonNode root, JsonNode servers) {
    this.file = file;
    this.root = root;
    this.servers = servers;
  }

  /**
   * Reads a configuration file.
   *
   * @throws IllegalArgumentException when it cannot be read, is not JSON(C), or holds no servers
   */
  public static ServerConfigs read(Path file) {
    JsonNode root;
    try {
      root = JSONC.readTree(LocalFiles.readString(file, "the configuration file"));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no such file: " + file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the configuration file " + file + ": " + e.getMessage());
    } catch (JacksonException e) {
      throw new IllegalArgumentException(JsonSyntax.describe(file, e));
    }
    JsonNode servers = root == null ? null : root.get("mcpServers");
    if (servers == null && root != null) {
      servers = root.get("servers");
    }
    if (servers == null && root != null) {
      servers = root.path("mcp").get("servers");
    }
    if (servers == null && root != null && root.get("projects") instanceof JsonNode projects && projects.isObject()) {
      servers = projects.path(Path.of("").toAbsolutePath().toString()).get("mcpServers");
    }
    if (servers == null || !servers.isObject()) {
      throw new IllegalArgumentException("the configuration file " + file
          + " has no servers (expected \"mcpServers\" or \"servers\")");
    }
    return new ServerConfigs(file, root, servers);
  }

  /** The server names, in file order. */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    servers.properties().forEach(e -> names.add(e.getKey()));
    return names;
  }

  /** Resolves one entry. */
  public ServerSpec server(String name, Inputs inputs) {
    JsonNode s = servers.get(name);
    if (s == null || !s.isObject()) {
      throw new IllegalArgumentException("no server named \"" + name + "\" in " + file + " (it has: "
          + String.join(", ", names()) + ")");
    }
    if (s.path("transport").isObject()) { // a legacy nested form seen in some files
      s = s.get("transport");
    }
    Set<String> secrets = new LinkedHashSet<>();
    Function<String, String> sub = text -> substitute(text, inputs, secrets);
    String where = "server \"" + name + "\" in " + file;
    String type = Objects.requireNonNullElse(text(s, "type", where), Objects.requireNonNullElse(
        text(s, "transportType", where), "")).toLowerCase(Locale.ROOT);
    if (type.isEmpty()) {
      type = s.has("command") ? "stdio" : s.has("url") || s.has("serverUrl") ? "http" : "";
    }
    switch (type) {
      case "stdio" -> {
        String command = Objects.requireNonNullElse(text(s, "command", where), "");
        if (command.isBlank()) {
          throw new IllegalArgumentException("server \"" + name + "\" in " + file + " has no command");
        }
        List<String> argv = new ArrayList<>();
        argv.add(sub.apply(command));
        s.path("args").forEach(a -> argv.add(sub.apply(scalar(a, "args", where))));
        Map<String, String> env = new LinkedHashMap<>();
        for (var e : s.path("env").properties()) {
          JsonNode v = e.getValue();
          env.put(e.getKey(), v.isNull() ? null : sub.apply(scalar(v, "env", where)));
        }
        String cwd = text(s, "cwd", where) != null ? sub.apply(text(s, "cwd", where)) : null;
        return ServerSpec.builder()
            .name(name)
            .transport("stdio")
            .argv(List.copyOf(argv))
            .env(Collections.unmodifiableMap(env))
            .cwd(cwd)
            .headers(Map.of())
            .secrets(secrets).build();
      }
      case "http", "streamable-http", "streamablehttp", "sse" -> {
        String url = Objects.requireNonNullElse(text(s, "url", where), Objects.requireNonNullElse(
            text(s, "serverUrl", where), ""));
        if (url.isBlank()) {
          throw new IllegalArgumentException("server \"" + name + "\" in " + file + " has no url");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (var e : s.path("headers").properties()) {
          headers.put(e.getKey(), sub.apply(e.getValue().isNull() ? "" : scalar(e.getValue(), "headers", where)));
        }
        String resolved = sub.apply(url);
        return ServerSpec.builder()
            .name(name)
            .transport(type.equals("sse") ? "sse" : "http")
            .argv(List.of())
            .env(Map.of())
            .url(resolved)
            .headers(Map.copyOf(headers))
            .secrets(secrets).build();
      }
      default -> throw new IllegalArgumentException("server \"" + name + "\" in " + file + " has an unknown type \""
          + type + "\" (expected stdio, http or sse)");
    }
  }

  /** A string setting, or {@code null} when absent or null; another type is an error naming the key. */
  private static String text(JsonNode s, String key, String where) {
    JsonNode v = s.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isString()) {
      throw new IllegalArgumentException(where + ": \"" + key + "\" must be a string");
    }
    return v.asString();
  }

  /** An argument, environment or header value: a string, or a number or boolean as written; never an object. */
  private static String scalar(JsonNode v, String key, String where) {
    if (v.isString()) {
      return v.asString();
    }
    if (v.isNumber() || v.isBoolean()) {
      return v.toString(); // "--port", 8080 is common in hand-written files
    }
    throw new IllegalArgumentException(where + ": the values of \"" + key + "\" must be strings");
  }

  /** Resolves the variables of {@code text}; values from the environment or an input are added to {@code secrets}. */
  private String substitute(String text, Inputs inputs, Set<String> secrets) {
    Matcher m = VAR.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = m.group(1);
      String value = variable(v, inputs);
      if (isSecret(v) && value != null && !value.isBlank()) {
        secrets.add(value);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Environment variables and inputs may hold secrets (tokens, keys); the path variables do not. */
  private static boolean isSecret(String v) {
    return v.startsWith("env:") || v.startsWith("input:") || v.matches("[A-Za-z_][A-Za-z0-9_]*(:-.*)?");
  }

  private String variable(String v, Inputs inputs) {
    Path workspace = workspaceFolder();
    switch (v) {
      case "workspaceFolder", "cwd" -> {
        return v.equals("cwd") ? Path.of("").toAbsolutePath().toString() : workspace.toString();
      }
      case "workspaceFolderBasename" -> {
        return workspace.getFileName() == null ? "" : workspace.getFileName().toString();
      }
      case "userHome" -> {
        return System.getProperty("user.home");
      }
      case "pathSeparator", "/" -> {
        return java.io.File.separator;
      }
      default -> { }
    }
    if (v.startsWith("env:")) {
      return env(v.substring(4), null);
    }
    if (v.startsWith("input:")) {
      String id = v.substring(6);
      JsonNode def = null;
      for (JsonNode i : root.path("inputs")) {
        if (id.equals(i.path("id").asString(""))) {
          def = i;
        }
      }
      return inputs.value(id, def);
    }
    if (v.matches("[A-Za-z_][A-Za-z0-9_]*(:-.*)?")) { // Claude Code: ${VAR} and ${VAR:-default}
      int d = v.indexOf(":-");
      return d < 0 ? env(v, null) : env(v.substring(0, d), v.substring(d + 2));
    }
    throw new IllegalArgumentException("the configuration file " + file + " uses ${" + v + "}, which mcpkit cannot resolve");
  }

  private String env(String name, String fallback) {
    String value = System.getenv(name);
    if (value != null) {
      return value;
    }
    if (fallback != null) {
      return fallback;
    }
    throw new IllegalArgumentException("the configuration file " + file + " needs the environment variable " + name
        + ", which is not set");
  }

  /** VS Code's workspace folder: the parent of {@code .vscode} for a workspace file, else the file's folder. */
  private Path workspaceFolder() {
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null && dir.getFileName() != null && (dir.getFileName().toString().equals(".vscode")
        || dir.getFileName().toString().equals(".cursor"))) {
      return dir.getParent();
    }
    return dir == null ? Path.of("").toAbsolutePath() : dir;
  }

}
