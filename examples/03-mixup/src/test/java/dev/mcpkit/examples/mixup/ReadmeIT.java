package dev.mcpkit.examples.mixup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.server.testing.Chromium;
import dev.mcpkit.core.testing.ReadmeCommands;
import dev.mcpkit.core.testing.Repo;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The commands of this example's README run as printed and print what it shows (see examples/README.md); each
 * sign-in is completed in headless Chromium as alice, with the password the README starts the demo with.
 */
class ReadmeIT {

  /** alice signs in and approves, as the README's reader does in the browser the demo opens. */
  static void signInAsAlice(String authorizationUrl) {
    try (Chromium chromium = new Chromium()) {
      chromium.driver().get(authorizationUrl);
      chromium.logIn("alice", "correct horse battery staple");
      new WebDriverWait(chromium.driver(), Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().contains("/callback?")
          || !d.findElements(By.id("approve")).isEmpty());
      if (!chromium.driver().getCurrentUrl().contains("/callback?")) {
        chromium.approve();
      }
      new WebDriverWait(chromium.driver(), Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().contains("/callback?"));
    }
  }

  @Test
  void everyCommandOfTheReadmeRunsAndPrintsWhatItShows() throws Exception {
    var readme = Repo.root().resolve("examples/03-mixup/README.md");
    assertThat(ReadmeCommands.parse(java.nio.file.Files.readString(readme))).hasSize(2);
    assertThat(ReadmeCommands.run(readme, ReadmeIT::signInAsAlice)).isEmpty();
  }
}
