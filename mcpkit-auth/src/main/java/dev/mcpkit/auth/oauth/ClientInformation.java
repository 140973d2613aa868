package dev.mcpkit.auth.oauth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import tools.jackson.databind.JsonNode;

/**
 * The RFC 7591 §3.2.1 client information response: the registered {@link ClientMetadata} (with its
 * {@code client_id}) followed by what the authorization server issued. The authorization server ({@code auth.server})
 * writes it and the OAuth client ({@code auth.client}) reads it with {@link #read}. Absent members are {@code null}
 * and are not written.
 *
 * @param metadata the registered metadata, written as members of this document
 * @param clientIdIssuedAt {@code client_id_issued_at}, in epoch seconds
 * @param clientSecret {@code client_secret}: only for a confidential client
 * @param clientSecretExpiresAt {@code client_secret_expires_at}: 0 for never, with a secret
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClientInformation(
    @JsonUnwrapped ClientMetadata metadata,
    @JsonProperty("client_id_issued_at") Long clientIdIssuedAt,
    @JsonProperty("client_secret") String clientSecret,
    @JsonProperty("client_secret_expires_at") Long clientSecretExpiresAt) {

  /**
   * Reads a registration answer a peer sent, never throwing on its content: the metadata as {@link ClientMetadata#read}
   * reads it, {@code client_secret} as {@link JsonNode#asString(String)} reads it (as the client always read it), the
   * times only when they are whole numbers that fit a {@code long}.
   *
   * @param j the parsed answer (a JSON object)
   * @return its members
   */
  public static ClientInformation read(JsonNode j) {
    return new ClientInformation(ClientMetadata.read(j), seconds(j.path("client_id_issued_at")),
        j.path("client_secret").asString(null), seconds(j.path("client_secret_expires_at")));
  }

  private static Long seconds(JsonNode n) {
    return n.isIntegralNumber() && n.canConvertToLong() ? n.asLong() : null;
  }
}
