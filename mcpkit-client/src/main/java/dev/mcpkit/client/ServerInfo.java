package dev.mcpkit.client;

import dev.mcpkit.core.era.Era;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.Implementation;
import dev.mcpkit.core.schema.ServerCapabilities;
import java.util.List;
import java.util.Objects;

/**
 * What the client learned about the server while connecting: from {@code server/discover}
 * (2026-07-28) or {@code initialize} (2025 era).
 */
public final class ServerInfo {
  private final ProtocolVersion protocolVersion;
  private final String transport;
  private final Implementation implementation;
  private final ServerCapabilities capabilities;
  private final String instructions;
  private final List<String> supportedVersions;

  /** The wire era of the negotiated revision ({@link Era#STATELESS} for 2026-07-28 and later). */
  public Era era() {
    return Era.of(protocolVersion);
  }

  private ServerInfo(ProtocolVersion protocolVersion, String transport, Implementation implementation,
      ServerCapabilities capabilities, String instructions, List<String> supportedVersions) {
    supportedVersions = supportedVersions == null ? List.of() : List.copyOf(supportedVersions);
    capabilities = capabilities == null ? ServerCapabilities.none() : capabilities;
    this.protocolVersion = protocolVersion;
    this.transport = transport;
    this.implementation = implementation;
    this.capabilities = capabilities;
    this.instructions = instructions;
    this.supportedVersions = supportedVersions;
  }

  /** The revision in use. */
  public ProtocolVersion protocolVersion() {
    return protocolVersion;
  }

  /**
   * Which transport carried it: {@code stdio}, {@code streamable-http}, {@code http+sse}, or the custom transport's
   * description.
   */
  public String transport() {
    return transport;
  }

  /**
   * The server's self-reported name and version (may be {@code null}); for display only, never for decisions.
   */
  public Implementation implementation() {
    return implementation;
  }

  /** What the server declared (never {@code null}). */
  public ServerCapabilities capabilities() {
    return capabilities;
  }

  /** Guidance for models, or {@code null}. */
  public String instructions() {
    return instructions;
  }

  /** The revisions a modern server listed (empty in the 2025 era). */
  public List<String> supportedVersions() {
    return supportedVersions;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServerInfo other
        && Objects.equals(protocolVersion, other.protocolVersion)
        && Objects.equals(transport, other.transport)
        && Objects.equals(implementation, other.implementation)
        && Objects.equals(capabilities, other.capabilities)
        && Objects.equals(instructions, other.instructions)
        && Objects.equals(supportedVersions, other.supportedVersions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(protocolVersion, transport, implementation, capabilities, instructions, supportedVersions);
  }

  @Override
  public String toString() {
    return "ServerInfo[protocolVersion=" + protocolVersion
        + ", transport=" + transport
        + ", implementation=" + implementation
        + ", capabilities=" + capabilities
        + ", instructions=" + instructions
        + ", supportedVersions=" + supportedVersions + "]";
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these values, to make a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.protocolVersion = protocolVersion;
    b.transport = transport;
    b.implementation = implementation;
    b.capabilities = capabilities;
    b.instructions = instructions;
    b.supportedVersions = supportedVersions;
    return b;
  }

  /** Builds a {@link ServerInfo}; every setter replaces the earlier value. */
  public static final class Builder {
    private ProtocolVersion protocolVersion;
    private String transport;
    private Implementation implementation;
    private ServerCapabilities capabilities;
    private String instructions;
    private List<String> supportedVersions;

    private Builder() {}

    /** The revision in use. */
    public Builder protocolVersion(ProtocolVersion protocolVersion) {
      this.protocolVersion = protocolVersion;
      return this;
    }

    /**
     * Which transport carried it: {@code stdio}, {@code streamable-http}, {@code http+sse}, or the custom
     * transport's description.
     */
    public Builder transport(String transport) {
      this.transport = transport;
      return this;
    }

    /**
     * The server's self-reported name and version (may be {@code null}); for display only, never for decisions.
     */
    public Builder implementation(Implementation implementation) {
      this.implementation = implementation;
      return this;
    }

    /** What the server declared (never {@code null}). */
    public Builder capabilities(ServerCapabilities capabilities) {
      this.capabilities = capabilities;
      return this;
    }

    /** Guidance for models, or {@code null}. */
    public Builder instructions(String instructions) {
      this.instructions = instructions;
      return this;
    }

    /** The revisions a modern server listed (empty in the 2025 era). */
    public Builder supportedVersions(List<String> supportedVersions) {
      this.supportedVersions = supportedVersions;
      return this;
    }

    /** The ServerInfo; the checks of its constructor apply. */
    public ServerInfo build() {
      return new ServerInfo(protocolVersion, transport, implementation, capabilities, instructions, supportedVersions);
    }
  }
}
