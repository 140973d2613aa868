package dev.mcpkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.core.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration file: the README's example, the include form, and errors that name the JSON path. */
class GatewayConfigTest {

  @TempDir Path dir;

  @Test
  void theReadmeExampleLoads() throws Exception {
    String readme = Files.readString(Repo.root().resolve("mcpkit-gateway/README.md"));
    Matcher m = Pattern.compile("```json\n(\\{\n  \"mcpServers\".*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(m.find()).as("the README's configuration example").isTrue();
    GatewayConfig config = GatewayConfig.read(write("gateway.json", m.group(1)));
    assertThat(config.separator()).isEqualTo("__");
    assertThat(config.upstreams()).extracting(Upstream::name, Upstream::prefix, Upstream::timeout)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("notes", "", Duration.ofSeconds(30)),
            org.assertj.core.groups.Tuple.tuple("search", "web", Duration.ofSeconds(5)),
            org.assertj.core.groups.Tuple.tuple("legacy", "legacy", Duration.ofSeconds(30)));
    assertThat(config.upstreams().get(0).target().argv()).containsExactly("java", "-jar", "mcpkit.jar", "serve",
        "--stdio");
    assertThat(config.upstreams().get(1).target().headers()).containsEntry("X-Team", "docs");
    assertThat(config.upstreams().get(2).target().transport()).isEqualTo("sse");
  }

  @Test
  void aGatewayFileTakesServersFromHostFiles() throws Exception {
    Files.createDirectories(dir.resolve(".vscode"));
    write(".vscode/mcp.json", "{\"servers\": {\"gh\": {\"type\": \"http\", \"url\": \"http://127.0.0.1:1/mcp\"}},"
        + " \"inputs\": []}");
    write("claude.json", "{\"mcpServers\": {\"fs\": {\"command\": \"npx\", \"args\": [\"-y\", \"fs-server\"]}},"
        + " \"globalShortcut\": \"x\"}");
    GatewayConfig config = GatewayConfig.read(write("gateway.json", "{\"gateway\": {\"include\": ["
        + "\".vscode/mcp.json\", \"claude.json\"], \"separator\": \".\","
        + " \"servers\": {\"gh\": {\"prefix\": \"github\"}}}}"));
    assertThat(config.upstreams()).extracting(Upstream::name, Upstream::prefix)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("gh", "github"),
            org.assertj.core.groups.Tuple.tuple("fs", "fs"));
    assertThat(config.separator()).isEqualTo(".");
  }

  @Test
  void errorsNameTheFileAndTheJsonPath() throws Exception {
    assertThat(error("{\"mcpServers\": {\"a\": {\"command\": \"x\"}}, \"gateway\": {\"servers\": {\"a\": "
        + "{\"prefix\": \"has space\"}}}}"))
        .startsWith("the configuration file ").contains(" is invalid: /gateway/servers/a/prefix: ")
        .contains("^[A-Za-z0-9_.-]{0,64}$");
    assertThat(error("{\"mcpServers\": {\"a\": {\"command\": \"x\"}}, \"gateway\": {\"seperator\": \"-\"}}"))
        .contains("/gateway: ").contains("seperator");
    assertThat(error("{\"mcpServers\": {\"a\": {\"command\": \"x\", \"args\": [{\"no\": 1}]}}}"))
        .contains("/mcpServers/a/args/0: ");
    assertThat(error("{\"mcpServers\": {\"a\": {\"command\": \"x\"}}, \"gateway\": {\"timeoutMs\": 0}}"))
        .contains("/gateway/timeoutMs: ");
    assertThat(error("{\"mcpServers\": {\"a\": {\"command\": \"x\"}}, \"gateway\": {\"servers\": {\"b\": {}}}}"))
        .endsWith("is invalid: /gateway/servers/b: no server is named \"b\" (servers: a)");
    assertThat(error("{\"mcpServers\": {\"a\": {\"args\": [\"x\"]}}}"))
        .endsWith("is invalid: /mcpServers/a: a server needs \"command\" (stdio) or \"url\" (http, sse)");
    assertThat(error("{\"mcpServers\": {\"a\": {\"command\": \"x\", \"env\": {\"T\": \"${input:tok}\"}}}}"))
        .contains("/mcpServers/a: the gateway cannot ask for ${input:tok}");
    assertThat(error("{\"mcpServers\": {\"a\": {\"command\": \"x\"}\n  \"b\": {}}}"))
        .contains("is not valid JSON at line 2, column 3: unexpected \" where a comma between two entries should be");
    assertThat(error("{\"gateway\": {}}")).contains("names no servers");
    write("other.json", "{\"mcpServers\": {\"a\": {\"command\": \"y\"}}}");
    assertThat(error("{\"mcpServers\": {\"a\": {\"command\": \"x\"}}, \"gateway\": {\"include\": [\"other.json\"]}}"))
        .contains("/gateway/include/0 (").contains("a server named \"a\" is already defined at /mcpServers/a");
    write("vscode.json", "{\"servers\": {\"v\": {\"type\": \"stdio\", \"command\": \"x\", \"env\": {\"A\": [1]}}}}");
    assertThat(error("{\"gateway\": {\"include\": [\"vscode.json\"]}}"))
        .contains("/gateway/include/0 (").contains("vscode.json): /servers/v/env/A: ");
    assertThat(error("{\"gateway\": {\"include\": [\"missing.json\"]}}"))
        .contains("/gateway/include/0 (").contains("no such file: ");
  }

  @Test
  void theSchemaIsDraft2020_12() {
    assertThat(GatewayConfig.schema()).contains("\"$schema\": \"https://json-schema.org/draft/2020-12/schema\"");
    assertThat(List.of(GatewayConfig.DEFAULT_SEPARATOR)).containsExactly("__");
  }

  private String error(String json) throws Exception {
    Path file = write("bad.json", json);
    try {
      GatewayConfig.read(file);
    } catch (GatewayConfigException e) {
      assertThat(e.getMessage()).doesNotContain("Exception").doesNotContain("com.networknt");
      return e.getMessage();
    }
    throw new AssertionError("no error for " + json);
  }

  private Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }
}
