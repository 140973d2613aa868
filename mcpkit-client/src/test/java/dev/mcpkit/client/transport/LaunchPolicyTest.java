package dev.mcpkit.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.McpClientException;
import dev.mcpkit.client.McpLaunchRefusedException;
import dev.mcpkit.client.config.ServerConfigs;
import dev.mcpkit.client.config.ServerSpec;
import dev.mcpkit.client.testing.StdioEverything;
import dev.mcpkit.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executable allow-list enforced at launch: a server of a configuration file whose executable is
 * a shell is refused before anything is spawned (the shell would have created a marker file), with an error naming the
 * server, the executable and the setting; an allowed server runs; an operator's list admits only what it names, and a
 * shell only when named without a glob.
 */
class LaunchPolicyTest {

  @TempDir Path tmp;

  private ServerSpec entry(String name, String command, List<String> args) throws Exception {
    Path config = tmp.resolve(name + ".json");
    Files.writeString(config, "{\"mcpServers\": {" + Json.write(name) + ": {\"command\": " + Json.write(command)
        + ", \"args\": " + Json.write(args) + "}}}");
    return ServerConfigs.read(config).server(name, (id, def) -> "");
  }

  private static McpClient connect(ServerSpec spec, LaunchPolicy policy) {
    var b = McpClient.builder().server(spec).connectTimeout(Duration.ofSeconds(5)).requestTimeout(Duration.ofSeconds(5));
    return (policy == null ? b : b.launchPolicy(policy)).connect();
  }

  @Test
  void aShellFromAConfigFileIsRefusedAndNothingIsSpawned() throws Exception {
    Path marker = tmp.resolve("spawned");
    ServerSpec spec = entry("evil", "sh", List.of("-c", "touch " + marker));
    assertThatThrownBy(() -> connect(spec, null).close())
        .isInstanceOfSatisfying(McpLaunchRefusedException.class, e -> {
          assertThat(e.server()).isEqualTo("evil");
          assertThat(e.executable()).isEqualTo("sh");
          assertThat(e.setting()).isEqualTo(LaunchPolicy.LIBRARY_SETTING);
        })
        .hasMessageContaining("\"evil\"").hasMessageContaining("its executable sh")
        .hasMessageContaining("allow \"sh\" in McpClientBuilder.launchPolicy");
    assertThat(marker).as("no process was started").doesNotExist();
  }

  @Test
  void aLinkToAShellUnderAnotherNameIsAShellToo() throws Exception {
    Path marker = tmp.resolve("spawned");
    Path bash = Path.of("/bin/bash").toRealPath();
    Path link = Files.createSymbolicLink(tmp.resolve("node"), bash);
    ServerSpec spec = entry("disguised", link.toString(), List.of("-c", "touch " + marker));
    assertThatThrownBy(() -> connect(spec, null).close()).isInstanceOf(McpLaunchRefusedException.class)
        .hasMessageContaining("(" + bash + ")");
    assertThat(marker).doesNotExist();
  }

  @Test
  void anAllowedExecutableRuns() throws Exception {
    StdioCommand java = dev.mcpkit.client.testing.Servers.java(StdioEverything.class);
    List<String> argv = java.argv();
    ServerSpec spec = entry("everything", argv.getFirst(), new ArrayList<>(argv.subList(1, argv.size())));
    try (McpClient client = connect(spec, null)) {
      assertThat(client.listTools(null).tools()).isNotEmpty();
    }
    // an operator's list naming java by a glob on its absolute path lets it run too
    LaunchPolicy javaOnly = LaunchPolicy.standard().allow(List.of(Path.of(argv.getFirst()).getParent() + "/jav?"));
    try (McpClient client = connect(spec, javaOnly)) {
      assertThat(client.listTools(null).tools()).isNotEmpty();
    }
  }

  @Test
  void anOperatorsListAdmitsOnlyWhatItNamesAndAShellOnlyByName() throws Exception {
    Path marker = tmp.resolve("spawned");
    ServerSpec shell = entry("scripted", "sh", List.of("-c", "touch " + marker));
    LaunchPolicy nodeOnly = LaunchPolicy.standard().allow(List.of("node")).setting("gateway.launch.allow in gw.json");
    assertThatThrownBy(() -> connect(shell, nodeOnly).close()).isInstanceOf(McpLaunchRefusedException.class)
        .hasMessageContaining("not in the allowed executables [node]: add it in gateway.launch.allow in gw.json");
    assertThatThrownBy(() -> connect(shell, LaunchPolicy.standard().allow(List.of("*"))).close())
        .isInstanceOf(McpLaunchRefusedException.class).hasMessageContaining("a glob does not allow: name it");
    assertThat(marker).doesNotExist();
    // named: the operator allows it; the shell runs (and, being no MCP server, the connection then fails)
    assertThatThrownBy(() -> connect(shell, LaunchPolicy.standard().allow(List.of("*", "sh"))).close())
        .isInstanceOf(McpClientException.class).isNotInstanceOf(McpLaunchRefusedException.class);
    assertThat(marker).exists();
  }

  @Test
  void aCommandBuiltByHandMayUseAShellAndEntriesAreChecked() {
    assertThat(StdioCommand.of("sh", "-c", "true").launchPolicy()).isEqualTo(LaunchPolicy.any());
    assertThatThrownBy(() -> LaunchPolicy.standard().allow(List.of("bin/server")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entry 0").hasMessageContaining("relative");
    assertThatThrownBy(() -> LaunchPolicy.standard().allow(List.of("node", " ")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entry 1: empty");
  }
}
