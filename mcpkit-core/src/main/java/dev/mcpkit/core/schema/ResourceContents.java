package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Base64;

/** The contents of a resource: text or base64 binary, told apart by the member present. */
@JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION)
@JsonSubTypes({
  @JsonSubTypes.Type(TextResourceContents.class),
  @JsonSubTypes.Type(BlobResourceContents.class),
})
public sealed interface ResourceContents permits TextResourceContents, BlobResourceContents {

  /** The URI of the resource these contents are of. */
  String uri();

  /** The media type, or {@code null} when unknown. */
  String mimeType();

  /** Text contents with no {@code _meta}. */
  static TextResourceContents text(String uri, String mimeType, String text) {
    return new TextResourceContents(uri, mimeType, text, null);
  }

  /** Binary contents, base64-encoded for the wire, with no {@code _meta}. */
  static BlobResourceContents blob(String uri, String mimeType, byte[] data) {
    return new BlobResourceContents(uri, mimeType, Base64.getEncoder().encodeToString(data), null);
  }
}
