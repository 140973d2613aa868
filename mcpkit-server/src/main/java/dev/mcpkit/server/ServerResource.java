package dev.mcpkit.server;

import dev.mcpkit.core.schema.Resource;
import dev.mcpkit.core.schema.ResourceContents;
import java.util.List;
import java.util.Objects;

/**
 * A resource with a fixed URI, listed by {@code resources/list}.
 *
 * @param definition what {@code resources/list} shows
 * @param reader reads the contents
 */
public record ServerResource(Resource definition, ResourceReader reader) {

  public ServerResource {
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(definition.uri(), "uri");
    Objects.requireNonNull(definition.name(), "name");
    Objects.requireNonNull(reader, "reader");
  }

  /** A text resource whose contents are fixed. */
  public static ServerResource text(String uri, String name, String description, String mimeType, String text) {
    return new ServerResource(new Resource(uri, name, null, description, mimeType, null, null, null, null),
        read -> List.of(ResourceContents.text(uri, mimeType, text)));
  }

  /** A binary resource whose contents are fixed. */
  public static ServerResource blob(String uri, String name, String description, String mimeType, byte[] data) {
    byte[] copy = data.clone();
    return new ServerResource(new Resource(uri, name, null, description, mimeType, null, (long) copy.length, null, null),
        read -> List.of(ResourceContents.blob(uri, mimeType, copy)));
  }

  public String uri() {
    return definition.uri();
  }
}
