package dev.mcpkit.examples.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.server.testing.Chromium;
import dev.mcpkit.core.testing.ReadmeCommands;
import dev.mcpkit.core.testing.Repo;
import org.junit.jupiter.api.Test;

/**
 * The commands of this example's README run as printed and print what it shows (see examples/README.md); each
 * sign-in is completed in headless Chromium as alice, with the password the README starts the server with.
 */
class ReadmeIT {

  /** alice signs in and approves, with the README's password, as its reader does in the browser that opens. */
  static void signInAsAlice(String authorizationUrl) {
    Chromium.signInAndApprove(authorizationUrl, "alice", "correct horse battery staple");
  }

  @Test
  void everyCommandOfTheReadmeRunsAndPrintsWhatItShows() throws Exception {
    var readme = Repo.root().resolve("examples/03-oauth/README.md");
    assertThat(ReadmeCommands.parse(java.nio.file.Files.readString(readme))).hasSizeGreaterThanOrEqualTo(20);
    assertThat(ReadmeCommands.run(readme, ReadmeIT::signInAsAlice)).isEmpty();
  }
}
