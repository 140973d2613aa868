package dev.mcpkit.auth.oauth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The RFC 8414 authorization server metadata document (and the OpenID Connect discovery document, which adds two
 * members), member by member as far as mcpkit writes and reads it: the authorization server ({@code auth.server})
 * serves it and the OAuth client ({@code auth.client}) reads it with {@link #read}. A wire record like those of
 * mcpkit-core's {@code core.schema}: it mirrors the document, so it keeps one component per member. Absent members are
 * {@code null} and are not written.
 *
 * @param issuer {@code issuer}
 * @param authorizationEndpoint {@code authorization_endpoint}
 * @param tokenEndpoint {@code token_endpoint}
 * @param jwksUri {@code jwks_uri}
 * @param registrationEndpoint {@code registration_endpoint} (RFC 7591)
 * @param revocationEndpoint {@code revocation_endpoint} (RFC 7009)
 * @param introspectionEndpoint {@code introspection_endpoint} (RFC 7662)
 * @param scopesSupported {@code scopes_supported}
 * @param responseTypesSupported {@code response_types_supported}
 * @param responseModesSupported {@code response_modes_supported}
 * @param grantTypesSupported {@code grant_types_supported}
 * @param tokenEndpointAuthMethodsSupported {@code token_endpoint_auth_methods_supported}
 * @param tokenEndpointAuthSigningAlgValuesSupported {@code token_endpoint_auth_signing_alg_values_supported}
 * @param revocationEndpointAuthMethodsSupported {@code revocation_endpoint_auth_methods_supported}
 * @param introspectionEndpointAuthMethodsSupported {@code introspection_endpoint_auth_methods_supported}
 * @param codeChallengeMethodsSupported {@code code_challenge_methods_supported}
 * @param authorizationResponseIssParameterSupported {@code authorization_response_iss_parameter_supported} (RFC 9207)
 * @param clientIdMetadataDocumentSupported {@code client_id_metadata_document_supported} (Client ID Metadata Documents)
 * @param resourceIndicatorsSupported {@code resource_indicators_supported} (RFC 8707)
 * @param promptValuesSupported {@code prompt_values_supported}
 * @param subjectTypesSupported {@code subject_types_supported} (OpenID discovery only)
 * @param idTokenSigningAlgValuesSupported {@code id_token_signing_alg_values_supported} (OpenID discovery only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuthorizationServerMetadata(
    @JsonProperty("issuer") String issuer,
    @JsonProperty("authorization_endpoint") String authorizationEndpoint,
    @JsonProperty("token_endpoint") String tokenEndpoint,
    @JsonProperty("jwks_uri") String jwksUri,
    @JsonProperty("registration_endpoint") String registrationEndpoint,
    @JsonProperty("revocation_endpoint") String revocationEndpoint,
    @JsonProperty("introspection_endpoint") String introspectionEndpoint,
    @JsonProperty("scopes_supported") List<String> scopesSupported,
    @JsonProperty("response_types_supported") List<String> responseTypesSupported,
    @JsonProperty("response_modes_supported") List<String> responseModesSupported,
    @JsonProperty("grant_types_supported") List<String> grantTypesSupported,
    @JsonProperty("token_endpoint_auth_methods_supported") List<String> tokenEndpointAuthMethodsSupported,
    @JsonProperty("token_endpoint_auth_signing_alg_values_supported")
        List<String> tokenEndpointAuthSigningAlgValuesSupported,
    @JsonProperty("revocation_endpoint_auth_methods_supported") List<String> revocationEndpointAuthMethodsSupported,
    @JsonProperty("introspection_endpoint_auth_methods_supported")
        List<String> introspectionEndpointAuthMethodsSupported,
    @JsonProperty("code_challenge_methods_supported") List<String> codeChallengeMethodsSupported,
    @JsonProperty("authorization_response_iss_parameter_supported") Boolean authorizationResponseIssParameterSupported,
    @JsonProperty("client_id_metadata_document_supported") Boolean clientIdMetadataDocumentSupported,
    @JsonProperty("resource_indicators_supported") Boolean resourceIndicatorsSupported,
    @JsonProperty("prompt_values_supported") List<String> promptValuesSupported,
    @JsonProperty("subject_types_supported") List<String> subjectTypesSupported,
    @JsonProperty("id_token_signing_alg_values_supported") List<String> idTokenSigningAlgValuesSupported) {

  /**
   * Reads a document a peer sent, never throwing on its content: a member of the wrong type counts as absent (a string
   * must be a non-empty JSON string; a list keeps only its string elements), a flag is read as JSON's
   * {@code asBoolean}. What the values may be (URLs, the issuer) is the reader's to check.
   *
   * @param j the parsed document
   * @return its members
   */
  public static AuthorizationServerMetadata read(JsonNode j) {
    return new AuthorizationServerMetadata(text(j, "issuer"), text(j, "authorization_endpoint"),
        text(j, "token_endpoint"), text(j, "jwks_uri"), text(j, "registration_endpoint"),
        text(j, "revocation_endpoint"), text(j, "introspection_endpoint"), strings(j.path("scopes_supported")),
        strings(j.path("response_types_supported")), strings(j.path("response_modes_supported")),
        strings(j.path("grant_types_supported")), strings(j.path("token_endpoint_auth_methods_supported")),
        strings(j.path("token_endpoint_auth_signing_alg_values_supported")),
        strings(j.path("revocation_endpoint_auth_methods_supported")),
        strings(j.path("introspection_endpoint_auth_methods_supported")),
        strings(j.path("code_challenge_methods_supported")),
        flag(j, "authorization_response_iss_parameter_supported"), flag(j, "client_id_metadata_document_supported"),
        flag(j, "resource_indicators_supported"), strings(j.path("prompt_values_supported")),
        strings(j.path("subject_types_supported")), strings(j.path("id_token_signing_alg_values_supported")));
  }

  /**
   * A JSON array of strings (its other elements left out), or {@code null} when absent or not an array.
   *
   * @param n the member, possibly missing
   * @return the strings, unmodifiable, or {@code null}
   */
  public static List<String> strings(JsonNode n) {
    if (n == null || !n.isArray()) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : n) {
      if (e.isString()) {
        out.add(e.asString());
      }
    }
    return List.copyOf(out);
  }

  private static String text(JsonNode j, String field) {
    JsonNode n = j.path(field);
    return n.isString() && !n.asString().isEmpty() ? n.asString() : null;
  }

  private static Boolean flag(JsonNode j, String field) {
    JsonNode n = j.path(field);
    return n.isMissingNode() || n.isNull() ? null : n.asBoolean(false);
  }
}
