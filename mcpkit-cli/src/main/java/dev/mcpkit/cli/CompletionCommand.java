package dev.mcpkit.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mcpkit completion bash|zsh}: prints a completion script generated from the picocli model of every command
 * and option, so it never lags behind them. picocli writes one script for both shells: under zsh it loads zsh's
 * bash-compatibility layer ({@code bashcompinit}) itself.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
    description = {"Prints a shell completion script for mcpkit's commands and options.",
        "",
        "  source <(mcpkit completion bash)     # now, or add the line to ~/.bashrc",
        "  source <(mcpkit completion zsh)      # now, or add the line to ~/.zshrc",
        "",
        "It completes the command name mcpkit (also ./mcpkit, or any path ending in mcpkit)."},
    footer = {"%nExit codes:%n  0  the script was printed%n  2  bad usage (a shell other than bash or zsh)"})
final class CompletionCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  /** The shells a script is printed for (picocli rejects any other value, listing these). */
  enum Shell { bash, zsh }

  @Parameters(index = "0", paramLabel = "SHELL", description = "The shell: ${COMPLETION-CANDIDATES}.")
  Shell shell;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (shell == Shell.zsh) {
      out.println("# mcpkit completion for zsh: the bash script below, loaded through zsh's bashcompinit");
    }
    out.print(AutoComplete.bash("mcpkit", spec.root().commandLine()));
    out.flush();
    return ExitCodes.OK;
  }
}
