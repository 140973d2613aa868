package dev.mcpkit.client;

import dev.mcpkit.core.era.Era;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.Implementation;
import dev.mcpkit.core.schema.ServerCapabilities;
import java.util.List;

/**
 * What the client learned about the server while connecting: from {@code server/discover}
 * (2026-07-28) or {@code initialize} (2025 era).
 *
 * @param protocolVersion the revision in use
 * @param transport which transport carried it: {@code stdio}, {@code streamable-http}, {@code
 *     http+sse}, or the custom transport's description
 * @param implementation the server's self-reported name and version (may be {@code null}); for
 *     display only, never for decisions
 * @param capabilities what the server declared (never {@code null})
 * @param instructions guidance for models, or {@code null}
 * @param supportedVersions the revisions a modern server listed (empty in the 2025 era)
 */
public record ServerInfo(
    ProtocolVersion protocolVersion,
    String transport,
    Implementation implementation,
    ServerCapabilities capabilities,
    String instructions,
    List<String> supportedVersions) {

  /** Defaults {@code capabilities} to none and copies {@code supportedVersions}. */
  public ServerInfo {
    supportedVersions = supportedVersions == null ? List.of() : List.copyOf(supportedVersions);
    capabilities = capabilities == null ? ServerCapabilities.none() : capabilities;
  }

  /** The wire era of the negotiated revision ({@link Era#STATELESS} for 2026-07-28 and later). */
  public Era era() {
    return Era.of(protocolVersion);
  }
}
