package dev.mcpkit.inspector.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.client.CredentialStore;
import dev.mcpkit.client.config.ServerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inspector and the launch policy: a shell entry of a configuration file is neither connected
 * to nor started by the doctor (its command would create a marker file); a command typed and confirmed in the
 * Connect form runs as typed.
 */
class InspectorLaunchTest {

  @TempDir Path tmp;

  @Test
  void aConfigFilesShellIsNotStartedByTheConnectionNorTheDoctor() throws Exception {
    Path marker = tmp.resolve("spawned");
    ServerSpec fromFile = ServerSpec.builder().name("evil").transport("stdio")
        .argv(List.of("sh", "-c", "touch " + marker)).build();
    Connection connection = new Connection(new EventLog(), "1", CredentialStore.memory(), SignIn.DEFAULTS);
    try {
      connection.connect(fromFile, null);
      assertThat(connection.state().path("error").asString())
          .contains("the launch policy refuses to start the server \"evil\"", "its executable sh");
      assertThat(new Workbench(connection, java.nio.file.Path.of("mcpkit-lock.json")).doctor().path("finding").asString())
          .contains("the launch policy refuses to start the server \"evil\"");
      assertThat(marker).as("nothing was started").doesNotExist();

      ServerSpec typed = ServerSpec.builder().transport("stdio").argv(List.of("sh", "-c", "touch " + marker)).build();
      connection.connect(typed, null);
      Awaitility.await("the typed command ran").atMost(Duration.ofSeconds(20)).until(() -> Files.exists(marker));
    } finally {
      connection.close();
    }
  }
}
