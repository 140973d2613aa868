package dev.mcpkit.server;

import dev.mcpkit.core.schema.Resource;
import dev.mcpkit.core.schema.ResourceContents;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A resource with a fixed URI, listed by {@code resources/list}. Like every server feature it is made with {@link
 * #of} for the common case or {@link #builder} for the rest:
 *
 * <pre>{@code
 * ServerResource.of("notes://today", "today", read -> List.of(ResourceContents.text(read.uri(), "text/plain", "…")));
 * ServerResource.builder("notes://all", "all").mimeType("text/plain").text("…").requiredScopes("notes:read").build();
 * }</pre>
 */
public final class ServerResource {

  private final Resource definition;
  private final ResourceReader reader;
  private final Set<String> requiredScopes;
  private final Builder settings; // for toBuilder(): fixed contents are made into a reader when built

  private ServerResource(Builder b) {
    Long size = b.blob != null ? Long.valueOf(b.blob.length) : b.size;
    this.definition = new Resource(b.uri, b.name, b.title, b.description, b.mimeType, b.annotations, size, b.icons,
        b.meta);
    this.reader = fixedReader(b.uri, b.mimeType, b.text, b.blob, b.reader);
    this.requiredScopes = b.requiredScopes;
    this.settings = b.copy();
  }

  private static ResourceReader fixedReader(String uri, String mimeType, String text, byte[] blob, ResourceReader r) {
    if (text != null) {
      List<ResourceContents> contents = List.of(ResourceContents.text(uri, mimeType, text));
      return read -> contents;
    }
    if (blob != null) {
      List<ResourceContents> contents = List.of(ResourceContents.blob(uri, mimeType, blob));
      return read -> contents;
    }
    return Objects.requireNonNull(r, () -> "resource " + uri + " has no reader");
  }

  /** A resource read by {@code reader}. */
  public static ServerResource of(String uri, String name, ResourceReader reader) {
    return builder(uri, name).reader(reader).build();
  }

  /** A builder for a resource with this URI and name. */
  public static Builder builder(String uri, String name) {
    return new Builder(uri, name);
  }

  /** A builder holding this resource's settings, to make a changed copy. */
  public Builder toBuilder() {
    return settings.copy();
  }

  /** What {@code resources/list} shows. */
  public Resource definition() {
    return definition;
  }

  /** Reads the contents. */
  public ResourceReader reader() {
    return reader;
  }

  /**
   * The OAuth scopes a caller needs to read it (besides the server-wide ones, see {@link
   * McpServer#requiredScopes(dev.mcpkit.core.jsonrpc.JsonRpcRequest)}); enforced by the transport's {@code
   * RequestGuard}, so they only matter on a protected server.
   */
  public Set<String> requiredScopes() {
    return requiredScopes;
  }

  /** The resource's URI. */
  public String uri() {
    return definition.uri();
  }

  /** Builds a {@link ServerResource}; every setter replaces the earlier value. */
  public static final class Builder extends ResourceBuilderBase<Builder> {
    private Long size;
    private String text;
    private byte[] blob;

    private Builder(String uri, String name) {
      super(uri, "uri", name);
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * The size in bytes, when known before reading.
     *
     * @param size the size; {@code null} when unknown
     * @return this builder
     */
    public Builder size(Long size) {
      this.size = size;
      return this;
    }

    /**
     * Reads the contents on each {@code resources/read}; replaces fixed {@link #text}/{@link #blob} contents.
     *
     * @param reader the reader
     * @return this builder
     */
    @Override
    public Builder reader(ResourceReader reader) {
      super.reader(reader);
      this.text = null;
      this.blob = null;
      return this;
    }

    /**
     * Fixed text contents, of the builder's {@link #mimeType}; replaces a reader.
     *
     * @param text the contents every read returns
     * @return this builder
     */
    public Builder text(String text) {
      this.text = Objects.requireNonNull(text, "text");
      this.blob = null;
      this.reader = null;
      return this;
    }

    /**
     * Fixed binary contents, of the builder's {@link #mimeType}; replaces a reader, and is the listed size.
     *
     * @param data the contents every read returns, copied
     * @return this builder
     */
    public Builder blob(byte[] data) {
      this.blob = data.clone();
      this.text = null;
      this.reader = null;
      return this;
    }

    /**
     * The resource.
     *
     * @return the resource
     * @throws NullPointerException without a reader or fixed contents
     */
    public ServerResource build() {
      return new ServerResource(this);
    }

    private Builder copy() {
      Builder b = copyInto(new Builder(uri, name));
      b.size = size;
      b.text = text;
      b.blob = blob; // never written after clone(), so sharing is safe
      return b;
    }
  }
}
