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

  String uri();

  String mimeType();

  static TextResourceContents text(String uri, String mimeType, String text) {
    return new TextResourceContents(uri, mimeType, text, null);
  }

  static BlobResourceContents blob(String uri, String mimeType, byte[] data) {
    return new BlobResourceContents(uri, mimeType, Base64.getEncoder().encodeToString(data), null);
  }
}
