package dev.mcpkit.auth.oauth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * RFC 7591 §2 client metadata, member by member as far as mcpkit writes and reads it: the OAuth client
 * ({@code auth.client}) sends it as its dynamic registration request, the authorization server ({@code auth.server})
 * reads that request with {@link #read} after checking every member's type, and keeps and returns what it registered
 * (with the {@code client_id} it chose) inside a {@link ClientInformation}. A wire record like those of mcpkit-core's
 * {@code core.schema}: it mirrors the document, so it keeps one component per member, in the order the authorization
 * server writes them. Absent members are {@code null} and are not written.
 *
 * @param clientId {@code client_id}: chosen by the authorization server, so absent from a request
 * @param clientName {@code client_name}
 * @param redirectUris {@code redirect_uris}
 * @param applicationType {@code application_type} (OpenID Connect Registration; required by the 2026 MCP spec)
 * @param tokenEndpointAuthMethod {@code token_endpoint_auth_method}
 * @param grantTypes {@code grant_types}
 * @param scope {@code scope}
 * @param responseTypes {@code response_types}
 * @param jwks {@code jwks}: the client's JSON Web Key Set, as sent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClientMetadata(
    @JsonProperty("client_id") String clientId,
    @JsonProperty("client_name") String clientName,
    @JsonProperty("redirect_uris") List<String> redirectUris,
    @JsonProperty("application_type") String applicationType,
    @JsonProperty("token_endpoint_auth_method") String tokenEndpointAuthMethod,
    @JsonProperty("grant_types") List<String> grantTypes,
    @JsonProperty("scope") String scope,
    @JsonProperty("response_types") List<String> responseTypes,
    @JsonProperty("jwks") JsonNode jwks) {

  /**
   * Reads metadata a peer sent, never throwing on its content: a string member that is no JSON string counts as
   * absent, except {@code token_endpoint_auth_method}, read as {@link JsonNode#asString(String)} reads it (a number as
   * its text), as the client always read it; a list keeps only its string elements and is absent when no array;
   * {@code jwks} is absent when no object. What the values may be is the reader's to check.
   *
   * @param j the parsed document (a JSON object)
   * @return its members
   */
  public static ClientMetadata read(JsonNode j) {
    JsonNode jwks = j.path("jwks");
    return new ClientMetadata(string(j, "client_id"), string(j, "client_name"),
        AuthorizationServerMetadata.strings(j.path("redirect_uris")), string(j, "application_type"),
        j.path("token_endpoint_auth_method").asString(null), AuthorizationServerMetadata.strings(j.path("grant_types")),
        string(j, "scope"), AuthorizationServerMetadata.strings(j.path("response_types")),
        jwks.isObject() ? jwks : null);
  }

  private static String string(JsonNode j, String field) {
    JsonNode n = j.path(field);
    return n.isString() ? n.asString() : null;
  }
}
