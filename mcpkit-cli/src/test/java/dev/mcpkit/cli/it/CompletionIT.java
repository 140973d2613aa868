package dev.mcpkit.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mcpkit completion bash|zsh}: the script, sourced into a real bash, completes the
 * commands and each command's options from the picocli model; the zsh script is the same, loaded through
 * bashcompinit; an unknown shell is a usage error that lists the shells.
 */
class CompletionIT {

  @TempDir Path dir;

  @Test
  void bashCompletesCommandsAndOptions() throws Exception {
    Path script = dir.resolve("mcpkit.bash");
    assertThat(run(List.of(), McpkitProcess.command("completion", "bash"), script)).isZero();
    assertThat(complete(script, "mcpkit", "lo")).containsExactlyInAnyOrder("login", "logout");
    assertThat(complete(script, "./mcpkit", "com")).containsExactly("completion");
    assertThat(complete(script, "mcpkit", "call", "--time")).containsExactly("--timeout");
    assertThat(complete(script, "mcpkit", "completion", "--h")).containsExactly("--help");
    assertThat(complete(script, "mcpkit", "completion", "")).containsExactlyInAnyOrder("bash", "zsh");
  }

  @Test
  void zshGetsTheScriptThroughBashcompinit() throws Exception {
    Path script = dir.resolve("mcpkit.zsh");
    assertThat(run(List.of(), McpkitProcess.command("completion", "zsh"), script)).isZero();
    String text = Files.readString(script);
    assertThat(text).contains("autoload -U +X bashcompinit && bashcompinit", "complete -F _complete_mcpkit");
  }

  @Test
  void anUnknownShellIsAUsageErrorNamingTheShells() throws Exception {
    Path out = dir.resolve("out");
    Path err = dir.resolve("err");
    Process p = new ProcessBuilder(McpkitProcess.command("completion", "fish")).redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(Files.readString(err)).contains("fish", "bash", "zsh");
    assertThat(Files.readString(out)).isEmpty();
  }

  /** What bash's completion function offers for the words (the last one is being completed). */
  private List<String> complete(Path script, String... words) throws Exception {
    StringBuilder array = new StringBuilder();
    for (String w : words) {
      array.append(" '").append(w).append('\'');
    }
    String line = String.join(" ", words);
    String bash = "source '" + script + "' 2>/dev/null; COMP_WORDS=(" + array + "); COMP_CWORD=" + (words.length - 1)
        + "; COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}; _complete_mcpkit 2>/dev/null;"
        + " printf '%s\\n' \"${COMPREPLY[@]}\"";
    Path out = dir.resolve("completions");
    assertThat(run(List.of(), List.of("bash", "-c", bash), out)).isZero();
    return Files.readAllLines(out, StandardCharsets.UTF_8).stream().map(String::trim).filter(s -> !s.isEmpty())
        .toList();
  }

  private static int run(List<String> unused, List<String> command, Path stdout) throws Exception {
    Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("did not finish: " + command);
    }
    return p.exitValue();
  }
}
