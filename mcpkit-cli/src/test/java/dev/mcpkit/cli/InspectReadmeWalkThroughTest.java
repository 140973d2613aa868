package dev.mcpkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpkit.core.testing.Repo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The walk-through of mcpkit-inspector/README.md's inspector section, run as written: its commands are read from the
 * README's marked block (the demo server's port 8080 becomes a free one; {@code mcpkit} is this build's Main), and
 * each numbered step's expectation (the printed URL, the clean address, the status, the tools listed, the tool called
 * with its arguments and its result) is read from the step's text and checked in headless Chromium. A README that
 * drifts from what the inspector does fails here.
 */
class InspectReadmeWalkThroughTest {

  private static final Pattern BLOCK = Pattern.compile("<!-- inspect-walkthrough -->\\n```\\n(.*?)```\\n(.*?)\\n\\n",
      Pattern.DOTALL);

  /** The README's commands (comments dropped) and its numbered steps (continuation lines joined). */
  record WalkThrough(List<List<String>> commands, List<String> steps) {}

  static WalkThrough read() throws Exception {
    String readme = Files.readString(Repo.root().resolve("mcpkit-inspector/README.md"));
    Matcher m = BLOCK.matcher(readme);
    assertTrue(m.find(), "the inspector README has the marked walk-through");
    List<List<String>> commands = new ArrayList<>();
    for (String line : m.group(1).split("\n")) {
      String command = line.replaceAll("#.*", "").strip();
      if (!command.isEmpty()) {
        assertTrue(!command.contains("'") && !command.contains("\""), "the walk-through's commands need no quoting");
        commands.add(List.of(command.split("\\s+")));
      }
    }
    List<String> steps = new ArrayList<>();
    for (String line : m.group(2).strip().split("\n")) {
      if (line.matches("\\d+\\. .*")) {
        steps.add(line.substring(line.indexOf(". ") + 2));
      } else {
        steps.set(steps.size() - 1, steps.getLast() + " " + line.strip());
      }
    }
    return new WalkThrough(commands, steps);
  }

  private static String group(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), "the README step \"" + text + "\" says " + regex);
    return m.group(1);
  }

  /** Starts {@code ./mcpkit ARGS} (this build, in this JVM's class path) and completes {@code ready} with the first stderr line matching it. */
  private static Process start(List<String> mcpkitCommand, int port, Pattern ready, CompletableFuture<String> seen,
      List<String> lines) throws Exception {
    assertEquals("./mcpkit", mcpkitCommand.getFirst(), "the launcher, run from the repository as the README says");
    List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    mcpkitCommand.stream().skip(1).map(a -> a.replace("8080", String.valueOf(port))).forEach(argv::add);
    Process p = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    Thread.ofVirtual().start(() -> {
      try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = err.readLine()) != null; ) {
          synchronized (lines) {
            lines.add(line);
          }
          if (ready.matcher(line).find()) {
            seen.complete(line);
          }
        }
      } catch (Exception e) {
        // the process ended
      }
      seen.completeExceptionally(new AssertionError("it ended without printing " + ready + ": " + lines));
    });
    return p;
  }

  private static void stop(Process p) throws InterruptedException {
    if (p != null) {
      p.destroy();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void theReadmeWalkThroughRunsAsWritten() throws Exception {
    WalkThrough w = read();
    assertEquals(2, w.commands().size(), "the demo server, then the inspector: " + w.commands());
    assertEquals(3, w.steps().size(), w.steps().toString());
    Process server = null;
    Process inspect = null;
    List<String> serverLines = new ArrayList<>();
    List<String> inspectLines = new ArrayList<>();
    try {
      CompletableFuture<String> listening = new CompletableFuture<>();
      // the demo server on port 0 (a port picked and closed first could be taken meanwhile): the port it got
      Pattern listeningOn = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/mcp");
      server = start(w.commands().get(0), 0, listeningOn, listening, serverLines);
      Matcher bound = listeningOn.matcher(listening.get(60, TimeUnit.SECONDS));
      assertTrue(bound.find(), serverLines.toString());
      int port = Integer.parseInt(bound.group(1));

      // step 1: the printed URL, opened; the address bar shows the clean URL
      String step1 = w.steps().get(0);
      String printed = group(step1, "prints `([^`]+)`");
      String prefix = printed.substring(0, printed.indexOf("http://"));
      CompletableFuture<String> urlLine = new CompletableFuture<>();
      inspect = start(w.commands().get(1), port, Pattern.compile("^" + Pattern.quote(prefix)), urlLine, inspectLines);
      String line = urlLine.get(60, TimeUnit.SECONDS);
      String shape = Pattern.quote(printed).replace("PORT", "\\E(\\d+)\\Q").replace("...", "\\E[A-Za-z0-9_-]{43}\\Q");
      Matcher url = Pattern.compile("^" + shape + "$").matcher(line);
      assertTrue(url.matches(), "printed \"" + line + "\", the README shows \"" + printed + "\"");
      String launch = line.substring(prefix.length());
      String clean = group(step1, "address bar then shows `([^`]+)`").replace("PORT", url.group(1));
      try (InspectPage page = InspectPage.open(launch)) {
        assertEquals(clean, page.d.getCurrentUrl());

        // step 2: connected, the tools listed
        String step2 = w.steps().get(1);
        page.waitText(By.id("status"), group(step2, "status reads `([^`]+)`"));
        List<String> tools = new ArrayList<>();
        Matcher names = Pattern.compile("`([^`]+)`").matcher(step2.substring(step2.indexOf(" lists ")));
        while (names.find()) {
          tools.add(names.group(1));
        }
        for (String tool : tools) {
          page.waitFor(By.cssSelector("li.tool[data-name='" + tool + "']"));
        }
        assertEquals(tools, page.d.findElements(By.cssSelector("li.tool")).stream()
            .map(e -> e.getDomAttribute("data-name")).toList());

        // step 3: the tool called with the README's arguments, its result
        String step3 = w.steps().get(2);
        String tool = group(step3, "Click `([^`]+)`");
        Map<String, String> args = new LinkedHashMap<>();
        Matcher arg = Pattern.compile("`([^`]+)` = `([^`]*)`").matcher(step3);
        while (arg.find()) {
          args.put(arg.group(1), arg.group(2));
        }
        assertTrue(!args.isEmpty(), step3);
        page.click(By.cssSelector("li.tool[data-name='" + tool + "']"));
        args.forEach((name, value) -> page.type("arg-" + name, value));
        String button = group(step3, "click \"([^\"]+)\"");
        assertEquals(button, page.waitFor(By.id("call-tool")).getText());
        page.click(By.id("call-tool"));
        String result = group(step3, "the result is `([^`]*)`");
        assertEquals(result, page.waitText(By.cssSelector("#tool-result .content-text"), result).getText());
        page.shot("readme-walk-through");
      }
    } finally {
      stop(inspect);
      stop(server);
    }
  }
}
