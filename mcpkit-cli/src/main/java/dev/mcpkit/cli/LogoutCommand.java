package dev.mcpkit.cli;

import dev.mcpkit.auth.client.CredentialStore;
import dev.mcpkit.auth.client.LogoutResult;
import dev.mcpkit.auth.client.OAuthClient;
import dev.mcpkit.core.text.PeerText;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mcpkit logout <url>}: forgets (and revokes, where the server allows) the tokens of a server. */
@Command(name = "logout", mixinStandardHelpOptions = true,
    description = {"Signs out of an MCP server: revokes its tokens and deletes them.",
        "The tokens are revoked at the authorization server when it offers revocation",
        "(RFC 7009), which is also asked to forget the consent you gave (mcpkit's own",
        "server does: the next login shows the consent page again), and deleted from",
        "the credential file in any case. A client registration mcpkit made itself is",
        "forgotten too when the server no longer knows it (then there is nothing to",
        "revoke, and logout still succeeds) or no other signed-in server uses it."},
    footer = {"%nExit codes:%n  0  signed out (or nothing was stored)%n  1  failure%n  2  bad usage"})
final class LogoutCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "URL", description = "The MCP server URL.")
  URI url;

  @Option(names = "--credentials", paramLabel = "FILE",
      description = "The credential file (default: $MCPKIT_CREDENTIALS, else ~/.mcpkit/credentials.json).")
  Path credentials;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path file = credentials != null ? credentials : CredentialStore.defaultPath();
    try (OAuthClient oauth = OAuthClient.builder().store(CredentialStore.file(file)).interactive(false).build()) {
      LogoutResult r = oauth.logout(url);
      if (!r.forgotten()) {
        out.println("Nothing stored for " + url + " in " + file);
      } else {
        out.println("Signed out of " + url + " (authorization server " + PeerText.line(r.issuer(), 500) + ")");
        out.println(r.revoked() ? "  the tokens were revoked and deleted" : "  the tokens were deleted");
        if (r.note() != null) {
          out.println("  " + PeerText.block(r.note()));
        }
      }
      out.flush();
      return ExitCodes.OK;
    } catch (Exception e) {
      err.println("mcpkit logout: " + PeerText.block(e.getMessage()));
      return ExitCodes.FAILURE;
    }
  }
}
