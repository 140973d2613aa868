package dev.mcpkit.cli;

import dev.mcpkit.auth.client.AuthorizationRequiredException;
import dev.mcpkit.auth.client.LoginResult;
import dev.mcpkit.auth.client.OAuthClient;
import dev.mcpkit.client.ClientHandlers;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.auth.AuthChallenge;
import java.io.PrintWriter;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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
        "",
        "It asks the server, discovers its authorization server, registers mcpkit there",
        "if needed, opens your browser to sign in (or prints the URL), and stores the",
        "tokens per authorization server and resource in a file only you can read."},
    footer = {"%nExit codes:%n  0  signed in%n  1  failure%n  2  bad usage%n"
        + "  3  the sign-in was refused or failed (the message says why)%n  4  the server could not be reached"})
final class LoginCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ClientOptions options;
  @Mixin AuthOptions auth;

  @Parameters(index = "0", paramLabel = "URL", description = "The MCP server URL.")
  URI url;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      err.println("mcpkit login: the target must be an http(s) URL; see " + Main.command() + " login --help");
      return ExitCodes.USAGE;
    }
    try (OAuthClient oauth = auth.build(err)) {
      // Ask the server first: its refusal names the metadata and the scopes it wants.
      AuthChallenge challenge = null;
      try (McpClient client = options.connect(url.toString(), java.util.List.of(), ClientHandlers.none(), err, oauth)) {
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
