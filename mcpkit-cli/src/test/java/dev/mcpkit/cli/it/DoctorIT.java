package dev.mcpkit.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.testing.LoopbackPorts;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mcpkit doctor} run as a user runs it: what it reports, that it names what to do about
 * each problem and exits 1 then, and that it never prints a stored token or secret.
 */
class DoctorIT {

  @TempDir Path dir;

  @Test
  void problemsAreNamedWithWhatToDoAndNoSecretIsPrinted() throws Exception {
    Path creds = dir.resolve("credentials.json");
    Files.writeString(creds, """
        {"servers":{"http://127.0.0.1:9/mcp":{"issuer":"http://127.0.0.1:9/auth","resource":"http://127.0.0.1:9/mcp"}},
         "clients":{"http://127.0.0.1:9/auth":{"client_id":"mcpkit-doctor-client","client_secret":"SECRET-CLIENT-456",
                    "registration":"dynamic"}},
         "grants":{"http://127.0.0.1:9/auth":{"http://127.0.0.1:9/mcp":{"access_token":"SECRET-ACCESS-TOKEN-123",
                    "expires_at":1000,"scope":"mcp:read"}}}}
        """);
    Files.setPosixFilePermissions(creds, PosixFilePermissions.fromString("rw-------"));
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = busy.getLocalPort();
      LauncherIT.Result r = LauncherIT.run(Map.of(), McpkitProcess.command("doctor", "--port", String.valueOf(port),
          "--credentials", creds.toString()));
      assertThat(r.exit()).as(r.toString()).isEqualTo(1);
      assertThat(r.out()).as(r.toString())
          .contains("JDK", "chosen by", "jar", "start-up archive")
          .containsPattern("port " + port + " +in use\n")
          .contains("http://127.0.0.1:9/mcp", "authorization server  http://127.0.0.1:9/auth",
              "client                mcpkit-doctor-client (dynamic)", "scopes mcp:read; expired ")
          .contains("Problems (2):")
          .contains("mcpkit up --port " + (port + 1) + " (or --port 0 for any free one)")
          .contains("has expired and cannot be renewed: mcpkit login http://127.0.0.1:9/mcp")
          .doesNotContain("SECRET-ACCESS-TOKEN-123").doesNotContain("SECRET-CLIENT-456");
      assertThat(r.err()).as(r.toString()).isEmpty();
    }
  }

  @Test
  void noProblemExitsZeroAndTheLauncherSaysWhyItsJdkWasChosen() throws Exception {
    int port = LoopbackPorts.free();
    LauncherIT.Result r = LauncherIT.run(Map.of(), List.of(LauncherIT.launcher().toString(), "doctor", "--port",
        String.valueOf(port), "--credentials", dir.resolve("none.json").toString()));
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).as(r.toString())
        .containsPattern("chosen by +JAVA_HOME \\(JDK \\d+\\)")
        .containsPattern("port " + port + " +free\n")
        .contains("sign-ins           none stored", "No problems found.");
  }

  @Test
  void anArchiveStampedByAnotherJdkIsNotCalledCurrent() throws Exception {
    // A copy of the jar with an archive beside it, newer than the jar, stamped by another JDK and then by this one.
    Path jar = Files.copy(McpkitProcess.jar(), dir.resolve("mcpkit.jar"));
    int major = Runtime.version().feature();
    Path archive = dir.resolve("mcpkit-jdk" + major + (major >= 25 ? ".aot" : ".jsa"));
    Files.writeString(archive, "not a real archive: doctor only looks at its time and stamp");
    Files.setLastModifiedTime(archive, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
    Path stamp = dir.resolve(archive.getFileName() + ".jdk");
    String home = System.getProperty("java.home");
    List<String> doctor = List.of(McpkitProcess.java(), "-jar", jar.toString(), "doctor", "--port", "0",
        "--credentials", dir.resolve("none.json").toString());

    Files.writeString(stamp, "/opt/other-jdk 25.0.0+1\n");
    LauncherIT.Result other = LauncherIT.run(Map.of(), doctor);
    assertThat(other.out()).as(other.toString())
        .containsPattern("start-up archive +recorded by another JDK \\(" + archive.getFileName()
            + ", stamped /opt/other-jdk 25.0.0\\+1\\): the next ./mcpkit start records a new one");

    Files.writeString(stamp, home + " " + System.getProperty("java.runtime.version") + "\n");
    LauncherIT.Result same = LauncherIT.run(Map.of(), doctor);
    assertThat(same.out()).as(same.toString())
        .containsPattern("start-up archive +current \\(" + archive.getFileName() + "\\), not used by this start");
  }
}
