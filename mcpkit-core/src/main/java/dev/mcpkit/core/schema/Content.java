package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Base64;

/**
 * A content block: what tools return, prompts contain and sampling exchanges. The {@code type}
 * member selects the kind. {@code tool_use} and {@code tool_result} occur only in sampling.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = TextContent.class, name = "text"),
  @JsonSubTypes.Type(value = ImageContent.class, name = "image"),
  @JsonSubTypes.Type(value = AudioContent.class, name = "audio"),
  @JsonSubTypes.Type(value = ResourceLink.class, name = "resource_link"),
  @JsonSubTypes.Type(value = EmbeddedResource.class, name = "resource"),
  @JsonSubTypes.Type(value = ToolUseContent.class, name = "tool_use"),
  @JsonSubTypes.Type(value = ToolResultContent.class, name = "tool_result"),
})
public sealed interface Content
    permits TextContent, ImageContent, AudioContent, ResourceLink, EmbeddedResource, ToolUseContent,
        ToolResultContent {

  /** A text block with no annotations or {@code _meta}. */
  static TextContent text(String text) {
    return new TextContent(text, null, null);
  }

  /** An image block; {@code data} is base64-encoded for the wire. */
  static ImageContent image(byte[] data, String mimeType) {
    return new ImageContent(Base64.getEncoder().encodeToString(data), mimeType, null, null);
  }

  /** An audio block; {@code data} is base64-encoded for the wire. */
  static AudioContent audio(byte[] data, String mimeType) {
    return new AudioContent(Base64.getEncoder().encodeToString(data), mimeType, null, null);
  }

  /** A block embedding the contents of a resource. */
  static EmbeddedResource resource(ResourceContents contents) {
    return new EmbeddedResource(contents, null, null);
  }
}
