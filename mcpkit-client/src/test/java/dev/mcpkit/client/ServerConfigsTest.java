package dev.mcpkit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.client.config.ServerConfigs;
import dev.mcpkit.client.config.ServerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The host configuration formats and their variable substitution. */
class ServerConfigsTest {

  @TempDir Path tmp;

  private Path write(String name, String text) throws Exception {
    Path p = tmp.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  private static final ServerConfigs.Inputs NO_INPUT = (id, def) -> {
    throw new IllegalArgumentException("no input " + id);
  };

  @Test
  void vsCodeJsoncWithInputsWorkspaceFolderAndNullEnv() throws Exception {
    Path f = write(".vscode/mcp.json", """
        {
          // a comment
          "inputs": [{"type": "promptString", "id": "key", "description": "API key", "password": true}],
          "servers": {
            "weather": {"type": "stdio", "command": "java", "args": ["-jar", "${workspaceFolder}/w.jar", "${/}x"],
                        "env": {"KEY": "${input:key}", "JAVA_TOOL_OPTIONS": null}, "cwd": "${workspaceFolder}"},
            "tickets": {"type": "http", "url": "https://mcp.example.com/mcp", "headers": {"X-Home": "${userHome}"}},
          },
        }
        """);
    ServerConfigs c = ServerConfigs.read(f);
    assertThat(c.names()).containsExactly("weather", "tickets");
    ServerSpec s = c.server("weather", (id, def) -> id + ":" + def.path("description").asString());
    assertThat(s.isStdio()).isTrue();
    assertThat(s.argv()).containsExactly("java", "-jar", tmp + "/w.jar", java.io.File.separator + "x");
    assertThat(s.env()).containsEntry("KEY", "key:API key").containsEntry("JAVA_TOOL_OPTIONS", null);
    assertThat(s.cwd()).isEqualTo(tmp.toString());
    ServerSpec h = c.server("tickets", NO_INPUT);
    assertThat(h.transport()).isEqualTo("http");
    assertThat(h.headers()).containsEntry("X-Home", System.getProperty("user.home"));
  }

  @Test
  void mcpServersFamilyWithClaudeCodeAndCursorVariables() throws Exception {
    Path f = write("mcp.json", """
        {"mcpServers": {
          "local": {"command": "node", "args": ["server.js", "${HOME}", "${MCPKIT_SURELY_UNSET:-fallback}"]},
          "remote": {"url": "http://127.0.0.1:9/mcp", "headers": {"Authorization": "Bearer ${env:HOME}"}},
          "legacy": {"type": "sse", "url": "http://127.0.0.1:9/sse"},
          "broken": {"command": "node", "args": ["${MCPKIT_SURELY_UNSET}"]}
        }, "globalShortcut": "x"}
        """);
    ServerConfigs c = ServerConfigs.read(f);
    assertThat(c.server("local", NO_INPUT).argv()).containsExactly("node", "server.js", System.getenv("HOME"), "fallback");
    assertThat(c.server("remote", NO_INPUT).headers()).containsEntry("Authorization", "Bearer " + System.getenv("HOME"));
    assertThat(c.server("legacy", NO_INPUT).transport()).isEqualTo("sse");
    assertThatThrownBy(() -> c.server("broken", NO_INPUT)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs the environment variable MCPKIT_SURELY_UNSET");
    assertThatThrownBy(() -> c.server("nope", NO_INPUT)).hasMessageContaining("no server named \"nope\"")
        .hasMessageContaining("local, remote, legacy, broken");
  }

  @Test
  void badFilesFailClearly() throws Exception {
    assertThatThrownBy(() -> ServerConfigs.read(write("a.json", "{\"servers\": ")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not valid JSON at line 1, column ")
        .hasMessageContaining("the file ends before the JSON does").hasMessageNotContaining("Source")
        .hasMessageNotContaining("REDACTED");
    assertThatThrownBy(() -> ServerConfigs.read(write("b.json", "{\"other\": {}}")))
        .hasMessageContaining("has no servers");
    assertThatThrownBy(() -> ServerConfigs.read(tmp.resolve("missing.json")))
        .hasMessage("no such file: " + tmp.resolve("missing.json"));
    Path weird = write("c.json", "{\"mcpServers\": {\"x\": {\"type\": \"websocket\", \"url\": \"ws://x\"}}}");
    assertThatThrownBy(() -> ServerConfigs.read(weird).server("x", NO_INPUT)).hasMessageContaining("unknown type \"websocket\"");
    Map<String, String> unused = Map.of();
    assertThat(unused).isEmpty();
  }
  /**
   * A downloaded file with a key twice is refused, so it cannot show one command to the person reading it and
   * run another; settings of the wrong JSON type are errors naming the key, never a silent coercion ({} read
   * as "") or an object's JSON text passed as an argument.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "{\"mcpServers\":{\"x\":{\"command\":\"npx\",\"args\":[\"safe\"],\"command\":\"sh\"}}}          | duplicate key \"command\"",
      "{\"mcpServers\":{\"x\":{\"command\":{}}}}                                                  | \"command\" must be a string",
      "{\"mcpServers\":{\"x\":{\"command\":\"npx\",\"args\":[{\"a\":1}]}}}                      | \"args\" must be strings",
      "{\"mcpServers\":{\"x\":{\"command\":\"npx\",\"env\":{\"K\":[1]}}}}                        | \"env\" must be strings",
      "{\"mcpServers\":{\"x\":{\"command\":\"npx\",\"cwd\":1e400}}}                              | \"cwd\" must be a string",
      "{\"mcpServers\":{\"x\":{\"type\":{},\"url\":\"http://127.0.0.1/mcp\"}}}                    | \"type\" must be a string",
      "{\"mcpServers\":{\"x\":{\"url\":[\"http://127.0.0.1/mcp\"]}}}                              | \"url\" must be a string",
      "{\"mcpServers\":{\"x\":{\"url\":\"http://127.0.0.1/mcp\",\"headers\":{\"A\":{}}}}}         | \"headers\" must be strings",
      "{\"mcpServers\":{\"x\":{\"url\":\"http://127.0.0.1/mcp\"}},}/* trailing */ x                  | not valid JSON at line 1, column 68: unexpected text \"x\""})
  void duplicateKeysAndWrongTypesAreErrorsNamingTheKey(String json, String named) throws Exception {
    Path f = write("d.json", json);
    assertThatThrownBy(() -> ServerConfigs.read(f).server("x", NO_INPUT)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(named).satisfies(e -> assertThat(e.getMessage()).doesNotContain("JsonToken")
            .doesNotContain("code ").doesNotContainIgnoringCase("jackson"));
  }

  @Test
  void numbersAndBooleansInArgsAreWrittenAsIs() throws Exception {
    Path f = write("n.json", "{\"mcpServers\":{\"x\":{\"command\":\"srv\",\"args\":[\"--port\",8080,true],"
        + "\"env\":{\"N\":1.5}}}}");
    ServerSpec s = ServerConfigs.read(f).server("x", NO_INPUT);
    assertThat(s.argv()).containsExactly("srv", "--port", "8080", "true");
    assertThat(s.env()).containsEntry("N", "1.5");
  }
}
