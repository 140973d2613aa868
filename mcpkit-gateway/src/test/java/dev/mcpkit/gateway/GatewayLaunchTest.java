package dev.mcpkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gateway.launch}: a stdio upstream whose executable is a shell is not started (its command
 * would have created a marker file) and is unavailable with an error naming it, the shell and the key to change; the
 * other upstream runs; {@code gateway.launch.allow} lets the operator name what may run; a bad value is refused with
 * its JSON path.
 */
class GatewayLaunchTest {

  @TempDir Path dir;

  private Path config(Path marker, String gateway) throws Exception {
    List<String> argv = Upstreams.stdioArgv();
    Path file = dir.resolve("gateway.json");
    Files.writeString(file, "{\"mcpServers\": {"
        + "\"evil\": {\"command\": \"sh\", \"args\": [\"-c\", " + Json.write("touch " + marker) + "]},"
        + "\"local\": {\"command\": " + Json.write(argv.getFirst()) + ", \"args\": "
        + Json.write(argv.subList(1, argv.size())) + "}}" + gateway + "}");
    return file;
  }

  private static UpstreamStatus status(Gateway gw, String name) {
    return gw.upstreams().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void aShellUpstreamIsNotStartedAndTheErrorNamesTheKey() throws Exception {
    Path marker = dir.resolve("spawned");
    Path file = config(marker, "");
    try (Gateway gw = GatewayConfig.read(file).builder().build()) {
      assertThat(status(gw, "local").available()).as(String.valueOf(gw.upstreams())).isTrue();
      UpstreamStatus evil = status(gw, "evil");
      assertThat(evil.available()).isFalse();
      assertThat(evil.error()).contains("the launch policy refuses to start the server \"evil\"")
          .contains("its executable sh").contains("allow \"sh\" in gateway.launch.allow in " + file);
    }
    assertThat(marker).as("no shell was started").doesNotExist();
  }

  @Test
  void theOperatorsListDecidesWhatRuns() throws Exception {
    Path marker = dir.resolve("spawned");
    Path file = config(marker, ", \"gateway\": {\"launch\": {\"allow\": [\"sh\"]}}");
    try (Gateway gw = GatewayConfig.read(file).builder().build()) {
      assertThat(status(gw, "local").error()).contains("is not in the allowed executables [sh]")
          .contains("gateway.launch.allow in " + file);
      Awaitility.await("the allowed shell ran").atMost(Duration.ofSeconds(30)).until(() -> Files.exists(marker));
    }
    Files.delete(marker);
    file = config(marker, ", \"gateway\": {\"launch\": {\"allow\": [\"jav?\"]}}");
    try (Gateway gw = GatewayConfig.read(file).builder().build()) {
      assertThat(status(gw, "local").available()).isTrue();
      assertThat(status(gw, "evil").error()).contains("is not in the allowed executables [jav?]");
    }
    assertThat(marker).doesNotExist();
  }

  @Test
  void badValuesAreRefusedWithTheirJsonPath() throws Exception {
    Path marker = dir.resolve("spawned");
    assertThatThrownBy(() -> GatewayConfig.read(config(marker, ", \"gateway\": {\"launch\": {\"allow\": [\"node\","
        + " \"bin/server\"]}}"))).isInstanceOf(GatewayConfigException.class)
        .hasMessageContaining("is invalid: /gateway/launch/allow/1: \"bin/server\" is a relative path");
    assertThatThrownBy(() -> GatewayConfig.read(config(marker, ", \"gateway\": {\"launch\": {\"allow\": \"sh\"}}")))
        .isInstanceOf(GatewayConfigException.class).hasMessageContaining("/gateway/launch/allow: ");
    assertThatThrownBy(() -> GatewayConfig.read(config(marker, ", \"gateway\": {\"launch\": {\"alow\": []}}")))
        .isInstanceOf(GatewayConfigException.class).hasMessageContaining("/gateway/launch: ")
        .hasMessageContaining("alow");
  }
}
