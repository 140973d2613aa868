package dev.mcpkit.server;

import dev.mcpkit.core.schema.Annotations;
import java.util.Objects;

/**
 * What the builders of {@link ServerResource} and {@link ServerResourceTemplate} share beyond every feature's
 * settings ({@link FeatureBuilder}): the URI, the media type, the annotations and the reader. Package-private, its
 * setters are reached through the public {@code Builder}s, which return themselves ({@code B}).
 *
 * @param <B> the concrete builder, returned by every setter
 */
abstract class ResourceBuilderBase<B extends ResourceBuilderBase<B>> extends FeatureBuilder<B> {
  final String uri; // the URI, or the RFC 6570 pattern of a template
  String mimeType;
  Annotations annotations;
  ResourceReader reader;

  ResourceBuilderBase(String uri, String uriLabel, String name) {
    super(name);
    this.uri = Objects.requireNonNull(uri, uriLabel);
  }

  /** Copies the shared settings into {@code copy} (a fresh builder of the same URI and name) and returns it. */
  final B copyInto(B copy) {
    ResourceBuilderBase<B> c = copy;
    c.mimeType = mimeType;
    c.annotations = annotations;
    c.reader = reader;
    return copyFeatureInto(copy);
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
   * Reads the contents on each {@code resources/read} (of this URI, or of a URI matching the template).
   *
   * @param reader the reader
   * @return this builder
   */
  public B reader(ResourceReader reader) {
    this.reader = Objects.requireNonNull(reader, "reader");
    return self();
  }

}
