package dev.mcpkit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mcpkit.client.config.ServerConfigs;
import dev.mcpkit.client.config.ServerSpec;
import dev.mcpkit.client.testing.Servers;
import dev.mcpkit.client.transport.StdioCommand;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.text.PeerText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Untrusted servers, in the library: the one sanitizer for peer text, the environment a stdio
 * server gets, and secrets from a config file kept out of messages.
 */
class UntrustedServerTest {

  /** What a hostile server puts in a name or a message: OSC 52, a screen clear, 8-bit CSI, tags, invisibles. */
  static final String HOSTILE = "osc\u001b]52;c;aGk=\u0007 clear\u001b[2J csi\u009b2J del\u007f tag\udb40\udc41\udb40\udc7f"
      + " zw\u200b rlo\u202e sep\u2028 par\u2029 fill\u3164\u115f bom\ufeff";

  static final List<String> RAW = List.of("\u001b", "\u0007", "\u009b", "\u007f", "\udb40", "\u200b", "\u202e", "\u2028",
      "\u2029", "\u3164", "\u115f", "\ufeff");

  @Test
  void peerTextIsEscapedVisiblyByCodePointNotDropped() {
    for (String s : List.of(PeerText.line(HOSTILE, 1000), PeerText.line(HOSTILE, 1000), PeerText.block(HOSTILE))) {
      assertThat(s).doesNotContain(RAW).contains("osc\\u{1b}]52;c;aGk=\\u{7}", "clear\\u{1b}[2J", "csi\\u{9b}2J",
          "del\\u{7f}", "tag\\u{e0041}\\u{e007f}", "zw\\u{200b}", "rlo\\u{202e}", "sep\\u{2028}", "par\\u{2029}",
          "fill\\u{3164}\\u{115f}", "bom\\u{feff}");
    }
    // Ordinary text, accents, CJK, emoji (with its presentation selector) print as themselves.
    String honest = "Grüße, 你好, café ❤️ 🚀 x≤y";
    assertThat(PeerText.line(honest, 100)).isEqualTo(honest);
    assertThat(PeerText.block("a\n\tb\r\nc")).isEqualTo("a\n\tb\r\nc");
    assertThat(PeerText.block("over\rwrite")).isEqualTo("over\\u{d}write"); // a lone CR would rewrite the line
    // Cut by code point: a character outside the BMP is never split in half.
    assertThat(PeerText.line("ab🚀🚀🚀", 3)).isEqualTo("ab🚀...");
  }

  @Test
  void aServersJsonRpcErrorMessageIsEscapedInTheExceptionMessage() {
    McpRpcException e = new McpRpcException(-32000, "failed: " + HOSTILE, null, 0);
    assertThat(e.getMessage()).doesNotContain(RAW).contains("osc\\u{1b}]52", "tag\\u{e0041}");
    assertThat(e.serverMessage()).isEqualTo("failed: " + HOSTILE);
  }

  @Test
  void jsonStaysValidAndMeansTheSameButPrintsNothingRaw() {
    var node = Json.object().put("text", HOSTILE).put("name", "é🚀");
    String safe = PeerText.json(Json.write(node));
    assertThat(safe).doesNotContain(RAW).contains("\\u009b", "\\udb40\\udc41", "\\u2028", "é🚀");
    assertThat(Json.parse(safe)).isEqualTo(node);
  }

  @Test
  void aStdioServerGetsOnlyTheAllowListedEnvironmentPlusItsOwnUnlessAskedToInherit() {
    Set<String> allowed = new TreeSet<>(StdioCommand.DEFAULT_INHERITED);
    assumeTrue(System.getenv().keySet().stream().anyMatch(n -> !allowed.contains(n) && !n.startsWith("LC_")),
        "the test JVM has a variable outside the allow-list");
    Set<String> seen = childEnvironment(Servers.bash("env >&2; exit 0").withEnv("MCPKIT_GIVEN", "yes"));
    seen.removeAll(Set.of("PWD", "SHLVL", "_", "OLDPWD")); // set by bash itself
    assertThat(seen).contains("MCPKIT_GIVEN");
    if (System.getenv("PATH") != null) {
      assertThat(seen).contains("PATH");
    }
    assertThat(seen).allSatisfy(n -> assertThat(allowed.contains(n) || n.startsWith("LC_") || n.equals("MCPKIT_GIVEN"))
        .as("%s reached the server", n).isTrue());

    Set<String> all = childEnvironment(Servers.bash("env >&2; exit 0").withInheritedEnv());
    assertThat(all).containsAll(System.getenv().keySet().stream().filter(n -> n.matches("[A-Za-z_][A-Za-z0-9_]*")
        && !System.getenv(n).contains("\n")).toList());
    assertThat(childEnvironment(Servers.bash("env >&2; exit 0").withCleanEnv())).doesNotContain("HOME", "USER");
  }

  private static Set<String> childEnvironment(StdioCommand cmd) {
    List<String> lines = new CopyOnWriteArrayList<>();
    assertThatThrownBy(() -> McpClient.builder().stdio(cmd.withStderr(lines::add)).probeTimeout(Duration.ofSeconds(5))
        .connect()).isInstanceOf(McpConnectionException.class);
    Set<String> names = new TreeSet<>();
    for (String l : lines) {
      if (l.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
        names.add(l.substring(0, l.indexOf('=')));
      }
    }
    return names;
  }

  @Test
  void valuesSubstitutedFromTheEnvironmentOrInputsNeverAppearInMessages(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("mcp.json");
    Files.writeString(f, """
        {"mcpServers": {
          "local": {"command": "/nonexistent/mcp-server", "args": ["--token", "${input:token}", "--home=${env:HOME}"]},
          "remote": {"url": "http://127.0.0.1:1/mcp?key=${input:token}"}
        }}""");
    ServerConfigs configs = ServerConfigs.read(f);
    ServerSpec local = configs.server("local", (id, def) -> "s3cr3t-t0ken");
    assertThat(local.argv()).contains("s3cr3t-t0ken"); // the server still gets it
    assertThat(local.secrets()).contains("s3cr3t-t0ken");
    StdioCommand cmd = StdioCommand.of(local.argv()).withSecrets(local.secrets());
    assertThat(cmd.display()).doesNotContain("s3cr3t-t0ken").contains("--token ***");
    assertThat(cmd.withEnv("TOKEN", "s3cr3t-t0ken")).asString().doesNotContain("s3cr3t-t0ken");
    assertThat(local).asString().doesNotContain("s3cr3t-t0ken");
    assertThatThrownBy(() -> McpClient.connect(cmd)).isInstanceOf(McpConnectionException.class)
        .satisfies(e -> assertThat(e.getMessage()).contains("'/nonexistent/mcp-server --token ***")
            .doesNotContain("s3cr3t-t0ken"));
    if (System.getenv("HOME") != null && System.getenv("HOME").length() > 1) {
      assertThat(cmd.display()).contains("--home=***").doesNotContain(System.getenv("HOME"));
    }

    ServerSpec remote = configs.server("remote", (id, def) -> "s3cr3t t0ken/+");
    assertThat(remote.url()).contains("s3cr3t t0ken/+");
    assertThat(remote.redact("cannot connect to " + remote.url() + " (as http://127.0.0.1:1/mcp?key=s3cr3t%20t0ken%2F%2B)"))
        .isEqualTo("cannot connect to http://127.0.0.1:1/mcp?key=*** (as http://127.0.0.1:1/mcp?key=***)");
    assertThat(Map.of("k", ServerSpec.redact("nothing", Set.of()))).containsEntry("k", "nothing");
  }
}
