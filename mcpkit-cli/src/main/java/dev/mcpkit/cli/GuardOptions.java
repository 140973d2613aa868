package dev.mcpkit.cli;

import dev.mcpkit.client.McpBlockedException;
import dev.mcpkit.guard.Guard;
import dev.mcpkit.guard.GuardInterceptor;
import dev.mcpkit.guard.RuleSet;
import dev.mcpkit.guard.Severity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import picocli.CommandLine.Option;

/**
 * The guard options of {@code call} and {@code list}: mcpkit-guard's interceptor on the
 * connection, so a definition with a finding at or above the threshold is hidden from listings and its calls are
 * refused (exit 7) with the rule, the pointer and the excerpt; the same rules and severities as {@code mcpkit scan}.
 */
final class GuardOptions {

  @Option(names = "--guard-threshold", paramLabel = "SEVERITY", defaultValue = "high",
      description = "mcpkit-guard hides definitions with a finding of this severity or more and refuses their calls"
          + " (exit 7): low, medium, high, critical (default: ${DEFAULT-VALUE}; the rules of mcpkit scan).")
  String threshold;

  @Option(names = "--no-guard", description = "Do not check what the server shows with mcpkit-guard's rules.")
  boolean off;

  @Option(names = "--rules", paramLabel = "FILE", description = "A rule file of your own added to mcpkit-guard's"
      + " built-in rules, as for mcpkit scan (repeatable).")
  List<Path> ruleFiles = new ArrayList<>();

  /** The interceptor installed by {@link #install}, or {@code null}. */
  private GuardInterceptor installed;

  /**
   * Puts the guard on every connection {@code options} makes (unless {@code --no-guard}); {@code false} after telling
   * {@code err} why, for a bad threshold or rule file (a usage error of {@code mcpkit COMMAND}).
   */
  boolean install(ClientOptions options, PrintWriter err, String command) {
    if (off) {
      return true;
    }
    try {
      RuleSet rules = RuleSet.builtIn();
      for (Path f : ruleFiles) {
        rules = rules.with(f);
      }
      installed = GuardInterceptor.builder(Guard.of(rules)).threshold(Severity.parse(threshold)).build();
    } catch (IllegalArgumentException e) {
      err.println("mcpkit " + command + ": " + options.block(e.getMessage()));
      return false;
    }
    options.interceptor = installed;
    return true;
  }

  /**
   * Tells what the guard hid on this connection (each definition with its findings) on {@code err}; whether anything
   * was hidden.
   */
  boolean reportHidden(ClientOptions options, PrintWriter err) {
    if (installed == null || installed.hidden().isEmpty()) {
      return false;
    }
    for (String key : new TreeSet<>(installed.hidden())) {
      McpBlockedException why = installed.refusal(key);
      err.println("mcpkit: hidden by mcpkit-guard: " + options.block(why == null ? key : why.getMessage()));
    }
    err.println("mcpkit: --guard-threshold critical, or --no-guard, shows them (review them first)");
    err.flush();
    return true;
  }
}
