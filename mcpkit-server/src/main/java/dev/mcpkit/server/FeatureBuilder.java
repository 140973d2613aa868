package dev.mcpkit.server;

import dev.mcpkit.core.schema.Icon;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the builders of every server feature (tools, prompts, resources, resource templates) share: the name, the
 * listed metadata and the required scopes. One place for those setters and their checks, so the four features cannot
 * drift apart; package-private, its setters are reached through the public {@code Builder}s, which return themselves
 * ({@code B}).
 *
 * @param <B> the concrete builder, returned by every setter
 */
abstract class FeatureBuilder<B extends FeatureBuilder<B>> {
  final String name;
  String title;
  String description;
  List<Icon> icons;
  ObjectNode meta;
  Set<String> requiredScopes = Set.of();

  FeatureBuilder(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  /** This builder, as its concrete type. */
  abstract B self();

  /** Copies the shared settings into {@code copy} (a fresh builder of the same name) and returns it. */
  final B copyFeatureInto(B copy) {
    FeatureBuilder<B> c = copy;
    c.title = title;
    c.description = description;
    c.icons = icons; // List.copyOf'd by the setter, so sharing is safe
    c.meta = meta;
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
   * What the feature does or holds, for the model.
   *
   * @param description free text; {@code null} for none
   * @return this builder
   */
  public B description(String description) {
    this.description = description;
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
   * The OAuth scopes a caller needs to use the feature (call the tool, get the prompt, read the resource), e.g.
   * {@code "mcp:write"}; a caller without them is refused before the handler runs, with a challenge naming every
   * scope the request needs. Replaces earlier calls.
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
