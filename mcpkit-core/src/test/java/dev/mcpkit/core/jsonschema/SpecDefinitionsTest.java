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

  /**
   * Each document's spans file is the one {@link SpecDefinitions#spansOf} makes from it, and loading uses it. After
   * a deliberate change of a document: {@code -Dspec.spans.update=true} rewrites the spans files (then review).
   */
  @ParameterizedTest
  @ValueSource(strings = {"2025-11-25", "2026-07-28"})
  void theShippedSpansAreTheDocumentsOwnAndLoadingUsesThem(String revision) throws Exception {
    String name = "mcp/" + revision + ".json";
    byte[] bytes;
    try (InputStream in = SpecDefinitions.class.getResourceAsStream(name)) {
      bytes = in.readAllBytes();
    }
    String expected = SpecDefinitions.spansOf(name, bytes);
    if (Boolean.getBoolean("spec.spans.update")) {
      java.nio.file.Files.writeString(java.nio.file.Path.of("src/main/resources/dev/mcpkit/core/jsonschema", name + ".spans"),
          expected);
    }
    try (InputStream in = SpecDefinitions.class.getResourceAsStream(name + ".spans")) {
      assertThat(in).as(name + ".spans (make it with -Dspec.spans.update=true)").isNotNull();
      assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
          .as(name + ".spans is stale: remake it with -Dspec.spans.update=true").isEqualTo(expected);
    }
    assertThat(SpecDefinitions.load(name).fromSpansFile()).isTrue();
  }

  /** Spans made from other bytes (the document edited, its spans not remade) are not used: the document is tokenized. */
  @Test
  void spansOfAnotherDocumentAreIgnored() throws Exception {
    String name = "mcp/2025-11-25.json";
    byte[] bytes;
    try (InputStream in = SpecDefinitions.class.getResourceAsStream(name)) {
      bytes = in.readAllBytes();
    }
    String spans = SpecDefinitions.spansOf(name, bytes);
    byte[] edited = new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
        .replaceFirst("\\{", "{ ").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    SpecDefinitions stale = SpecDefinitions.load(name, edited, spans);
    assertThat(stale.fromSpansFile()).isFalse();
    JsonNode defs = Json.parse(edited).get("$defs");
    assertThat(stale.get("CallToolRequest")).isEqualTo(defs.get("CallToolRequest"));
    assertThat(SpecDefinitions.load(name, bytes, spans).fromSpansFile()).isTrue();
  }

  private static void collectRefs(JsonNode n, Set<String> into) {
    if (n.isObject() && n.path("$ref").isString()) {
      into.add(n.get("$ref").asString().substring("#/$defs/".length()));
    }
    n.values().forEach(v -> collectRefs(v, into));
  }
}
