package dev.mcpkit.server;

import dev.mcpkit.core.schema.Annotations;
import dev.mcpkit.core.schema.Icon;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the builders of {@link ServerResource} and {@link ServerResourceTemplate} share: the listed metadata, the reader
 * and the required scopes. One place for those setters and their checks, so the two features cannot drift apart;
 * package-private, its setters are reached through the public {@code Builder}s, which return themselves ({@code B}).
 *
 * @param <B> the concrete builder, returned by every setter
 */
abstract class ResourceBuilderBase<B extends ResourceBuilderBase<B>> {
  final String uri; // the URI, or the RFC 6570 pattern of a template
  final String name;
  String title;
  String description;
  String mimeType;
  Annotations annotations;
  List<Icon> icons;
  ObjectNode meta;
  ResourceReader reader;
  Set<String> requiredScopes = Set.of();

  ResourceBuilderBase(String uri, String uriLabel, String name) {
    this.uri = Objects.requireNonNull(uri, uriLabel);
    this.name = Objects.requireNonNull(name, "name");
  }

  /** This builder, as its concrete type. */
  abstract B self();

  /** Copies the shared settings into {@code copy} (a fresh builder of the same URI and name) and returns it. */
  final B copyInto(B copy) {
    ResourceBuilderBase<B> c = copy;
    c.title = title;
    c.description = description;
    c.mimeType = mimeType;
    c.annotations = annotations;
    c.icons = icons; // List.copyOf'd by the setter, so sharing is safe
    c.meta = meta;
    c.reader = reader;
    c.requiredScopes = requiredScopes;
    return copy;
  }

  /**
   * A human-readable title.
   *
   * @param title shown by clients instead of the name; {@code null} for none
   * @return this builder
   */
  public B title(String title) {
    this.title = title;
    return self();
  }

  /**
   * What the resource holds, for the model.
   *
   * @param description free text; {@code null} for none
   * @return this builder
   */
  public B description(String description) {
    this.description = description;
    return self();
  }

  /**
   * The media type listed: of the resource, or of every resource of a template's family when they share one.
   *
   * @param mimeType a media type such as {@code text/plain}; {@code null} for none
   * @return this builder
   */
  public B mimeType(String mimeType) {
    this.mimeType = mimeType;
    return self();
  }

  /**
   * Audience, priority and last-modified hints.
   *
   * @param annotations the hints; {@code null} for none
   * @return this builder
   */
  public B annotations(Annotations annotations) {
    this.annotations = annotations;
    return self();
  }

  /**
   * Icons for clients that show them.
   *
   * @param icons the icons, copied
   * @return this builder
   */
  public B icons(List<Icon> icons) {
    this.icons = List.copyOf(icons);
    return self();
  }

  /**
   * The definition's {@code _meta}.
   *
   * @param meta the object listed as {@code _meta}; {@code null} for none
   * @return this builder
   */
  public B meta(ObjectNode meta) {
    this.meta = meta;
    return self();
  }

  /**
   * Reads the contents on each {@code resources/read} (of this URI, or of a URI matching the template).
   *
   * @param reader the reader
   * @return this builder
   */
  public B reader(ResourceReader reader) {
    this.reader = Objects.requireNonNull(reader, "reader");
    return self();
  }

  /**
   * The OAuth scopes a caller needs to read it (e.g. {@code "files:read"}). Replaces earlier calls.
   *
   * @param scopes scope names
   * @return this builder
   * @throws IllegalArgumentException for a name that is not an RFC 6749 scope token
   */
  public B requiredScopes(String... scopes) {
    this.requiredScopes = ScopeNames.copyOf(List.of(scopes));
    return self();
  }
}
