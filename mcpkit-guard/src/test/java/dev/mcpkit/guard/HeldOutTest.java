package dev.mcpkit.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The held-out set ({@code held-out.json}): published poisoning and shadowing examples the rules were not tuned on.
 * Each must get a finding of high severity or more, with the codes the file expects.
 */
class HeldOutTest {

  static Stream<JsonNode> cases() throws Exception {
    try (var in = HeldOutTest.class.getResourceAsStream("/held-out.json")) {
      List<JsonNode> all = new ArrayList<>();
      Json.parse(in.readAllBytes()).path("cases").forEach(all::add);
      assertThat(all).hasSizeGreaterThanOrEqualTo(5);
      return all.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachPublishedExampleIsCaught(JsonNode c) {
    String id = c.path("id").asString();
    List<Finding> findings = Guard.standard().scan(new ServerSurface(id, c.path("surface")));
    assertThat(findings).as(id).anyMatch(f -> f.severity().atLeast(Severity.HIGH));
    List<String> expected = new ArrayList<>();
    c.path("expect").forEach(e -> expected.add(e.asString()));
    assertThat(findings).as(id + ": " + findings).extracting(Finding::code).containsAll(expected);
  }
}
