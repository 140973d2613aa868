package dev.mcpkit.server;

import dev.mcpkit.core.schema.ResourceTemplate;
import dev.mcpkit.core.uritemplate.UriTemplate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A family of resources named by an RFC 6570 URI template. {@code resources/read} on a URI that matches the template
 * reaches the reader with the matched variables. Made with {@link #of} or {@link #builder}, like every server feature:
 *
 * <pre>{@code
 * ServerResourceTemplate.of("files://{path}", "file", read -> List.of(...read.variables().get("path")...));
 * }</pre>
 */
public final class ServerResourceTemplate {

  private final ResourceTemplate definition;
  private final UriTemplate template;
  private final ResourceReader reader;
  private final Map<String, Completer> completers;
  private final Set<String> requiredScopes;
  private final Builder settings;

  private ServerResourceTemplate(Builder b) {
    this.definition = new ResourceTemplate(b.uri, b.name, b.title, b.description, b.mimeType, b.annotations,
        b.icons, b.meta);
    this.template = UriTemplate.parse(b.uri);
    this.reader = Objects.requireNonNull(b.reader, () -> "resource template " + b.uri + " has no reader");
    for (String variable : b.completers.keySet()) {
      if (!template.variables().contains(variable)) {
        throw new IllegalArgumentException("template " + template + " has no variable " + variable);
      }
    }
    this.completers = Map.copyOf(b.completers);
    this.requiredScopes = b.requiredScopes;
    this.settings = b.copy();
  }

  /** A template whose resources are read by {@code reader}. */
  public static ServerResourceTemplate of(String uriTemplate, String name, ResourceReader reader) {
    return builder(uriTemplate, name).reader(reader).build();
  }

  /** A builder for a template with this RFC 6570 pattern and name. */
  public static Builder builder(String uriTemplate, String name) {
    return new Builder(uriTemplate, name);
  }

  /** A builder holding this template's settings, to make a changed copy. */
  public Builder toBuilder() {
    return settings.copy();
  }

  /** What {@code resources/templates/list} shows. */
  public ResourceTemplate definition() {
    return definition;
  }

  /** The parsed pattern. */
  public UriTemplate template() {
    return template;
  }

  /** Reads a resource of this family. */
  public ResourceReader reader() {
    return reader;
  }

  /** Completers for template variables, by variable name. */
  public Map<String, Completer> completers() {
    return completers;
  }

  /**
   * The OAuth scopes a caller needs to read a resource of this family (besides the server-wide ones); enforced by the
   * transport's {@code RequestGuard}.
   */
  public Set<String> requiredScopes() {
    return requiredScopes;
  }

  /** Builds a {@link ServerResourceTemplate}; every setter replaces the earlier value. */
  public static final class Builder extends ResourceBuilderBase<Builder> {
    private Map<String, Completer> completers = new LinkedHashMap<>();

    private Builder(String uriTemplate, String name) {
      super(uriTemplate, "uriTemplate", name);
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * A completer for one variable ({@code completion/complete}); {@link #build} checks the variable exists.
     *
     * @param variable a variable of the template
     * @param completer suggests values for it
     * @return this builder
     */
    public Builder completer(String variable, Completer completer) {
      completers.put(Objects.requireNonNull(variable, "variable"), Objects.requireNonNull(completer, "completer"));
      return this;
    }

    /**
     * The template.
     *
     * @return the template
     * @throws NullPointerException without a reader
     * @throws IllegalArgumentException for a malformed pattern or a completer for a variable it does not have
     */
    public ServerResourceTemplate build() {
      return new ServerResourceTemplate(this);
    }

    private Builder copy() {
      Builder b = copyInto(new Builder(uri, name));
      b.completers = new LinkedHashMap<>(completers);
      return b;
    }
  }
}
