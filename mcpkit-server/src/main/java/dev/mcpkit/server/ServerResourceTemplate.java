package dev.mcpkit.server;

import dev.mcpkit.core.schema.ResourceTemplate;
import dev.mcpkit.core.uritemplate.UriTemplate;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A family of resources named by an RFC 6570 URI template. {@code resources/read} on a URI that
 * matches the template reaches the reader with the matched variables.
 *
 * @param completers completers for template variables, by variable name
 * @param requiredScopes the OAuth scopes a caller needs to read a resource of this family (besides the server-wide
 *     ones); enforced by the transport's {@code RequestGuard}
 */
public record ServerResourceTemplate(ResourceTemplate definition, UriTemplate template, ResourceReader reader,
    Map<String, Completer> completers, Set<String> requiredScopes) {

  public ServerResourceTemplate {
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(reader, "reader");
    template = template != null ? template : UriTemplate.parse(definition.uriTemplate());
    completers = Map.copyOf(completers == null ? Map.of() : completers);
    requiredScopes = ScopeNames.copyOf(requiredScopes);
  }

  /** A template whose resources need no scope of their own. */
  public ServerResourceTemplate(ResourceTemplate definition, UriTemplate template, ResourceReader reader,
      Map<String, Completer> completers) {
    this(definition, template, reader, completers, Set.of());
  }

  public static ServerResourceTemplate of(String uriTemplate, String name, String description, String mimeType,
      ResourceReader reader) {
    return new ServerResourceTemplate(
        new ResourceTemplate(uriTemplate, name, null, description, mimeType, null, null, null), null, reader, Map.of());
  }

  /** A copy with a completer for one variable. */
  public ServerResourceTemplate withCompleter(String variable, Completer completer) {
    if (!template.variables().contains(variable)) {
      throw new IllegalArgumentException("template " + template + " has no variable " + variable);
    }
    var map = new java.util.HashMap<>(completers);
    map.put(variable, completer);
    return new ServerResourceTemplate(definition, template, reader, map, requiredScopes);
  }

  /** A copy whose resources need these scopes to be read. */
  public ServerResourceTemplate withRequiredScopes(String... scopes) {
    return new ServerResourceTemplate(definition, template, reader, completers, ServerResource.ordered(scopes));
  }
}
