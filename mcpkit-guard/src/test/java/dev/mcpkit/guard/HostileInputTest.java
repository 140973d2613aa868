package dev.mcpkit.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.node.ObjectNode;

/**
 * The scanner reads what hostile servers send: texts of a million characters built to make patterns backtrack
 * (long blank runs, many identifiers, long tokens before an '@') and schemas nested past any sensible depth must be
 * scanned in one pass, and still be reported. The timeout only stops a hang; it asserts no speed.
 */
class HostileInputTest {

  private static List<Finding> scanDescription(String description) {
    ObjectNode doc = Json.object();
    doc.putObject("serverInfo").put("name", "hostile");
    ObjectNode tool = doc.putArray("tools").addObject().put("name", "t").put("description", description);
    tool.putObject("inputSchema").put("type", "object");
    return Guard.standard().scan(new ServerSurface("hostile", doc));
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void millionCharacterTextsAreScannedInOnePass() {
    assertThat(scanDescription(" ".repeat(1_000_000))).extracting(Finding::code).contains("MCP-G040");
    assertThat(scanDescription("\n ".repeat(500_000) + "x")).extracting(Finding::code).contains("MCP-G041");
    assertThat(scanDescription("a_b ".repeat(250_000))).extracting(Finding::code).contains("MCP-G040");
    assertThat(scanDescription("a".repeat(1_000_000))).extracting(Finding::code).contains("MCP-G040");
    assertThat(scanDescription("send to " + "a.".repeat(500_000))).extracting(Finding::code).contains("MCP-G040");
    assertThat(scanDescription("+1" + "1 ".repeat(500_000))).extracting(Finding::code).contains("MCP-G040");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aSchemaNestedThousandsDeepIsWalkedToTheBoundOnly() {
    ObjectNode doc = Json.object();
    ObjectNode schema = doc.putArray("tools").addObject().put("name", "deep").putObject("inputSchema");
    ObjectNode at = schema;
    for (int i = 0; i < 5000; i++) {
      at = at.putObject("properties").putObject("p").put("description", "level " + i);
    }
    at.put("description", "<IMPORTANT>too deep to matter</IMPORTANT>");
    List<Finding> findings = Guard.standard().scan(new ServerSurface("deep", doc));
    assertThat(findings).noneMatch(f -> f.code().equals("MCP-G012"));
  }
}
