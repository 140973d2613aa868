package dev.mcpkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpkit.client.config.ServerSpec;
import dev.mcpkit.client.testing.NodePeers;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.inspector.web.Inspector;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * {@code mcpkit inspect}'s UI in headless Chromium against servers mcpkit did not write: the reference
 * server-everything (2025 era only; over Streamable HTTP, forced onto 127.0.0.1, and over stdio) and the TypeScript SDK
 * v2 server pinned to 2026-07-28 (HTTP, and its stdio server). Each test clicks through what the server offers and
 * checks what the page shows; every peer process is stopped at the end.
 */
class InspectPeersBrowserTest {

  private static NodePeers.HttpPeer everything;
  private static NodePeers.HttpPeer tsModern;
  private Inspector inspector;
  private InspectPage page;

  @BeforeAll
  static void peers() throws Exception {
    everything = NodePeers.everythingHttp();
    tsModern = NodePeers.tsHttp("modern");
  }

  @AfterAll
  static void stopPeers() {
    if (everything != null) {
      everything.close();
    }
    if (tsModern != null) {
      tsModern.close();
    }
  }

  @AfterEach
  void stop() {
    if (page != null) {
      page.close();
    }
    if (inspector != null) {
      inspector.close(); // a stdio target's process is stopped with the connection
    }
  }

  /** Starts the inspector on {@code target}, opens its page and waits until it is connected. */
  private InspectPage open(ServerSpec target, ProtocolVersion protocol) throws Exception {
    inspector = Inspector.builder().target(target).protocol(protocol).start();
    page = InspectPage.open(inspector.launchUrl().toString());
    page.waitText(By.id("status"), "connected");
    return page;
  }

  private static ServerSpec http(NodePeers.HttpPeer peer) {
    return ServerSpec.builder().transport("http").url(peer.endpoint().toString()).build();
  }

  /** A stdio peer: {@code node SCRIPT ARGS...} run in the peers' folder (as NodePeers starts them). */
  private static ServerSpec stdio(String script, String... args) {
    List<String> argv = new java.util.ArrayList<>(List.of(NodePeers.node().toString(), script));
    argv.addAll(List.of(args));
    return ServerSpec.builder().transport("stdio").argv(argv).cwd(NodePeers.dir().toString()).build();
  }

  private void callTool(InspectPage p, String tool) {
    p.tab("tools");
    p.click(By.cssSelector("li.tool[data-name='" + tool + "']"));
    p.waitText(By.id("tool-name"), tool);
  }

  @Test
  void serverEverythingOverHttpToolsElicitationSamplingResourcesPromptsAndProgress() throws Exception {
    InspectPage p = open(http(everything), null);
    p.tab("server");
    assertEquals("mcp-servers/everything", p.waitFor(By.id("server-name")).getText());
    assertEquals(ProtocolVersion.V2025_11_25.id(), p.waitFor(By.id("protocol-version")).getText(),
        "server-everything speaks the 2025 era only: the negotiation falls back");
    // the tools it registers only for a client that declared elicitation and sampling are listed
    p.tab("tools");
    for (String tool : List.of("echo", "get-sum", "trigger-elicitation-request", "trigger-sampling-request",
        "trigger-long-running-operation")) {
      p.waitFor(By.cssSelector("li.tool[data-name='" + tool + "']"));
    }
    callTool(p, "echo");
    p.type("arg-message", "hello everything");
    p.click(By.id("call-tool"));
    p.waitText(By.cssSelector("#tool-result .content-text"), "Echo: hello everything");

    // elicitation: its form (many field kinds) answered in the UI
    callTool(p, "trigger-elicitation-request");
    p.click(By.id("call-tool"));
    p.waitText(By.id("elicit-message"), "Please provide inputs for the following fields:");
    assertEquals("It was a dark and stormy night.", p.waitFor(By.cssSelector("#elicit-form input[name='arg-firstLine']"))
        .getDomProperty("value"), "its defaults are filled in");
    p.waitFor(By.cssSelector("#elicit-form input[name='arg-name']")).sendKeys("Grace Hopper");
    // titled enums (oneOf/anyOf of consts, and the legacy enumNames) are selects labelled by their titles
    new Select(p.waitFor(By.cssSelector("#elicit-form select[name='arg-titledSingleSelectEnum']")))
        .selectByVisibleText("Green Lantern");
    assertEquals("Cats", new Select(p.waitFor(By.cssSelector("#elicit-form select[name='arg-legacyTitledEnum']")))
        .getFirstSelectedOption().getText());
    assertEquals("Tuna", new Select(p.waitFor(By.cssSelector(
        "#elicit-form select[name='arg-titledMultipleSelectEnum.0']"))).getFirstSelectedOption().getText());
    p.shot("peers-everything-elicitation");
    p.click(By.id("elicit-accept"));
    p.waitText(By.cssSelector("#tool-result .content-text"), "User provided the requested information");
    String answered = p.waitText(By.cssSelector("#tool-result .content-text"), "Raw result").getText().replaceAll("\\s", "");
    for (String field : List.of("\"name\":\"GraceHopper\"", "\"titledSingleSelectEnum\":\"hero-2\"",
        "\"titledMultipleSelectEnum\":[\"fish-1\"]", "\"untitledMultipleSelectEnum\":[\"Guitar\"]",
        "\"legacyTitledEnum\":\"pet-1\"", "\"integer\":42", "\"action\":\"accept\"")) {
      assertTrue(answered.contains(field), field + " in " + answered);
    }
    p.waitText(By.cssSelector("#tool-result .content-text"), "- Name: Grace Hopper");

    // sampling: the request shown, the user's reply sent back
    callTool(p, "trigger-sampling-request");
    p.type("arg-prompt", "a haiku about frames");
    p.click(By.id("call-tool"));
    assertEquals("System prompt: You are a helpful test server.", p.waitFor(By.id("sampling-system")).getText());
    WebElement message = p.waitFor(By.cssSelector("#sampling-messages .sampling-message"));
    assertEquals("user", message.getDomAttribute("data-role"));
    assertTrue(message.getText().contains("context: a haiku about frames"), message.getText());
    p.waitFor(By.id("sampling-reply")).sendKeys("Frames cross the wire");
    p.shot("peers-everything-sampling");
    p.click(By.id("sampling-send"));
    WebElement sampled = p.waitText(By.cssSelector("#tool-result .content-text"), "LLM sampling result");
    assertTrue(sampled.getText().contains("Frames cross the wire"), sampled.getText());
    assertTrue(sampled.getText().contains("mcpkit-inspector (written by the user)"), sampled.getText());

    // progress of its long-running tool (kept short), shown live
    callTool(p, "trigger-long-running-operation");
    p.type("arg-duration", "1");
    p.type("arg-steps", "2");
    p.click(By.id("call-tool"));
    p.waitText(By.cssSelector("#tool-result .content-text"), "Long running operation completed. Duration: 1 seconds, Steps: 2.");
    p.tab("live");
    p.waitText(By.cssSelector("#live-list .live-progress"), "progress 1/2");
    p.waitText(By.cssSelector("#live-list .live-progress"), "progress 2/2");
    p.shot("peers-everything-progress");

    // a resource read, and a template read
    p.tab("resources");
    p.click(By.cssSelector("li.resource[data-uri='demo://resource/static/document/features.md']"));
    p.waitText(By.id("resource-contents"), "# Everything Server - Features");
    p.click(By.cssSelector("li.template[data-uri='demo://resource/dynamic/text/{resourceId}']"));
    p.type("var-resourceId", "1");
    p.click(By.id("read-template"));
    p.waitText(By.id("resource-contents"), "Resource 1: This is a plaintext resource");

    // a prompt with arguments, its messages rendered
    p.tab("prompts");
    p.click(By.cssSelector("li.prompt[data-name='args-prompt']"));
    p.type("parg-city", "Paris");
    p.type("parg-state", "Texas");
    p.click(By.id("get-prompt"));
    WebElement messages = p.waitText(By.id("prompt-messages"), "What's weather in Paris, Texas?");
    assertEquals("user", messages.findElement(By.className("message-role")).getText());
    p.shot("peers-everything-prompt");
  }

