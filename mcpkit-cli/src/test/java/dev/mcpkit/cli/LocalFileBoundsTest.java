package dev.mcpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files a user names on the command line (a gateway configuration, a host's server configuration, the
 * authorization server's configuration) may be a link to {@code /dev/zero}, a named pipe or a file of gigabytes: each
 * ends in a usage error naming the file, never a hang, a full heap or a stack trace.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LocalFileBoundsTest {

  @TempDir Path tmp;

  @Test
  void gatewayConfigurationThatIsADeviceOrTooLarge() throws Exception {
    Path zero = devZero("gateway.json");
    Cli.Result z = run("gateway", "--config", zero.toString());
    assertThat(z.exit()).as(z.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(z.err()).contains("mcpkit gateway: the configuration file " + zero + " is not a regular file")
        .doesNotContain("Exception", "\tat ");
    Path huge = oversize("big-gateway.json");
    Cli.Result h = run("gateway", "--config", huge.toString());
    assertThat(h.exit()).as(h.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(h.err()).contains("mcpkit gateway: the configuration file " + huge + " is larger than 16 MiB")
        .doesNotContain("Exception", "\tat ");
  }

  @Test
  void gatewayConfigurationIncludingAHostFileThatIsADevice() throws Exception {
    Path zero = devZero("claude_desktop_config.json");
    Path config = Files.writeString(tmp.resolve("gw.json"),
        "{\"gateway\": {\"include\": [\"" + zero.getFileName() + "\"]}}");
    Cli.Result r = run("gateway", "--config", config.toString());
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains(zero + " is not a regular file").doesNotContain("Exception", "\tat ");
  }

  @Test
  void clientConfigurationThatIsADeviceAPipeOrTooLarge() throws Exception {
    Path zero = devZero("mcp.json");
    Cli.Result z = run("list", "--config", zero.toString(), "demo");
    assertThat(z.exit()).as(z.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(z.err()).contains("the configuration file " + zero + " is not a regular file")
        .doesNotContain("Exception", "\tat ");
    Path fifo = tmp.resolve("fifo.json");
    assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0);
    Cli.Result f = run("call", "--config", fifo.toString(), "demo", "ping");
    assertThat(f.exit()).as(f.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(f.err()).contains("the configuration file " + fifo + " is not a regular file");
    Path huge = oversize("huge-mcp.json");
    Cli.Result h = run("list", "--config", huge.toString(), "demo");
    assertThat(h.exit()).as(h.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(h.err()).contains("the configuration file " + huge + " is larger than 16 MiB")
        .doesNotContain("Exception", "\tat ");
  }

  @Test
  void authorizationServerConfigurationThatIsADevice() throws Exception {
    Path zero = devZero("as.json");
    Cli.Result z = run("auth-server", "--config", zero.toString());
    assertThat(z.exit()).as(z.toString()).isNotEqualTo(ExitCodes.OK);
    assertThat(z.err()).contains("the configuration file " + zero + " is not a regular file")
        .doesNotContain("Exception", "\tat ");
  }

  @Test
  void textFilesThatAreNotUtf8AreRefusedInOneLineNamingTheByte() throws Exception {
    byte[] latin1 = "{\"mcpServers\": {\"d\u00e9mo\": {\"url\": \"http://127.0.0.1:1/mcp\"}}}"
        .getBytes(StandardCharsets.ISO_8859_1); // the é at offset 18 is one byte, 0xe9: not UTF-8
    Path config = Files.write(tmp.resolve("latin1.json"), latin1);
    String said = " is not UTF-8 text: the byte at offset 18 (0xe9) does not belong there";
    Cli.Result list = run("list", "--config", config.toString(), "demo");
    assertThat(list.exit()).as(list.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(list.err()).contains("the configuration file " + config + said).doesNotContain("Exception", "\tat ");
    Cli.Result gateway = run("gateway", "--config", config.toString());
    assertThat(gateway.exit()).as(gateway.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(gateway.err()).contains("mcpkit gateway: the configuration file " + config + said)
        .doesNotContain("Exception", "\tat ");
    Cli.Result test = run("test", config.toString(), "--target", "http://127.0.0.1:1/mcp");
    assertThat(test.exit()).as(test.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(test.err().strip()).isEqualTo("mcpkit test: " + config + ": the collection file " + config + said);
    Cli.Result diff = run("diff", config.toString(), config.toString());
    assertThat(diff.exit()).as(diff.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(diff.err().strip()).isEqualTo("mcpkit diff: " + config + ": the snapshot file " + config + said);
  }

  private Path devZero(String name) throws Exception {
    assumeTrue(Files.exists(Path.of("/dev/zero")));
    return Files.createSymbolicLink(tmp.resolve(name), Path.of("/dev/zero"));
  }

  /** A sparse file one byte past the 16 MiB bound (nothing written to disk). */
  private Path oversize(String name) throws Exception {
    Path f = tmp.resolve(name);
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.setLength(16 * 1024 * 1024 + 1);
    }
    return f;
  }

  /** {@link Main#run} in this JVM, with what it prints to System.out and System.err captured. */
  private static Cli.Result run(String... args) {
    PrintStream savedOut = System.out;
    PrintStream savedErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int exit = Main.run(args);
      System.out.flush();
      System.err.flush();
      return new Cli.Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(savedOut);
      System.setErr(savedErr);
    }
  }
}
