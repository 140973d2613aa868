package dev.mcpkit.server;

import dev.mcpkit.core.schema.Resource;
import dev.mcpkit.core.schema.ResourceContents;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A resource with a fixed URI, listed by {@code resources/list}.
 *
 * @param definition what {@code resources/list} shows
 * @param reader reads the contents
 * @param requiredScopes the OAuth scopes a caller needs to read it (besides the server-wide ones, see {@link
 *     McpServer#requiredScopes(dev.mcpkit.core.jsonrpc.JsonRpcRequest)}); enforced by the transport's {@code
 *     RequestGuard}, so they only matter on a protected server
 */
public record ServerResource(Resource definition, ResourceReader reader, Set<String> requiredScopes) {

  public ServerResource {
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(definition.uri(), "uri");
    Objects.requireNonNull(definition.name(), "name");
    Objects.requireNonNull(reader, "reader");
    requiredScopes = ScopeNames.copyOf(requiredScopes);
  }

  /** A resource that needs no scope of its own. */
  public ServerResource(Resource definition, ResourceReader reader) {
    this(definition, reader, Set.of());
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

  /** A copy that needs these scopes to be read. */
  public ServerResource withRequiredScopes(String... scopes) {
    return new ServerResource(definition, reader, ordered(scopes));
  }

  static Set<String> ordered(String... scopes) {
    return ScopeNames.copyOf(List.of(scopes));
  }

  public String uri() {
    return definition.uri();
  }
}
