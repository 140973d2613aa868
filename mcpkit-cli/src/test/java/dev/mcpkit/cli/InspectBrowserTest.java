package dev.mcpkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpkit.cli.demo.DemoServer;
import dev.mcpkit.client.config.ServerSpec;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.testing.LoopbackPorts;
import dev.mcpkit.inspector.web.Inspector;
import dev.mcpkit.server.http.McpHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code mcpkit inspect}'s UI in real headless Chromium (Debian's chromium and chromedriver) against real servers:
 * the demo server over HTTP in both eras and over stdio, and a lab server for forms, content types and elicitation.
 * Each view is clicked through; screenshots land in target/inspector-screenshots/.
 */
class InspectBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private static McpHttpServer demo;
  private static McpHttpServer lab;
  @AutoClose private final InspectorPage page = new InspectorPage();

  @BeforeAll
  static void servers() throws Exception {
    demo = McpHttpServer.builder(DemoServer.create()).host("127.0.0.1").port(0).build().start();
    lab = McpHttpServer.builder(InspectLab.create()).host("127.0.0.1").port(0).build().start();
  }

  @AfterAll
  static void stopServers() {
    demo.close();
    lab.close();
  }

  /** Starts the inspector on a target, opens its launch URL and waits until it is connected. */
  private WebDriver open(ServerSpec target, ProtocolVersion protocol) throws Exception {
    return open(Inspector.builder().target(target).protocol(protocol), target != null);
  }

  private WebDriver open(Inspector.Builder builder, boolean connects) throws Exception {
    WebDriver d = page.open(builder, new org.openqa.selenium.Dimension(1280, 900));
    // the token is traded for a cookie: the address bar shows the clean URL
    String base = page.inspector().baseUrl().toString();
    assertEquals(base, page.chromium().waitForUrl(base));
    assertFalse(d.getCurrentUrl().contains("token"));
    if (connects) {
      waitText(d, By.id("status"), "connected");
    }
    return d;
  }

  private static ServerSpec http(McpHttpServer server) {
    return ServerSpec.builder().transport("http").url(server.endpoint().toString()).build();
  }

  private static WebElement waitText(WebDriver d, By by, String text) {
    return InspectorPage.waitText(d, by, text, WAIT);
  }

  private static WebElement waitFor(WebDriver d, By by) {
    return InspectorPage.waitFor(d, by, WAIT);
  }

  private static void tab(WebDriver d, String view) {
    d.findElement(By.id("tab-" + view)).click();
  }

  private static void shot(WebDriver d, String name) throws Exception {
    InspectorPage.shot(d, name);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"2026-07-28", "2025-11-25"})
  void serverViewShowsInfoCapabilitiesAndInstructions(String revision) throws Exception {
    WebDriver d = open(http(demo), ProtocolVersion.parse(revision).orElseThrow());
    tab(d, "server");
    assertEquals("mcpkit-demo", waitFor(d, By.id("server-name")).getText());
    assertEquals(revision, d.findElement(By.id("protocol-version")).getText());
    assertTrue(d.findElement(By.id("instructions")).getText().contains("A demo server"));
    assertTrue(d.findElement(By.id("capabilities")).getText().contains("tools"));
    assertTrue(d.findElement(By.id("target")).getText().contains(demo.endpoint().toString()));
    shot(d, "server-" + revision);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"2026-07-28", "2025-11-25"})
  void toolsViewCallsAToolFromItsFormAndInRawJson(String revision) throws Exception {
    WebDriver d = open(http(demo), ProtocolVersion.parse(revision).orElseThrow());
    // with a target given at launch, the tools are shown at once
    waitFor(d, By.cssSelector("li.tool[data-name='add_numbers']")).click();
    d.findElement(By.name("arg-a")).sendKeys("2.5");
    d.findElement(By.name("arg-b")).sendKeys("0.25");
    d.findElement(By.id("call-tool")).click();
    assertEquals("2.75", waitFor(d, By.cssSelector("#tool-result .content-text")).getText());
    shot(d, "tools-" + revision);
    d.findElement(By.cssSelector("li.tool[data-name='echo_message']")).click();
    d.findElement(By.id("raw-toggle")).click();
    WebElement raw = d.findElement(By.id("raw-json"));
    raw.clear();
    raw.sendKeys("{\"message\": \"raw hello\"}");
    d.findElement(By.id("call-tool")).click();
    waitText(d, By.cssSelector("#tool-result .content-text"), "raw hello");
  }

  @Test
  void theSchemaFormBuildsNestedObjectsArraysEnumsAndOneOf() throws Exception {
    WebDriver d = open(http(lab), null);
    waitFor(d, By.cssSelector("li.tool[data-name='form_lab']")).click();
    d.findElement(By.name("arg-title")).sendKeys("Report");
    assertEquals("3", d.findElement(By.name("arg-count")).getDomProperty("value"), "the default is filled in");
    new Select(d.findElement(By.name("arg-mode"))).selectByVisibleText("fast");
    d.findElement(By.name("add-tags")).click();
    d.findElement(By.name("add-tags")).click();
    d.findElement(By.name("arg-tags.0")).sendKeys("a");
    d.findElement(By.name("arg-tags.1")).sendKeys("b");
    d.findElement(By.name("arg-owner.name")).sendKeys("Ada");
    assertEquals("email", d.findElement(By.name("arg-owner.email")).getDomAttribute("type"));
    new Select(d.findElement(By.name("variant-target"))).selectByVisibleText("by name");
    d.findElement(By.name("arg-target.name")).sendKeys("db");
    d.findElement(By.name("arg-dryRun")).click();
    shot(d, "tools-form");
    d.findElement(By.id("call-tool")).click();
    String echoed = waitFor(d, By.cssSelector("#tool-result .content-text")).getText();
    assertEquals(dev.mcpkit.core.json.Json.parse("{\"title\":\"Report\",\"count\":3,\"mode\":\"fast\",\"tags\":[\"a\",\"b\"],"
        + "\"owner\":{\"name\":\"Ada\"},\"target\":{\"name\":\"db\"},\"dryRun\":true}"), dev.mcpkit.core.json.Json.parse(echoed));
  }

  @Test
  void resultsAreRenderedByContentTypeWithIsErrorAndTheOutputSchemaCheck() throws Exception {
    WebDriver d = open(http(lab), null);
    waitFor(d, By.cssSelector("li.tool[data-name='media']")).click();
    d.findElement(By.id("call-tool")).click();
    assertEquals("some text", waitFor(d, By.cssSelector("#tool-result .content-text")).getText());
    assertTrue(d.findElement(By.cssSelector("#tool-result img.content-image")).getDomAttribute("src").startsWith("data:image/png;base64,"));
    assertTrue(d.findElement(By.cssSelector("#tool-result audio.content-audio")).getDomAttribute("src").startsWith("data:audio/wav;base64,"));
    assertEquals("embedded text", d.findElement(By.cssSelector("#tool-result .resource-text")).getText());
    assertEquals("lab://embedded", d.findElement(By.cssSelector("#tool-result .resource-uri")).getText());
    shot(d, "tools-media");
    d.findElement(By.cssSelector("li.tool[data-name='weather']")).click();
    d.findElement(By.id("call-tool")).click();
    assertEquals("matches the outputSchema", waitFor(d, By.id("output-check")).getText());
    assertTrue(d.findElement(By.id("structured-content")).getText().contains("21.5"));
    d.findElement(By.cssSelector("li.tool[data-name='fail']")).click();
    d.findElement(By.id("call-tool")).click();
    assertTrue(waitFor(d, By.id("tool-is-error")).getText().contains("isError"));
    assertEquals("it went wrong on purpose", d.findElement(By.cssSelector("#tool-result .content-text")).getText());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"2026-07-28", "2025-11-25"})
  void resourcesViewReadsAResourceAndASubscriptionShowsUpdatesLive(String revision) throws Exception {
    WebDriver d = open(http(demo), ProtocolVersion.parse(revision).orElseThrow());
    tab(d, "resources");
    waitFor(d, By.cssSelector("li.resource[data-uri='mcpkit://demo/about']")).click();
    assertTrue(waitFor(d, By.id("resource-contents")).getText().contains("# mcpkit demo"));
    shot(d, "resources-" + revision);
    d.findElement(By.cssSelector("li.resource[data-uri='mcpkit://demo/notes']")).click();
    waitText(d, By.id("resource-uri"), "mcpkit://demo/notes");
    d.findElement(By.id("subscribe")).click();
    waitText(d, By.id("subscribe"), "Subscribed");
    tab(d, "tools");
    waitFor(d, By.cssSelector("li.tool[data-name='save_note']")).click();
    d.findElement(By.name("arg-text")).sendKeys("buy milk");
    d.findElement(By.id("call-tool")).click();
    waitFor(d, By.cssSelector("#tool-result"));
    tab(d, "live");
    waitText(d, By.cssSelector("#live-list .live-notification"), "notifications/resources/updated");
    assertTrue(waitText(d, By.cssSelector("#live-list .live-notification"), "mcpkit://demo/notes").isDisplayed());
  }

  @Test
  void aTemplateVariableIsCompletedAndTheTemplateRead() throws Exception {
    WebDriver d = open(http(lab), null);
    tab(d, "resources");
    waitFor(d, By.cssSelector("li.template[data-uri='lab://cities/{city}']")).click();
    waitFor(d, By.name("var-city")).sendKeys("P");
    new WebDriverWait(d, Duration.ofSeconds(20)).until(x -> x.findElements(By.cssSelector("#complete-city option")).size() == 3);
    assertEquals(List.of("Paris", "Porto", "Prague"), d.findElements(By.cssSelector("#complete-city option")).stream()
        .map(o -> o.getDomAttribute("value")).toList());
    d.findElement(By.name("var-city")).sendKeys("orto");
    d.findElement(By.id("read-template")).click();
    waitText(d, By.id("resource-contents"), "You read lab://cities/Porto");
    shot(d, "resources-template");
  }

  @Test
  void promptsViewRendersTheMessages() throws Exception {
    WebDriver d = open(http(demo), ProtocolVersion.parse("2025-11-25").orElseThrow());
    tab(d, "prompts");
    waitFor(d, By.cssSelector("li.prompt[data-name='greet']")).click();
    d.findElement(By.name("parg-name")).sendKeys("Ada Lovelace");
    d.findElement(By.id("get-prompt")).click();
    WebElement messages = waitText(d, By.id("prompt-messages"), "Ada Lovelace");
    assertEquals("user", messages.findElement(By.className("message-role")).getText());
    shot(d, "prompts");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"2026-07-28", "2025-11-25"})
  void elicitationIsAnsweredInTheUiAndLogsAndProgressShowLive(String revision) throws Exception {
    WebDriver d = open(http(lab), ProtocolVersion.parse(revision).orElseThrow());
    tab(d, "live");
    new Select(waitFor(d, By.id("log-level"))).selectByVisibleText("debug");
    d.findElement(By.id("set-level")).click();
    waitText(d, By.id("set-level-result"), "level set to debug");
    tab(d, "tools");
    waitFor(d, By.cssSelector("li.tool[data-name='ask_name']")).click();
    d.findElement(By.id("call-tool")).click();
    assertEquals("What is your name?", waitFor(d, By.id("elicit-message")).getText());
    d.findElement(By.cssSelector("#elicit-form input[name='arg-name']")).sendKeys("Grace");
    shot(d, "elicitation-" + revision);
    d.findElement(By.id("elicit-accept")).click();
    waitText(d, By.cssSelector("#tool-result .content-text"), "accept:Grace");
    tab(d, "live");
    waitText(d, By.cssSelector("#live-list .live-log"), "asking for a name");
    waitText(d, By.cssSelector("#live-list .live-progress"), "halfway");
    shot(d, "live-" + revision);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"2026-07-28", "2025-11-25"})
  void samplingIsShownAndTheUsersReplySentAndRejected(String revision) throws Exception {
    WebDriver d = open(http(lab), ProtocolVersion.parse(revision).orElseThrow());
    waitFor(d, By.cssSelector("li.tool[data-name='ask_model']")).click();
    d.findElement(By.id("call-tool")).click();
    assertEquals("System prompt: You are a poet.", waitFor(d, By.id("sampling-system")).getText());
    WebElement message = d.findElement(By.cssSelector("#sampling-messages .sampling-message"));
    assertEquals("user", message.getDomAttribute("data-role"));
    assertTrue(message.getText().contains("Write a haiku about MCP"), message.getText());
    d.findElement(By.id("sampling-send")).click(); // an empty reply is not sent
    waitText(d, By.id("sampling-error"), "\"text\" (the reply) is required");
    d.findElement(By.id("sampling-reply")).sendKeys("Frames cross the wire");
    shot(d, "sampling-" + revision);
    d.findElement(By.id("sampling-send")).click();
    waitText(d, By.cssSelector("#tool-result .content-text"),
        "model mcpkit-inspector (written by the user) said: Frames cross the wire");
    assertTrue(d.findElement(By.id("elicitation")).getDomAttribute("hidden") != null);
    // rejected: the server's request fails (2025: a JSON-RPC error; 2026: the call's input round cannot complete)
    d.findElement(By.id("call-tool")).click();
    waitFor(d, By.id("sampling-reject")).click();
    String shown = waitFor(d, By.id("tool-result-box")).getText();
    new WebDriverWait(d, Duration.ofSeconds(20)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(x -> !x.findElement(By.id("tool-result-box")).getText().contains("calling"));
    shown = d.findElement(By.id("tool-result-box")).getText();
    assertFalse(shown.contains("Frames cross the wire"), shown);
    assertTrue(shown.contains("sampling failed") || shown.contains("rejected"), shown);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"2026-07-28", "2025-11-25"})
  void urlElicitationShowsTheUrlAndOpensItOnlyAfterConfirmation(String revision) throws Exception {
    WebDriver d = open(http(lab), ProtocolVersion.parse(revision).orElseThrow());
    String page = "http://127.0.0.1:" + lab.endpoint().getPort() + "/consent?step=1";
    waitFor(d, By.cssSelector("li.tool[data-name='open_page']")).click();
    d.findElement(By.name("arg-url")).sendKeys(page);
    d.findElement(By.id("call-tool")).click();
    assertEquals(page, waitFor(d, By.id("elicit-url")).getText());
    assertEquals("127.0.0.1:" + lab.endpoint().getPort(), d.findElement(By.id("elicit-url-host")).getText());
    assertEquals(1, d.getWindowHandles().size()); // shown, not opened
    shot(d, "elicitation-url-" + revision);
    String inspectorTab = d.getWindowHandle();
    d.findElement(By.id("elicit-open")).click();
    new WebDriverWait(d, Duration.ofSeconds(20)).until(x -> x.getWindowHandles().size() == 2);
    waitText(d, By.cssSelector("#tool-result .content-text"), "url:accept");
    String opened = d.getWindowHandles().stream().filter(h -> !h.equals(inspectorTab)).findFirst().orElseThrow();
    d.switchTo().window(opened);
    new WebDriverWait(d, Duration.ofSeconds(20)).until(x -> x.getCurrentUrl().equals(page));
    d.close();
    d.switchTo().window(inspectorTab);
    // a URL that is not a web page is never offered: declined by the inspector, nothing opens
    d.findElement(By.name("arg-url")).clear();
    d.findElement(By.name("arg-url")).sendKeys("file:///etc/passwd");
    d.findElement(By.id("call-tool")).click();
    waitText(d, By.cssSelector("#tool-result .content-text"), "url:decline");
    assertEquals(1, d.getWindowHandles().size());
  }

  @Test
  void networkViewShowsFramesAndHttpAndCopiesAsCurlAndMcpkitCall() throws Exception {
    WebDriver d = open(http(demo), ProtocolVersion.parse("2025-11-25").orElseThrow());
    waitFor(d, By.cssSelector("li.tool[data-name='echo_message']")).click();
    d.findElement(By.name("arg-message")).sendKeys("over the wire");
    d.findElement(By.id("call-tool")).click();
    waitText(d, By.cssSelector("#tool-result .content-text"), "over the wire");
    tab(d, "network");
    waitText(d, By.cssSelector("tr.kind-http .frame-summary"), "POST " + demo.endpoint() + " → 200");
    d.findElement(By.id("network-filter")).sendKeys("tools/call");
    WebElement sent = waitText(d, By.cssSelector("tr.dir-sent"), "→ tools/call");
    long visible = d.findElements(By.cssSelector("tr.frame-row")).stream().filter(WebElement::isDisplayed).count();
    assertTrue(visible >= 1 && visible < d.findElements(By.cssSelector("tr.frame-row")).size(), "the filter hides rows");
    sent.click();
    assertTrue(waitFor(d, By.id("frame-json")).getText().contains("over the wire"));
    d.findElement(By.id("copy-curl")).click();
    String curl = d.findElement(By.id("copy-output")).getDomProperty("value");
    assertTrue(curl.startsWith("curl -sS -X POST '" + demo.endpoint() + "'"), curl);
    assertTrue(curl.contains("Mcp-Session-Id: "), curl);
    assertTrue(curl.contains("MCP-Protocol-Version: 2025-11-25") || curl.contains("Mcp-Protocol-Version: 2025-11-25"), curl);
    assertTrue(curl.contains("\"over the wire\""), curl);
    d.findElement(By.id("copy-call")).click();
    String call = d.findElement(By.id("copy-output")).getDomProperty("value");
    assertEquals("mcpkit call '" + demo.endpoint() + "' tools/call --tool 'echo_message' --args-json "
        + "'{\"message\":\"over the wire\"}' --protocol 2025-11-25", call);
    shot(d, "network");
  }

  @Test
  void aStdioServerIsShownBeforeItIsStartedThenConnected() throws Exception {
    WebDriver d = open(null, null);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String command = String.join("\n", java, "-cp", System.getProperty("java.class.path"), "dev.mcpkit.cli.Main",
        "serve", "--stdio");
    ((JavascriptExecutor) d).executeScript("document.getElementById('command').value = arguments[0];", command);
    d.findElement(By.id("env")).sendKeys("DEMO_TOKEN=super-secret-value");
    d.findElement(By.id("connect")).click();
    WebElement shown = waitFor(d, By.id("confirm-command"));
    new WebDriverWait(d, Duration.ofSeconds(20)).until(x -> shown.isDisplayed());
    assertTrue(shown.getText().startsWith(java + " -cp "), shown.getText());
    assertTrue(shown.getText().contains("DEMO_TOKEN=•••"), shown.getText());
    assertFalse(d.getPageSource().contains("super-secret-value") && shown.getText().contains("super-secret-value"));
    assertEquals("idle", d.findElement(By.id("status")).getText(), "nothing runs before the user confirms");
    shot(d, "stdio-confirm");
    d.findElement(By.id("confirm-yes")).click();
    waitText(d, By.id("status"), "connected");
    tab(d, "tools");
    waitFor(d, By.cssSelector("li.tool[data-name='echo_message']")).click();
    d.findElement(By.name("arg-message")).sendKeys("via stdio");
    d.findElement(By.id("call-tool")).click();
    waitText(d, By.cssSelector("#tool-result .content-text"), "via stdio");
    tab(d, "server");
    assertEquals("stdio", waitFor(d, By.id("transport")).getText());
    assertFalse(d.findElement(By.id("target")).getText().contains("super-secret-value"));
  }

  @Test
  void headerValuesAreMaskedInTheUi() throws Exception {
    ServerSpec target = ServerSpec.builder().transport("http").url(demo.endpoint().toString())
        .headers(Map.of("X-Api-Key", "key-that-must-not-show")).build();
    WebDriver d = open(target, null);
    tab(d, "server");
    String shown = waitFor(d, By.id("target")).getText();
    assertTrue(shown.contains("X-Api-Key") && shown.contains("•••"), shown);
    tab(d, "network");
    waitFor(d, By.cssSelector("tr.frame-row"));
    assertFalse(d.getPageSource().contains("key-that-must-not-show"));
  }

  @Test
  void aFailedConnectionFromThePageSaysWhy() throws Exception {
    WebDriver d = open(null, null);
    int dead = LoopbackPorts.free();
    d.findElement(By.id("url")).sendKeys("http://127.0.0.1:" + dead + "/mcp");
    d.findElement(By.id("connect")).click();
    waitText(d, By.id("status"), "failed");
    WebElement error = waitFor(d, By.id("connect-error"));
    assertTrue(error.isDisplayed());
    assertTrue(error.getText().contains("127.0.0.1:" + dead), error.getText());
    assertFalse(error.getText().contains("Exception"), error.getText());
    shot(d, "connect-failed");
  }

  @Test
  void aServerOfAHostConfigurationFileInTheProjectIsPickedInThePage(@org.junit.jupiter.api.io.TempDir Path project)
      throws Exception {
    Files.createDirectories(project.resolve(".vscode"));
    Files.writeString(project.resolve(".vscode/mcp.json"), "{\"servers\": {\"demo\": {\"type\": \"http\", \"url\": \""
        + demo.endpoint() + "\", \"headers\": {\"X-Team-Key\": \"team-key-not-shown\"}}}}");
    WebDriver d = open(Inspector.builder().projectDirectory(project), false);
    String file = project.resolve(".vscode/mcp.json").toString();
    new Select(waitFor(d, By.id("config-server"))).selectByVisibleText("demo — " + file);
    d.findElement(By.id("connect-config")).click();
    waitText(d, By.id("status"), "connected");
    tab(d, "server");
    String target = waitFor(d, By.id("target")).getText();
    assertTrue(target.contains("\"name\": \"demo\"") && target.contains("X-Team-Key"), target);
    assertFalse(d.getPageSource().contains("team-key-not-shown"));
    shot(d, "connect-config");
  }
}
