package dev.mcpkit.server;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.schema.CallToolResult;
import dev.mcpkit.core.schema.Content;
import dev.mcpkit.core.schema.TextContent;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * The JSON tree of a typed handler's {@link CallToolResult}, exactly as {@code Json.tree} makes it. The common
 * result, text blocks only ({@code ToolResults.text}), is built member by member: Jackson's generic serialisation into
 * a tree (a serialisation context, a tree-building generator, the polymorphic content's type id) was a measurable
 * part of a {@code tools/call}. Anything else (structured content, other blocks, annotations, {@code _meta}, a
 * {@code null}) goes through {@code Json.tree}, so no result is encoded by a second set of rules.
 */
final class ToolResultTrees {

  // A value node cannot change: one for every block.
  private static final StringNode TEXT = StringNode.valueOf("text");

  private ToolResultTrees() {}

  static ObjectNode of(CallToolResult r) {
    if (r.content() == null || r.structuredContent() != null || r.resultType() != null || r.meta() != null) {
      return (ObjectNode) Json.tree(r);
    }
    ObjectNode tree = Json.object();
    // Members in the record's order, null ones left out (the mapper's inclusion rule).
    ArrayNode content = tree.putArray("content");
    for (Content c : r.content()) {
      if (!(c instanceof TextContent t) || t.text() == null || t.annotations() != null || t.meta() != null) {
        return (ObjectNode) Json.tree(r);
      }
      content.addObject().set("type", TEXT).put("text", t.text()); // the type id first, as the mapper writes it
    }
    if (r.isError() != null) {
      tree.put("isError", r.isError().booleanValue());
    }
    return tree;
  }
}
