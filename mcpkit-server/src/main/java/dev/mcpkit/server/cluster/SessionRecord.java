package dev.mcpkit.server.cluster;

import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.ClientCapabilities;
import dev.mcpkit.core.schema.Implementation;
import dev.mcpkit.core.schema.LoggingLevel;
import java.util.Objects;
import java.util.Set;

/**
 * What every instance needs to serve a 2025 session it did not open: who owns it, what {@code initialize}
 * negotiated, and what the client set since ({@code logging/setLevel}, {@code resources/subscribe}).
 *
 * @param id the session id ({@code Mcp-Session-Id}); a bearer credential, which an implementation must not store
 *     in clear
 * @param owner the caller that opened it, or {@code null} when it was opened anonymously
 * @param handshake what {@code initialize} settled
 * @param settings what the client changed since
 */
public record SessionRecord(String id, Owner owner, Handshake handshake, Settings settings) {

  /** Checks the required parts. */
  public SessionRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(handshake, "handshake");
    Objects.requireNonNull(settings, "settings");
  }

  /**
   * The caller a session is bound to: later requests must come from the same subject and client.
   *
   * @param subject the token's subject
   * @param clientId the OAuth client, when known
   */
  public record Owner(String subject, String clientId) {}

  /**
   * What {@code initialize} settled.
   *
   * @param version the negotiated revision
   * @param capabilities what the client declared
   * @param clientInfo the client's name and version
   */
  public record Handshake(ProtocolVersion version, ClientCapabilities capabilities, Implementation clientInfo) {
    /** Checks the version. */
    public Handshake {
      Objects.requireNonNull(version, "version");
    }
  }

  /**
   * What the client set after {@code initialize}.
   *
   * @param logLevel the {@code logging/setLevel} threshold, or {@code null}
   * @param subscriptions the subscribed resource URIs
   */
  public record Settings(LoggingLevel logLevel, Set<String> subscriptions) {
    /** Copies the subscriptions. */
    public Settings {
      subscriptions = subscriptions == null ? Set.of() : Set.copyOf(subscriptions);
    }
  }
}
