package dev.mcpkit.cli;

import dev.mcpkit.auth.client.AuthorizationRequiredException;
import dev.mcpkit.auth.client.LoginResult;
import dev.mcpkit.auth.client.OAuthClient;
import dev.mcpkit.client.ClientHandlers;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.auth.AuthChallenge;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mcpkit login <url>}: signs in to an OAuth-protected MCP server and stores the tokens. */
@Command(name = "login", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Signs in to an MCP server that requires OAuth, and stores the tokens for mcpkit call and list.",
        "",
        "  mcpkit login <url> [--scope S]... [--no-browser]",
        "  mcpkit login <url> --client-id ID [--client-secret-env NAME] [--issuer URL]",
        "      (a pre-registered client)",
        "  mcpkit login <url> --client-metadata-url https://example.com/client.json",
        "      (a Client ID Metadata Document)",
        "  mcpkit login <url> --prompt consent",
        "      (see the consent page again, even if you chose to remember it)",
        "",
        "It asks the server, discovers its authorization server, registers mcpkit there",
        "if needed, opens your browser to sign in (or prints the URL), and stores the",
        "tokens per authorization server and resource in a file only you can read.",
        "A registration mcpkit made itself that the authorization server has forgotten",
        "(e.g. a restarted mcpkit up) is noticed before the browser opens and replaced."},
    footer = {"%nExit codes:%n  0  signed in%n  1  failure%n  2  bad usage%n"
        + "  3  the sign-in was refused or failed (the message says why)%n  4  the server could not be reached"})
final class LoginCommand implements Callable<Integer> {

  /** The OpenID Connect prompt values a person may ask for (OpenID Connect Core 1.0 §3.1.2.1). */
  enum Prompt { consent, login }

  @Spec CommandSpec spec;
  @Mixin AuthOptions auth;

  @Option(names = "--prompt", paramLabel = "VALUE", split = " ",
      description = "Ask the authorization server to show the consent page even if you chose to remember it (consent),"
          + " or to ask for your password again (login); one of: ${COMPLETION-CANDIDATES}.")
  List<Prompt> prompt = new ArrayList<>();

  // Only the client options a sign-in uses (it asks an HTTP server, then its authorization server).
  @Option(names = {"-H", "--header"}, paramLabel = "NAME: VALUE",
      description = "An HTTP header for every request to the MCP server (repeatable).")
  List<String> headers = new ArrayList<>();

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
      description = "Timeout of each request, e.g. 30s, 500ms, 2m (default: ${DEFAULT-VALUE}); the wait for the"
          + " browser is --login-timeout.")
  String timeout;

  @Option(names = "--insecure-http",
      description = "Allow a plain http:// URL on a host that is not loopback (tokens travel in clear; development"
          + " networks only).")
  boolean insecureHttp;

  @Option(names = {"-v", "--verbose"}, description = "Print the OAuth client's steps and the JSON-RPC frames to stderr.")
  boolean verbose;

  /** The shared client options, set from the few that apply here. */
  private ClientOptions options() {
    ClientOptions o = new ClientOptions();
    o.headers = headers;
    o.timeout = timeout;
    o.insecureHttp = insecureHttp;
    o.verbose = verbose;
    return o;
  }

  @Parameters(index = "0", paramLabel = "URL", description = "The MCP server URL.")
  URI url;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ClientOptions options = options();
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      err.println("mcpkit login: the target must be an http(s) URL; see " + Main.command() + " login --help");
      return ExitCodes.USAGE;
    }
    String promptValue = prompt.isEmpty() ? null
        : String.join(" ", new java.util.LinkedHashSet<>(prompt.stream().map(Enum::name).toList()));
    try (OAuthClient oauth = auth.build(err, promptValue)) {
      // Ask the server first: its refusal names the metadata and the scopes it wants.
      AuthChallenge challenge = null;
      try (McpClient client = options.connect(url.toString(), List.of(), ClientHandlers.none(), err, oauth)) {
        client.listAllTools();
      } catch (AuthorizationRequiredException e) {
        challenge = new AuthChallenge(e.status(), e.server(), e.challenges());
      } catch (dev.mcpkit.auth.client.OAuthException | dev.mcpkit.client.McpConnectionException e) {
        throw e;
      } catch (dev.mcpkit.client.McpClientException e) {
        // Not about authorization (the server may list no tools): sign in through well-known discovery.
      }
      LoginResult r = oauth.login(url, auth.scopes(), challenge);
      // The issuer, resource, client id and scopes come from the servers: shown through the one sanitizer.
      out.println("Signed in to " + options.line(String.valueOf(r.server())));
      out.println("  authorization server: " + options.line(r.issuer()));
      out.println("  resource:             " + options.line(r.resource()));
      out.println("  client:               " + options.line(r.clientId()) + " (" + options.line(String.valueOf(r.registration())) + ")");
      out.println("  scopes:               " + (r.scopes().isEmpty() ? "(none)" : options.line(String.join(" ", r.scopes()))));
      out.println("  expires:              " + (r.expiresAt() == null ? "(not said)" : r.expiresAt().toString())
          + (r.refreshable() ? ", renewed with a refresh token" : ", no refresh token"));
      out.println("  stored in:            " + auth.credentialFile());
      out.flush();
      return ExitCodes.OK;
    } catch (Exception e) {
      return ClientCommands.fail(e, options, out, err);
    }
  }
}
