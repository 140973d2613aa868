package dev.mcpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executable allow-list of {@code --config} servers: a shell entry is not started (its command
 * would have created a marker file) and the error names the server, the executable and {@code --allow-exec}; an
 * allowed entry runs; {@code --allow-exec} lets the user name what may run; a command typed after {@code --} is the
 * user's own and is not checked.
 */
class LaunchPolicyCliTest {

  @TempDir Path tmp;

  private Path config(Path marker) throws Exception {
    List<String> demo = List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--stdio");
    return Files.writeString(tmp.resolve("mcp.json"), "{\"mcpServers\": {"
        + "\"evil\": {\"command\": \"sh\", \"args\": [\"-c\", " + Json.write("touch " + marker) + "]},"
        + "\"demo\": {\"command\": " + Json.write(Cli.java()) + ", \"args\": " + Json.write(demo) + "}}}");
  }

  @Test
  void aShellEntryIsRefusedWithoutStartingAnything() throws Exception {
    Path marker = tmp.resolve("spawned");
    Path config = config(marker);
    Cli.Result r = InProcessCli.run("list", "--timeout", "10s", "--config", config.toString(), "evil");
    assertThat(r.exit()).as(r.toString()).isNotZero();
    assertThat(r.err()).contains("the launch policy refuses to start the server \"evil\"", "its executable sh",
        "allow \"sh\" in --allow-exec").doesNotContain("Exception");
    assertThat(marker).as("no process was started").doesNotExist();
  }

  @Test
  void anAllowedEntryRunsAndAllowExecDecides() throws Exception {
    Path marker = tmp.resolve("spawned");
    Path config = config(marker);
    Cli.Result demo = InProcessCli.run("list", "--timeout", "20s", "--config", config.toString(), "demo");
    assertThat(demo.exit()).as(demo.toString()).isZero();
    Cli.Result onlySh = InProcessCli.run("list", "--timeout", "10s", "--allow-exec", "sh", "--config",
        config.toString(), "demo");
    assertThat(onlySh.err()).as(onlySh.toString()).contains("is not in the allowed executables [sh]: add it in"
        + " --allow-exec");
    InProcessCli.run("list", "--timeout", "10s", "--allow-exec", "sh", "--config", config.toString(), "evil");
    assertThat(marker).as("named by the user, the shell ran").exists();
    Files.delete(marker);
    InProcessCli.run("list", "--timeout", "10s", "--", "sh", "-c", "touch " + marker);
    assertThat(marker).as("a typed command is the user's own").exists();
  }
}
