package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.mcpkit.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * The content of a sampling message: one block, or (since 2025-11-25) a list of blocks. The shape
 * the peer sent is kept, so a message read and written again is unchanged.
 *
 * @param blocks the blocks, never empty for a single block
 * @param single whether the wire form is a single object rather than an array
 */
public record SamplingContent(List<Content> blocks, boolean single) {

  /** Copies the list. */
  public SamplingContent {
    blocks = List.copyOf(blocks);
  }

  /** A single block, written as an object. */
  public static SamplingContent of(Content block) {
    return new SamplingContent(List.of(block), true);
  }

  /** A list of blocks, written as an array (2025-11-25 and later). */
  public static SamplingContent of(List<Content> blocks) {
    return new SamplingContent(blocks, false);
  }

  @JsonCreator
  static SamplingContent fromJson(JsonNode node) {
    if (node.isArray()) {
      List<Content> list = new ArrayList<>();
      node.forEach(n -> list.add(Json.convert(n, Content.class)));
      return new SamplingContent(list, false);
    }
    return new SamplingContent(List.of(Json.convert(node, Content.class)), true);
  }

  @JsonValue
  JsonNode toJson() {
    if (single && blocks.size() == 1) {
      return Json.mapper().valueToTree(blocks.getFirst());
    }
    ArrayNode a = Json.array();
    blocks.forEach(b -> a.add(Json.mapper().<JsonNode>valueToTree(b)));
    return a;
  }

  /** The first text block's text, or {@code null}. */
  public String text() {
    for (Content c : blocks) {
      if (c instanceof TextContent t) {
        return t.text();
      }
    }
    return null;
  }
}
