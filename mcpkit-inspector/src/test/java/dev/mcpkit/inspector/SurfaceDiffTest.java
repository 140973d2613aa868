package dev.mcpkit.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.client.McpClient;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.schema.GetPromptResult;
import dev.mcpkit.core.schema.PromptArgument;
import dev.mcpkit.core.schema.ToolAnnotations;
import dev.mcpkit.guard.Pins;
import dev.mcpkit.guard.ServerSurface;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.McpServerBuilder;
import dev.mcpkit.server.ServerPrompt;
import dev.mcpkit.server.ServerResource;
import dev.mcpkit.server.ServerResourceTemplate;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Snapshots of real mcpkit servers on 127.0.0.1 (one base surface and variants of it) and the classification of
 * their diff: each breaking rule, each non-breaking kind, identical surfaces, and that a snapshot's hashes are the
 * guard's pin hashes.
 */
class SurfaceDiffTest {

  static final String ADD_IN = """
      {"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}},"required":["a","b"]}""";
  static final String ADD_OUT = """
      {"type":"object","properties":{"sum":{"type":"number"},"note":{"type":"string"}},"required":["sum"]}""";
  static final String MODE_IN = """
      {"type":"object","properties":{"mode":{"type":"string","enum":["fast","slow"]}}}""";

  /** The base surface with {@code variant} applied (see the cases below). */
  static McpServer server(String variant) {
    String addIn = switch (variant) {
      case "newRequired" -> ADD_IN.replace("\"required\":[\"a\",\"b\"]", "\"required\":[\"a\",\"b\",\"c\"]")
          .replace("\"b\":{\"type\":\"number\"}", "\"b\":{\"type\":\"number\"},\"c\":{\"type\":\"number\"}");
      case "becameRequired" -> ADD_IN.replace("\"b\":{\"type\":\"number\"}", "\"b\":{\"type\":\"number\"},"
          + "\"c\":{\"type\":\"number\"}").replace("\"required\":[\"a\",\"b\"]", "\"required\":[\"a\",\"b\",\"c\"]");
      case "narrowed" -> ADD_IN.replace("\"a\":{\"type\":\"number\"}", "\"a\":{\"type\":\"integer\"}");
      case "additive" -> ADD_IN.replace("\"b\":{\"type\":\"number\"}", "\"b\":{\"type\":\"number\"},"
          + "\"precision\":{\"type\":\"integer\"}").replace("\"a\":{\"type\":\"integer\"}", "");
      case "widenedInput" -> ADD_IN.replace("\"a\":{\"type\":\"number\"}", "\"a\":{\"type\":[\"number\",\"string\"]}");
      default -> ADD_IN;
    };
    String addOut = switch (variant) {
      case "outputWidened" -> ADD_OUT.replace("\"sum\":{\"type\":\"number\"}", "\"sum\":{\"type\":[\"number\",\"string\"]}");
      case "outputRequiredRemoved" -> ADD_OUT.replace("\"required\":[\"sum\"]", "\"required\":[]");
      case "additive" -> ADD_OUT.replace("\"note\":{\"type\":\"string\"}", "\"note\":{\"type\":\"string\"},"
          + "\"exact\":{\"type\":\"boolean\"}");
      default -> ADD_OUT;
    };
    String modeIn = switch (variant) {
      case "enumRemoved" -> MODE_IN.replace(",\"slow\"", "");
      case "additive" -> MODE_IN.replace("\"slow\"", "\"slow\",\"careful\"");
      default -> MODE_IN;
    };
    McpServerBuilder b = McpServer.builder().name("diff-subject").version("1")
        .tool(ServerTool.builder("add").description(variant.equals("additive") ? "Adds two numbers, exactly" : "Adds")
            .inputSchema(addIn).outputSchema(Json.parse(addOut))
            .annotations(new ToolAnnotations(null, !variant.equals("annotation"), null, null, null))
            .handler(call -> ToolResults.text("3")).build())
        .resource(ServerResource.builder("mcpkit://about", "about").text("about").build());
    if (!variant.equals("toolRemoved")) {
      b.tool(ServerTool.builder("mode").description("Sets the mode").inputSchema(modeIn)
          .handler(call -> ToolResults.text("ok")).build());
    }
    if (variant.equals("additive")) {
      b.tool(ServerTool.builder("multiply").description("Multiplies").inputSchema(ADD_IN)
          .handler(call -> ToolResults.text("2")).build());
    }
    if (!variant.equals("promptRemoved")) {
      List<PromptArgument> args = new ArrayList<>(List.of(new PromptArgument("name", null, "Who", true)));
      if (variant.equals("promptRequired")) {
        args.add(new PromptArgument("tone", null, "How", true));
      }
      b.prompt(ServerPrompt.builder("greet").description("Greets").arguments(args)
          .handler(r -> GetPromptResult.of("hi")).build());
    }
    if (!variant.equals("resourceRemoved")) {
      b.resource(ServerResource.builder("mcpkit://notes", "notes").text("notes").build());
    }
    if (!variant.equals("templateRemoved")) {
      b.resourceTemplate(ServerResourceTemplate.builder("mcpkit://notes/{id}", "note")
          .reader(read -> { throw new IllegalStateException("not read in this test"); }).build());
    }
    return b.build();
  }

