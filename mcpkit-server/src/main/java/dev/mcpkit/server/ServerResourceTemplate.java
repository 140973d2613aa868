package dev.mcpkit.server;

import dev.mcpkit.core.schema.Annotations;
import dev.mcpkit.core.schema.Icon;
import dev.mcpkit.core.schema.ResourceTemplate;
import dev.mcpkit.core.uritemplate.UriTemplate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

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
    this.definition = new ResourceTemplate(b.uriTemplate, b.name, b.title, b.description, b.mimeType, b.annotations,
        b.icons, b.meta);
    this.template = UriTemplate.parse(b.uriTemplate);
    this.reader = Objects.requireNonNull(b.reader, () -> "resource template " + b.uriTemplate + " has no reader");
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
  public static final class Builder {
    private final String uriTemplate;
    private final String name;
    private String title;
    private String description;
    private String mimeType;
    private Annotations annotations;
    private List<Icon> icons;
    private ObjectNode meta;
    private ResourceReader reader;
    private Map<String, Completer> completers = new LinkedHashMap<>();
    private Set<String> requiredScopes = Set.of();

    private Builder(String uriTemplate, String name) {
      this.uriTemplate = Objects.requireNonNull(uriTemplate, "uriTemplate");
      this.name = Objects.requireNonNull(name, "name");
    }

    /** A human-readable title. */
    public Builder title(String title) {
      this.title = title;
      return this;
    }

    /** What the resources hold, for the model. */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /** The media type of every resource of the family, when they share one. */
    public Builder mimeType(String mimeType) {
      this.mimeType = mimeType;
      return this;
    }

    /** Audience, priority and last-modified hints. */
    public Builder annotations(Annotations annotations) {
      this.annotations = annotations;
      return this;
    }

    /** Icons for clients that show them. */
    public Builder icons(List<Icon> icons) {
      this.icons = List.copyOf(icons);
      return this;
    }

    /** The definition's {@code _meta}. */
    public Builder meta(ObjectNode meta) {
      this.meta = meta;
      return this;
    }

    /** Reads a resource of the family on each {@code resources/read} of a matching URI. */
    public Builder reader(ResourceReader reader) {
      this.reader = Objects.requireNonNull(reader, "reader");
      return this;
    }

    /** A completer for one variable ({@code completion/complete}); {@link #build} checks the variable exists. */
    public Builder completer(String variable, Completer completer) {
      completers.put(Objects.requireNonNull(variable, "variable"), Objects.requireNonNull(completer, "completer"));
      return this;
    }

    /**
     * The scopes a caller needs to read a resource of this family. Replaces earlier calls.
     *
     * @throws IllegalArgumentException for a name that is not an RFC 6749 scope token
     */
    public Builder requiredScopes(String... scopes) {
      this.requiredScopes = ScopeNames.copyOf(List.of(scopes));
      return this;
    }

    /**
     * The template.
     *
     * @throws NullPointerException without a reader
     * @throws IllegalArgumentException for a malformed pattern or a completer for a variable it does not have
     */
    public ServerResourceTemplate build() {
      return new ServerResourceTemplate(this);
    }

    private Builder copy() {
      Builder b = new Builder(uriTemplate, name);
      b.title = title;
      b.description = description;
      b.mimeType = mimeType;
      b.annotations = annotations;
      b.icons = icons;
      b.meta = meta;
      b.reader = reader;
      b.completers = new LinkedHashMap<>(completers);
      b.requiredScopes = requiredScopes;
      return b;
    }
  }
}
