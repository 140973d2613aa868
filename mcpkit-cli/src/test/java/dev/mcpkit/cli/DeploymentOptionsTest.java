package dev.mcpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: {@code --public-url} and {@code --instance-name} are checked while the command line is parsed (a bad value
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
  void gatewayStoreWithoutAnEmbeddedAuthorizationServerIsAUsageError(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    java.nio.file.Path config = dir.resolve("gw.json");
    java.nio.file.Files.writeString(config, "{\"mcpServers\": {\"a\": {\"command\": \"x\"}}}");
    Cli.Result r = InProcessCli.run("gateway", "--config", config.toString(), "--port", "0", "--store",
        "redis://127.0.0.1:1/0");
    // refused before any upstream starts (the message goes to System.err, as all of gateway's output)
    assertThat(r.exit()).as(r.toString()).isEqualTo(2);
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
