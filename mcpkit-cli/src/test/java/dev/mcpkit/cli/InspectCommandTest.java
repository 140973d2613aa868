package dev.mcpkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpkit.auth.server.testing.Chromium;
import dev.mcpkit.cli.demo.DemoServer;
import dev.mcpkit.core.testing.LoopbackPorts;
import dev.mcpkit.server.http.McpHttpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** {@code mcpkit inspect} as a user runs it: a process that prints its URL on stderr, opened in headless Chromium. */
class InspectCommandTest {

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Starts {@code mcpkit inspect ARGS} and reads stderr up to the printed URL. */
  private static Process inspect(List<String> lines, String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "inspect"));
    argv.addAll(List.of(args));
    Process p = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
    for (int i = 0; i < 200; i++) {
      String line = err.readLine();
      if (line == null) {
        break;
      }
      lines.add(line);
      if (line.startsWith("mcpkit inspect: open this URL")) {
        Thread.ofVirtual().start(() -> err.lines().forEach(l -> { })); // keep draining
        return p;
      }
    }
    p.destroy();
    throw new AssertionError("no URL printed: " + lines);
  }

  private static String url(List<String> lines) {
    String last = lines.getLast();
    return last.substring(last.indexOf("http://"));
  }

  @Test
  void theReadmeWalkThroughStartOpenConnectCallATool() throws Exception {
    try (McpHttpServer demo = McpHttpServer.builder(DemoServer.create()).host("127.0.0.1").port(0).build().start()) {
      List<String> lines = new ArrayList<>();
      Process p = inspect(lines, "--no-open", demo.endpoint().toString());
      try (Chromium chromium = new Chromium()) {
        String url = url(lines);
        assertTrue(url.matches("http://127\\.0\\.0\\.1:\\d+/\\?token=[A-Za-z0-9_-]{43}"), url);
        WebDriver d = chromium.driver();
        d.get(url);
        chromium.waitForUrl(url.substring(0, url.indexOf("?")));
        WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(30));
        wait.until(x -> x.findElement(By.id("status")).getText().startsWith("connected"));
        wait.until(x -> !x.findElements(By.cssSelector("li.tool[data-name='echo_message']")).isEmpty()).booleanValue();
        d.findElement(By.cssSelector("li.tool[data-name='echo_message']")).click();
        d.findElement(By.name("arg-message")).sendKeys("hello from the README");
        d.findElement(By.id("call-tool")).click();
        wait.until(x -> x.findElements(By.cssSelector("#tool-result .content-text")).stream()
            .anyMatch(e -> e.getText().equals("hello from the README")));
      } finally {
        p.destroy();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
      }
    }
  }

  @Test
  void portChoosesThePortAndAStdioTargetIsPrintedBeforeItStarts() throws Exception {
    int port = LoopbackPorts.free();
    List<String> lines = new ArrayList<>();
    Process p = inspect(lines, "--no-open", "--port", String.valueOf(port), "--", java(), "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "serve", "--stdio");
    try {
      assertTrue(lines.stream().anyMatch(l -> l.startsWith("mcpkit inspect: starting the stdio server: " + java())), lines.toString());
      assertTrue(url(lines).startsWith("http://127.0.0.1:" + port + "/?token="), lines.toString());
    } finally {
      p.destroy();
      p.waitFor(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void aTargetThatIsNotAUrlIsAUsageError() {
    Cli.Result r = InProcessCli.run("inspect", "--no-open", "ftp://example.com/mcp");
    assertEquals(ExitCodes.USAGE, r.exit());
    assertTrue(r.err().contains("the target must be a URL"), r.err());
    r = InProcessCli.run("inspect", "--no-open", "--json", "http://127.0.0.1:1/mcp");
    assertEquals(ExitCodes.USAGE, r.exit());
    assertTrue(r.err().contains("--json does not apply to inspect"), r.err());
  }
}
