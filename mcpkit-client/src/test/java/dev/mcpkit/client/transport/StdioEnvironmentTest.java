package dev.mcpkit.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.McpClientBuilder;
import dev.mcpkit.client.McpClientException;
import dev.mcpkit.client.config.ServerConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The environment a stdio server of a configuration file starts with: a real child ({@code printenv} from a config file, {@code env} by hand;
 * which prints its environment; the client quotes each line it cannot parse in a warning) gets PATH, HOME, LANG, TZ
 * and its entry's {@code env}, never another variable of this process (the surefire configuration gives the test JVM
 * {@code MCPKIT_TEST_PARENT_SECRET} and {@code LOGNAME}); a command built by hand keeps the wider SAFE list.
 */
class StdioEnvironmentTest {

  @TempDir Path tmp;

  /** The variable names the child printed. */
  private static Set<String> childEnvironment(Function<McpClientBuilder, McpClientBuilder> target) {
    List<String> warnings = new CopyOnWriteArrayList<>();
    assertThatThrownBy(() -> target.apply(McpClient.builder()).onWarning(warnings::add)
        .connectTimeout(Duration.ofSeconds(3)).requestTimeout(Duration.ofSeconds(3)).connect().close())
        .isInstanceOf(McpClientException.class);
    Set<String> names = new java.util.TreeSet<>();
    Pattern assignment = Pattern.compile("(?<![A-Za-z0-9_])([A-Za-z_][A-Za-z0-9_]*)=");
    for (String w : warnings) {
      var m = assignment.matcher(w);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  @Test
  void aServerOfAConfigFileGetsOnlyPathHomeLangTzAndItsEntrysEnv() throws Exception {
    assertThat(System.getenv("MCPKIT_TEST_PARENT_SECRET")).as("set by surefire for this test").isNotNull();
    assertThat(System.getenv("LOGNAME")).isEqualTo("mcpkit-test-logname");
    Path config = tmp.resolve("mcp.json");
    Files.writeString(config, """
        {"mcpServers": {"printer": {"command": "printenv", "env": {"GIVEN": "yes"}}}}""");
    Set<String> seen = childEnvironment(b -> b.server(ServerConfigs.read(config).server("printer", (id, def) -> "")));
    assertThat(seen).contains("GIVEN", "PATH").doesNotContain("MCPKIT_TEST_PARENT_SECRET", "LOGNAME");
    assertThat(seen).as("nothing but the minimal list and the entry's env")
        .isSubsetOf("PATH", "HOME", "LANG", "TZ", "GIVEN");
  }

  @Test
  void aCommandBuiltByHandKeepsTheSafeListWithoutTheParentsSecrets() {
    Set<String> seen = childEnvironment(b -> b.stdio(StdioCommand.of("env").withEnv("GIVEN", "yes")));
    assertThat(seen).contains("GIVEN", "PATH", "LOGNAME").doesNotContain("MCPKIT_TEST_PARENT_SECRET");
  }
}