  @Test
  void serverEverythingOverStdioAnswersAToolAndAnElicitation() throws Exception {
    InspectPage p = open(stdio(NodePeers.everything().toString(), "stdio"), null);
    p.tab("server");
    assertEquals("stdio", p.waitFor(By.id("transport")).getText());
    assertEquals("mcp-servers/everything", p.waitFor(By.id("server-name")).getText());
    callTool(p, "get-sum");
    p.type("arg-a", "2");
    p.type("arg-b", "3");
    p.click(By.id("call-tool"));
    p.waitText(By.cssSelector("#tool-result .content-text"), "The sum of 2 and 3 is 5.");
    callTool(p, "trigger-elicitation-request");
    p.click(By.id("call-tool"));
    p.waitFor(By.cssSelector("#elicit-form input[name='arg-name']")).sendKeys("Ada");
    p.click(By.id("elicit-decline"));
    p.waitText(By.cssSelector("#tool-result .content-text"), "User declined to provide the requested information.");
  }

  @Test
  void theTypeScriptSdkV2ServerIsInspectedIn2026() throws Exception {
    // negotiated, not forced: the page connects in 2026-07-28 because the server offers it (it refuses the 2025 era)
    InspectPage p = open(http(tsModern), null);
    p.tab("server");
    assertEquals("ts-v2-peer", p.waitFor(By.id("server-name")).getText());
    assertEquals(ProtocolVersion.V2026_07_28.id(), p.waitFor(By.id("protocol-version")).getText());
    p.tab("tools");
    p.waitFor(By.cssSelector("li.tool[data-name='add']"));
    assertEquals(List.of("add"), p.d.findElements(By.cssSelector("li.tool")).stream()
        .map(e -> e.getDomAttribute("data-name")).toList());
    callTool(p, "add");
    p.type("arg-a", "20");
    p.type("arg-b", "22");
    p.click(By.id("call-tool"));
    assertEquals("42", p.waitText(By.cssSelector("#tool-result .content-text"), "42").getText());
    p.tab("resources");
    p.click(By.cssSelector("li.resource[data-uri='peer://greeting']"));
    p.waitText(By.id("resource-contents"), "hello (era modern)");
    p.tab("network");
    p.waitText(By.cssSelector("tr.dir-sent"), "→ tools/call");
    p.shot("peers-ts-v2-2026");
  }

  @Test
  void theTypeScriptSdkV2StdioServerIsInspectedIn2026() throws Exception {
    InspectPage p = open(stdio(NodePeers.dir().resolve("stdio-server.mjs").toString(), "modern"), ProtocolVersion.V2026_07_28);
    p.tab("server");
    assertEquals(ProtocolVersion.V2026_07_28.id(), p.waitFor(By.id("protocol-version")).getText());
    callTool(p, "add");
    p.type("arg-a", "1");
    p.type("arg-b", "2");
    p.click(By.id("call-tool"));
    assertEquals("3", p.waitText(By.cssSelector("#tool-result .content-text"), "3").getText());
    p.tab("prompts");
    p.click(By.cssSelector("li.prompt[data-name='greet']"));
    p.type("parg-name", "Ada");
    p.click(By.id("get-prompt"));
    p.waitText(By.id("prompt-messages"), "Say hello to Ada");
  }
}