  static Snapshot snapshot(McpServer server) throws Exception {
    try (McpHttpServer http = McpHttpServer.builder(server).port(0).build().start();
        McpClient client = McpClient.connect(http.endpoint().toString())) {
      return Snapshot.take(client);
    }
  }

  static SurfaceDiff diff(String before, String after) throws Exception {
    return SurfaceDiff.of(snapshot(server(before)), snapshot(server(after)));
  }

  @Test
  void identicalServersHaveNoChangesAndTheSameSnapshotText() throws Exception {
    Snapshot a = snapshot(server("base"));
    Snapshot b = snapshot(server("base"));
    assertThat(a.toJson()).isEqualTo(b.toJson());
    SurfaceDiff d = SurfaceDiff.of(a, b);
    assertThat(d.changes()).isEmpty();
    assertThat(d.breaking()).isFalse();
    assertThat(d.lines()).containsExactly("No changes.");
  }

  @Test
  void theSnapshotHoldsTheWholeSurfaceAndTheGuardsPinHashes() throws Exception {
    McpServer server = server("base");
    try (McpHttpServer http = McpHttpServer.builder(server).port(0).build().start();
        McpClient client = McpClient.connect(http.endpoint().toString())) {
      Snapshot s = Snapshot.take(client);
      var pin = Pins.pin(ServerSurface.fetch("x", client), http.endpoint().toString(), List.of());
      assertThat(s.document().path("format").asString()).isEqualTo("mcpkit-snapshot");
      assertThat(s.document().path("version").asInt()).isEqualTo(1);
      assertThat(s.document().path("serverInfo").path("name").asString()).isEqualTo("diff-subject");
      assertThat(s.document().path("protocolVersion").asString()).isNotEmpty();
      assertThat(s.document().path("capabilities").has("tools")).isTrue();
      assertThat(s.definitions("tools").get(0).path("inputSchema").path("required").toString()).contains("a", "b");
      assertThat(s.definitions("resourceTemplates").get(0).path("uriTemplate").asString()).isEqualTo("mcpkit://notes/{id}");
      assertThat(s.definitions("prompts").get(0).path("name").asString()).isEqualTo("greet");
      assertThat(pin.definitions()).isNotEmpty();
      pin.definitions().forEach((key, def) -> assertThat(s.hash(key)).as(key).isEqualTo(def.sha256()));
      assertThat(Snapshot.parse(s.toJson())).isEqualTo(s);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = "=>", textBlock = """
      toolRemoved           => removed tool "mode": no longer offered
      promptRemoved         => removed prompt "greet": no longer offered
      resourceRemoved       => removed resource "mcpkit://notes": no longer offered
      templateRemoved       => removed resource template "mcpkit://notes/{id}": no longer offered
      newRequired           => changed tool "add": /inputSchema/properties/c: new required input "c"
      narrowed              => changed tool "add": /inputSchema/properties/a: input type narrowed from number to integer
      enumRemoved           => changed tool "mode": /inputSchema/properties/mode: input enum value "slow" removed
      outputWidened         => changed tool "add": /outputSchema/properties/sum: output type widened from number to number|string
      outputRequiredRemoved => changed tool "add": /outputSchema/properties/sum: required output field "sum" no longer required
      promptRequired        => changed prompt "greet": /arguments: new required argument "tone"
      """)
  void eachBreakingRule(String variant, String expected) throws Exception {
    SurfaceDiff d = diff("base", variant);
    assertThat(d.breaking()).as(d.lines().toString()).isTrue();
    assertThat(d.changes()).filteredOn(SurfaceDiff.Change::breaking)
        .extracting(c -> c.kind() + " " + c.subject() + ": " + c.detail()).contains(expected);
    assertThat(d.lines().getFirst()).startsWith("BREAKING");
  }

  @Test
  void additiveChangesAreReportedAsNonBreaking() throws Exception {
    SurfaceDiff d = diff("base", "additive");
    assertThat(d.breaking()).as(d.lines().toString()).isFalse();
    assertThat(d.changes()).extracting(c -> c.kind() + " " + c.subject() + ": " + c.detail()).contains(
        "added tool \"multiply\": newly offered",
        "changed tool \"add\": /inputSchema/properties/precision: new optional input \"precision\"",
        "changed tool \"add\": /outputSchema/properties/exact: new output field \"exact\"",
        "changed tool \"add\": /description changed: \"Adds\" -> \"Adds, two numbers, exactly\"".replace("Adds, two", "Adds two"),
        "changed tool \"mode\": /inputSchema/properties/mode: input enum value \"careful\" added");
    assertThat(d.changes()).anyMatch(c -> c.detail().startsWith("pin hash sha256:"));
    assertThat(d.toJson().path("breaking").asInt()).isZero();
    assertThat(d.toJson().path("nonBreaking").asInt()).isEqualTo(d.changes().size());
  }

  @Test
  void annotationChangesAndWidenedInputsAreNonBreaking() throws Exception {
    SurfaceDiff annotations = diff("base", "annotation");
    assertThat(annotations.breaking()).isFalse();
    assertThat(annotations.changes()).extracting(SurfaceDiff.Change::detail)
        .anyMatch(s -> s.startsWith("/annotations changed: {\"readOnlyHint\":true} -> {\"readOnlyHint\":false}"));
    SurfaceDiff widened = diff("base", "widenedInput");
    assertThat(widened.breaking()).isFalse();
    assertThat(widened.changes()).extracting(SurfaceDiff.Change::detail)
        .contains("/inputSchema/properties/a: input type widened from number to number|string");
  }

  @Test
  void theReverseOfAdditiveIsBreaking() throws Exception {
    SurfaceDiff d = diff("additive", "base");
    assertThat(d.breaking()).isTrue();
    assertThat(d.changes()).filteredOn(SurfaceDiff.Change::breaking).extracting(SurfaceDiff.Change::detail)
        .contains("no longer offered", "/inputSchema/properties/mode: input enum value \"careful\" removed");
  }

  @Test
  void aFileThatIsNotASnapshotIsRefusedClearly() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Snapshot.parse("{\"format\":\"other\"}"))
        .hasMessageContaining("not an mcpkit snapshot");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Snapshot.parse("{\"format\":\"mcpkit-snapshot\",\"version\":9}"))
        .hasMessageContaining("version 9 is not supported");
  }
}
