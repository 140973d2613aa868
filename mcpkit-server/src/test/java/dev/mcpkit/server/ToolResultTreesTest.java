package dev.mcpkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.schema.Annotations;
import dev.mcpkit.core.schema.CallToolResult;
import dev.mcpkit.core.schema.Content;
import dev.mcpkit.core.schema.TextContent;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** {@link ToolResultTrees}: a typed handler's result becomes the tree {@code Json.tree} makes of it, member for member. */
class ToolResultTreesTest {

  static Stream<CallToolResult> results() {
    return Stream.of(
        ToolResults.text("hello"),
        CallToolResult.of(List.of()),
        CallToolResult.of(List.of(Content.text("a"), Content.text("é \"q\" \u0001"))),
        CallToolResult.error(List.of(Content.text("failed"))),
        new CallToolResult(List.of(Content.text("x")), null, false, null, null),
        new CallToolResult(List.of(new TextContent(null, null, null)), null, null, null, null),
        new CallToolResult(Arrays.asList(Content.text("x"), null), null, null, null, null),
        new CallToolResult(null, null, true, null, null),
        new CallToolResult(List.of(new TextContent("t", new Annotations(null, 0.5, null), null)), null, null, null, null),
        new CallToolResult(List.of(new TextContent("t", null, Json.object().put("k", 1))), null, null, null, null),
        new CallToolResult(List.of(Content.image(new byte[] {1, 2}, "image/png"), Content.text("t")), null, null, null,
            null),
        CallToolResult.structured(List.of(Content.text("{}")), Json.object().put("n", 1)),
        new CallToolResult(List.of(Content.text("x")), null, null, "complete", Json.object().put("m", true)));
  }

  @Test
  void everyMemberOfTheRecordsIsOneItKnows() {
    // ToolResultTrees builds the tree from the members it names; a member added to either record must be handled
    // there (or send the result to the mapper) before this list is changed, or it would be left out of results.
    assertThat(Arrays.stream(CallToolResult.class.getRecordComponents()).map(c -> c.getName()))
        .containsExactly("content", "structuredContent", "isError", "resultType", "meta");
    assertThat(Arrays.stream(TextContent.class.getRecordComponents()).map(c -> c.getName()))
        .containsExactly("text", "annotations", "meta");
  }

  @ParameterizedTest
  @MethodSource("results")
  void theTreeIsTheMappersTree(CallToolResult r) {
    var expected = Json.tree(r);
    var tree = ToolResultTrees.of(r);
    assertThat(tree).isEqualTo(expected);
    assertThat(Json.write(tree)).isEqualTo(Json.write(expected)); // member order included
  }

  @Test
  void aTextResultIsBuiltWithoutTheMapper() {
    CallToolResult r = ToolResults.text("hello-bench");
    for (int i = 0; i < 2_000; i++) { // warm both paths
      ToolResultTrees.of(r);
      Json.tree(r);
    }
    long before = allocated();
    for (int i = 0; i < 1_000; i++) {
      ToolResultTrees.of(r);
    }
    long built = allocated() - before;
    before = allocated();
    for (int i = 0; i < 1_000; i++) {
      Json.tree(r);
    }
    long mapped = allocated() - before;
    assertThat(built).as("bytes allocated for 1,000 trees, against the mapper's %d", mapped)
        .isLessThan(mapped * 3 / 4);
  }

  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }
}
