package dev.mcpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --public-url} and {@code --instance-name} are checked while the command line is parsed (a bad value
 * is a usage error saying why), and {@code up} serves beyond loopback only with a public URL.
 */
class DeploymentOptionsTest {

  @Test
  void badValuesAreUsageErrorsOnEveryServingCommand() {
    for (String command : List.of("serve", "up", "conformance-server")) {
      for (List<String> bad : List.of(List.of("--public-url", "ftp://lb.example"),
          List.of("--public-url", "https://lb.example/mcp"), List.of("--public-url", "https://user@lb.example"),
          List.of("--instance-name", "two words"), List.of("--instance-name", "x".repeat(65)))) {
        Cli.Result r = InProcessCli.run(command, "--port", "0", bad.get(0), bad.get(1));
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).as(r.toString()).contains(bad.get(0)).doesNotContain("Exception");
      }
    }
  }

  @Test
  @org.junit.jupiter.api.Timeout(60)
  void gatewayStoreIsForHttpAndARedisThatDoesNotAnswerIsNamed(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    java.nio.file.Path config = dir.resolve("gw.json");
    java.nio.file.Files.writeString(config, "{\"mcpServers\": {\"a\": {\"command\": \"x\"}}}");
    // --store is cluster mode (with or without gateway.auth): refused on stdio before any upstream starts
    Cli.Result stdio = InProcessCli.run("gateway", "--config", config.toString(), "--stdio", "--store",
        "redis://127.0.0.1:1/0");
    assertThat(stdio.exit()).as(stdio.toString()).isEqualTo(2); // its message goes to System.err, not captured here
    java.io.PrintStream stderr = System.err; // gateway writes to System.err, which InProcessCli does not capture
    java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();
    Cli.Result down;
    try {
      System.setErr(new java.io.PrintStream(seen, true, java.nio.charset.StandardCharsets.UTF_8));
      down = InProcessCli.run("gateway", "--config", config.toString(), "--port", "0", "--store",
          "redis://:secret@127.0.0.1:1/0");
    } finally {
      System.setErr(stderr);
    }
    String err = seen.toString(java.nio.charset.StandardCharsets.UTF_8) + down.err();
    assertThat(down.exit()).as(err).isEqualTo(ExitCodes.CONNECTION);
    assertThat(err).contains("mcpkit gateway: --store: cannot connect to Redis at redis://127.0.0.1:1/0")
        .doesNotContain("secret").doesNotContain("at dev.mcpkit").doesNotContain("Exception");
  }

  @Test
  void upBeyondLoopbackNeedsAPublicUrl() {
    Cli.Result r = InProcessCli.run("up", "--port", "0", "--host", "0.0.0.0");
    assertThat(r.exit()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("--public-url").contains("0.0.0.0");
  }

  @Test
  void thePublicUrlIsNormalisedToAnOrigin() {
    DeploymentOptions.PublicUrl url = new DeploymentOptions.PublicUrl();
    // the origin is normalised: lower case, no trailing slash (the issuer and resource are built from it)
    assertThat(url.convert("HTTPS://LB.Example:8443/").toString()).isEqualTo("https://lb.example:8443");
  }

  @Test
  void theInstanceNameDefaultsToHostAndPidOnlyForSeveralInstances() {
    DeploymentOptions o = new DeploymentOptions();
    assertThat(o.effectiveInstanceName(false)).isNull();
    assertThat(o.effectiveInstanceName(true)).endsWith("-" + ProcessHandle.current().pid()).matches("[A-Za-z0-9._-]+");
    o.instanceName = "node-7";
    assertThat(o.effectiveInstanceName(false)).isEqualTo("node-7");
  }
}
