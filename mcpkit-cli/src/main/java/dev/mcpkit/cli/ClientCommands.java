package dev.mcpkit.cli;

import dev.mcpkit.auth.client.AuthorizationRequiredException;
import dev.mcpkit.auth.client.LoginResult;
import dev.mcpkit.auth.client.OAuthClient;
import dev.mcpkit.auth.client.OAuthException;
import dev.mcpkit.client.ClientHandlers;
import dev.mcpkit.client.McpAuthorizationException;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.auth.AuthChallenge;
import dev.mcpkit.client.auth.AuthProvider;
import dev.mcpkit.client.McpClientException;
import dev.mcpkit.client.McpConnectionException;
import dev.mcpkit.client.McpRpcException;
import dev.mcpkit.core.json.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the client commands share: splitting off the stdio command, the usage error, signing in, and mapping failures
 * to exit codes.
 */
final class ClientCommands {

  private ClientCommands() {}

  /** The positional words before {@code --} and the command after it. */
  record Split(List<String> words, List<String> command) {

    /** The first word (a URL or a {@code --config} server name) when there is no stdio command; else {@code null}. */
    String target() {
      return command.isEmpty() && !words.isEmpty() ? words.getFirst() : null;
    }
  }

  /** Prints {@code mcpkit NAME: WHAT; see mcpkit NAME --help} for the command of {@code spec}; returns exit code 2. */
  static int usage(CommandSpec spec, String what) {
    spec.commandLine().getErr().println("mcpkit " + spec.name() + ": " + what + "; see " + Main.command() + " "
        + spec.name() + " --help");
    return ExitCodes.USAGE;
  }

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

  /** A server's JSON-RPC error with what mcpkit adds to it: a "did you mean" and the valid choices. */
  static final class HintedRpcException extends McpRpcException {
    private final String hint;

    HintedRpcException(McpRpcException e, String hint) {
      super(e.code(), e.serverMessage(), e.data(), e.httpStatus());
      this.hint = hint;
    }

    String hint() {
      return hint;
    }
  }

  /** What a command does with a connected client; returns the exit code. */
  @FunctionalInterface
  interface ClientOp {
    int run(McpClient client) throws Exception;
  }

  /**
   * Connects and runs {@code op}, signing in when an HTTP server asks for it: on a terminal the
   * user is sent to the browser (or shown the URL with {@code --no-browser}) and the command is
   * retried (at most 3 sign-ins); without a terminal it exits with code 3 and prints the exact
   * {@code mcpkit login} command to run. Stored sign-ins are used and refreshed silently.
   */
  static int withSignIn(ClientOptions options, AuthOptions auth, String target, List<String> command,
      ClientHandlers handlers, PrintWriter out, PrintWriter err, ClientOp op) {
    boolean oauthApplies = command.isEmpty() && !options.hasAuthorizationHeader();
    try (OAuthClient oauth = oauthApplies ? auth.build(err) : null) {
      for (int round = 1; ; round++) {
        try (McpClient client = options.connect(target, command, handlers, err, oauth)) {
          return op.run(client);
        } catch (AuthorizationRequiredException e) {
          if (round > AuthProvider.MAX_RETRIES || !ClientOptions.isTerminal(System.console())) {
            return loginRequired(e, auth, options, out, err);
          }
          err.println("mcpkit: " + options.block(e.getMessage()));
          err.println("mcpkit: signing in" + (e.scopes().isEmpty() ? "" : " for the scopes "
              + options.line(String.join(" ", e.scopes()))) + " ...");
          err.flush();
          LoginResult r = oauth.login(e.server(), e.scopes(), new AuthChallenge(e.status(), e.server(), e.challenges()));
          err.println("mcpkit: signed in at " + options.line(r.issuer()) + "; trying again");
          err.flush();
        }
      }
    } catch (Exception e) {
      return fail(e, options, out, err);
    }
  }

  private static int loginRequired(AuthorizationRequiredException e, AuthOptions auth, ClientOptions options,
      PrintWriter out, PrintWriter err) {
    // The scopes come from the server's challenge: the suggested command is shown escaped like any peer text.
    String login = auth.loginCommand(e.server(), e.scopes());
    err.println("mcpkit: authorization required: " + options.block(e.getMessage()));
    err.println("mcpkit: sign in first (in a terminal), then run this command again:");
    err.println("  " + options.line(login));
    if (options.json) {
      var o = Json.object();
      var error = o.putObject("error");
      error.put("kind", "authorization required");
      error.put("message", e.getMessage());
      error.put("login", login);
      out.println(options.json(Json.write(o)));
    }
    out.flush();
    err.flush();
    return ExitCodes.AUTH_REQUIRED;
  }

  /**
   * Prints a failure the way a user can act on it and returns its exit code. The message may quote
   * the server (an error it sent, its stderr): it is printed through the one sanitizer, with the
   * config file's substituted secrets hidden.
   */
  static int fail(Exception e, ClientOptions options, PrintWriter out, PrintWriter err) {
    boolean json = options.json;
    int code;
    String kind;
    if (e instanceof OAuthException o && o.reason() != OAuthException.Reason.LOGIN_REQUIRED) {
      code = ExitCodes.AUTH_REQUIRED;
      kind = "authorization failed";
    } else if (e instanceof McpAuthorizationException) {
      code = ExitCodes.AUTH_REQUIRED;
      kind = "authorization required";
    } else if (e instanceof dev.mcpkit.client.McpBlockedException) {
      code = ExitCodes.GUARD_BLOCKED;
      kind = "blocked by mcpkit-guard";
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
    err.println("mcpkit: " + kind + ": " + options.block(message));
    if (e instanceof HintedRpcException h) {
      err.println("mcpkit: " + options.block(h.hint()));
    }
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
        if (r instanceof HintedRpcException h) {
          error.put("hint", h.hint());
        }
      }
      out.println(options.json(Json.write(o)));
    }
    out.flush();
    err.flush();
    return code;
  }
}
