package dev.mcpkit.cli;

import dev.mcpkit.client.McpAuthorizationException;
import dev.mcpkit.client.McpClientException;
import dev.mcpkit.client.McpConnectionException;
import dev.mcpkit.client.McpRpcException;
import dev.mcpkit.core.json.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** What {@code call} and {@code list} share: splitting off the stdio command and mapping failures to exit codes. */
final class ClientCommands {

  private ClientCommands() {}

  /** The positional words before {@code --} and the command after it. */
  record Split(List<String> words, List<String> command) {}

  /**
   * Splits the positional parameters: everything after the first {@code --} on the command line is
   * the stdio server's argv (taken verbatim, never through a shell).
   */
  static Split split(CommandSpec spec, List<String> positional) {
    List<String> original = spec.commandLine().getParseResult().originalArgs();
    int dash = original.indexOf("--");
    if (dash < 0) {
      return new Split(positional, List.of());
    }
    List<String> command = new ArrayList<>(original.subList(dash + 1, original.size()));
    int keep = Math.max(0, positional.size() - command.size());
    return new Split(new ArrayList<>(positional.subList(0, keep)), command);
  }

  /** Prints a failure the way a user can act on it and returns its exit code. */
  static int fail(Exception e, boolean json, PrintWriter out, PrintWriter err) {
    int code;
    String kind;
    if (e instanceof McpAuthorizationException) {
      code = ExitCodes.AUTH_REQUIRED;
      kind = "authorization required";
    } else if (e instanceof McpConnectionException) {
      code = ExitCodes.CONNECTION;
      kind = "connection failed";
    } else if (e instanceof McpClientException) {
      code = ExitCodes.PROTOCOL;
      kind = "protocol error";
    } else if (e instanceof IllegalArgumentException) {
      code = ExitCodes.USAGE;
      kind = "usage";
    } else {
      code = ExitCodes.FAILURE;
      kind = "failed";
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    err.println("mcpkit: " + kind + ": " + message);
    if (json) {
      var o = Json.object();
      var error = o.putObject("error");
      error.put("kind", kind);
      error.put("message", message);
      if (e instanceof McpRpcException r) {
        error.put("code", r.code());
        if (r.data() != null) {
          error.set("data", r.data());
        }
      }
      out.println(Json.write(o));
    }
    out.flush();
    err.flush();
    return code;
  }
}
