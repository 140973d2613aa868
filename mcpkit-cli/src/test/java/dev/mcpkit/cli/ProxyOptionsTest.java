package dev.mcpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --trusted-proxy} is checked while the command line is parsed: a bad entry is a usage error naming it. */
class ProxyOptionsTest {

  @Test
  void badTrustedProxyIsAUsageErrorOnEveryServingCommand() {
    for (List<String> args : List.of(List.of("serve", "--port", "0", "--trusted-proxy", "proxy.example"),
        List.of("up", "--port", "0", "--trusted-proxy", "10.0.0.0/40"),
        List.of("gateway", "--config", "nope.json", "--trusted-proxy", "10.0.0.0/x"))) {
      Cli.Result r = InProcessCli.run(args.toArray(String[]::new));
      assertThat(r.exit()).as(r.toString()).isEqualTo(2);
      assertThat(r.err()).as(r.toString()).contains("--trusted-proxy").contains(args.getLast())
          .doesNotContain("Exception");
    }
  }
}
