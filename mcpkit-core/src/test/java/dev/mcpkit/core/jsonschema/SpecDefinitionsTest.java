package dev.mcpkit.core.jsonschema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * {@link SpecDefinitions}: each definition, read from its own bytes, is the tree the whole document's parse
 * gives; a schema gets exactly the definitions it reaches; only those are parsed.
 */
class SpecDefinitionsTest {

  private static JsonNode wholeDocument(String revision) throws Exception {
    try (InputStream in = SpecDefinitions.class.getResourceAsStream("mcp/" + revision + ".json")) {
      return Json.parse(in.readAllBytes());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"2025-11-25", "2026-07-28"})
  void everyDefinitionIsTheTreeOfTheWholeDocument(String revision) throws Exception {
    JsonNode defs = wholeDocument(revision).get("$defs");
    SpecDefinitions index = SpecDefinitions.load("mcp/" + revision + ".json");
    Set<String> names = new HashSet<>();
    index.names().forEach(names::add);
    assertThat(names).containsExactlyInAnyOrderElementsOf(defs.propertyNames());
    for (String name : names) {
      assertThat(index.get(name)).as(name).isEqualTo(defs.get(name));
    }
    assertThat(index.get("NoSuchDefinition")).isNull();
    assertThat(index.at("#/$defs/CallToolRequest/properties/params"))
        .isEqualTo(defs.at("/CallToolRequest/properties/params"));
    assertThat(index.at("#/$defs/NoSuchDefinition/properties").isMissingNode()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"2025-11-25", "2026-07-28"})
  void aSchemaGetsTheDefinitionsItReachesAndOnlyThoseAreParsed(String revision) throws Exception {
    JsonNode defs = wholeDocument(revision).get("$defs");
    SpecDefinitions index = SpecDefinitions.load("mcp/" + revision + ".json");
    JsonNode params = index.at("#/$defs/CallToolRequest/properties/params");
    var reached = index.reachableFrom(params);
    // Every $ref inside the reached set (and the params schema) names a member of it: the closure is complete.
    Set<String> refs = new HashSet<>();
    collectRefs(params, refs);
    reached.values().forEach(d -> collectRefs(d, refs));
    assertThat(reached.propertyNames()).containsExactlyInAnyOrderElementsOf(refs);
    reached.properties().forEach(e -> assertThat(e.getValue()).isEqualTo(defs.get(e.getKey())));
    assertThat(reached.size()).isLessThan(defs.size() / 4);
    // CallToolRequest itself and what the params schema reaches; not the document's 145+ definitions.
    assertThat(index.parsedCount()).isEqualTo(1 + reached.size() - (reached.has("CallToolRequest") ? 1 : 0));
  }

  private static void collectRefs(JsonNode n, Set<String> into) {
    if (n.isObject() && n.path("$ref").isString()) {
      into.add(n.get("$ref").asString().substring("#/$defs/".length()));
    }
    n.values().forEach(v -> collectRefs(v, into));
  }
}
