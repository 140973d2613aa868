package dev.mcpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.cli.demo.DemoServer;
import dev.mcpkit.core.testing.LoopbackPorts;
import dev.mcpkit.server.http.McpHttpServer;
import org.junit.jupiter.api.Test;

/**
 * {@code mcpkit doctor TARGET} as a command (in-process; every diagnosis is tested against its real cause in
 * mcpkit-inspector's {@code ConnectionDoctorTest}): exit 0 and what answered for a working server, exit 1 with the
 * problem, what to do and the evidence otherwise, and a header's value never printed.
 */
class DoctorTargetTest {

  @Test
  void aWorkingServerExitsZero() throws Exception {
    try (McpHttpServer http = McpHttpServer.builder(DemoServer.create()).port(0).build().start()) {
      Cli.Result r = InProcessCli.run("doctor", http.endpoint().toString(), "-H", "Authorization: Bearer s3cr3t-v4lue");
      assertThat(r.exit()).as(r.toString()).isZero();
      assertThat(r.out()).contains("mcpkit doctor " + http.endpoint(), "  connected: mcpkit-demo ")
          .doesNotContain("s3cr3t-v4lue").doesNotContain("JDK");
    }
  }

  @Test
  void nothingListeningExitsOneWithWhatToDo() throws Exception {
    int port = LoopbackPorts.free();
    Cli.Result r = InProcessCli.run("doctor", "http://127.0.0.1:" + port + "/mcp");
    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).contains("  problem     nothing is listening on 127.0.0.1:" + port + " (connection refused)",
        "  what to do  start the server, or check the port in the URL");
  }

  @Test
  void aStdioServerThatDiesShowsItsStderrEscaped() {
    Cli.Result r = InProcessCli.run("doctor", "--", "sh", "-c", "printf 'boom: no config\\033[31m\\n' >&2; exit 7");
    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).contains("  problem     the server died at start (exit code 7) before answering",
        "    stderr: boom: no config").doesNotContain("\u001b");
  }

  @Test
  void aTargetThatIsNeitherAUrlNorACommandIsAUsageError() {
    Cli.Result r = InProcessCli.run("doctor", "localhost:8080");
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("expected one TARGET: an http(s):// URL, or -- <command> [args...]");
  }
}
