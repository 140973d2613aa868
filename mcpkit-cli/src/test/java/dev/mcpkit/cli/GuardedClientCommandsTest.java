package dev.mcpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.cli.demo.DemoServer;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.guard.corpus.MaliciousServers;
import dev.mcpkit.server.http.McpHttpServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * {@code mcpkit list} and {@code mcpkit call} through mcpkit-guard's interceptor: every server
 * of the guard's malicious corpus has its poisoned definition hidden and named on stderr with its rule (exit 7), a
 * call of the poisoned tool is refused (exit 7); {@code --no-guard} shows it; a clean server lists as before.
 */
class GuardedClientCommandsTest {

  static java.util.stream.Stream<String> cases() {
    return MaliciousServers.CASES.keySet().stream();
  }

  private static List<String> tools(String json) {
    List<String> names = new ArrayList<>();
    Json.parse(json).path("tools").forEach(t -> names.add(t.path("name").asString()));
    return names;
  }

  @ParameterizedTest
  @MethodSource("cases")
  void eachMaliciousServerIsFlaggedByListAndItsPoisonedToolRefusedByCall(String name) throws Exception {
    MaliciousServers.Case c = MaliciousServers.CASES.get(name);
    try (McpHttpServer http = McpHttpServer.builder(c.server().get()).port(0).build().start()) {
      String url = http.endpoint().toString();
      Cli.Result open = InProcessCli.run("list", "--json", "--no-guard", url);
      assertThat(open.exit()).as(open.toString()).isZero();
      List<String> all = tools(open.out());

      Cli.Result guarded = InProcessCli.run("list", "--json", url);
      assertThat(guarded.exit()).as(guarded.toString()).isEqualTo(ExitCodes.GUARD_BLOCKED);
      assertThat(guarded.err()).contains("hidden by mcpkit-guard: ").contains(c.expectedCode());
      assertThat(guarded.err() + guarded.out()).doesNotContain("\udb40", "\u200b", "\u202e", "\u001b");
      List<String> shown = tools(guarded.out());
      if (!name.equals("poisoned-instructions")) { // there the instructions are withheld, the tool is clean
        assertThat(shown).as("the poisoned tool is hidden").hasSizeLessThan(all.size());
        String poisoned = all.stream().filter(t -> !shown.contains(t)).findFirst().orElseThrow();
        Cli.Result call = InProcessCli.run("call", url, "tools/call", "--tool", poisoned);
        assertThat(call.exit()).as(call.toString()).isEqualTo(ExitCodes.GUARD_BLOCKED);
        assertThat(call.err()).contains("mcpkit: blocked by mcpkit-guard: ").contains(c.expectedCode());
        Cli.Result listed = InProcessCli.run("call", url, "tools/list");
        assertThat(listed.exit()).as(listed.toString()).isEqualTo(ExitCodes.GUARD_BLOCKED);
      }
    }
  }

  @Test
  void aCleanServerListsAndCallsAsBeforeAndBadGuardOptionsAreUsageErrors() throws Exception {
    try (McpHttpServer http = McpHttpServer.builder(DemoServer.create()).port(0).build().start()) {
      String url = http.endpoint().toString();
      Cli.Result r = InProcessCli.run("list", url);
      assertThat(r.exit()).as(r.toString()).isZero();
      assertThat(r.err()).doesNotContain("mcpkit-guard");
      Cli.Result bad = InProcessCli.run("list", "--guard-threshold", "severe", url);
      assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
      assertThat(bad.err()).contains("mcpkit list: ").contains("unknown severity \"severe\"");
      Cli.Result noRules = InProcessCli.run("call", "--rules", "/nonexistent/rules.json", url, "ping");
      assertThat(noRules.exit()).isEqualTo(ExitCodes.USAGE);
      assertThat(noRules.err()).contains("no such rule file");
    }
  }
}
