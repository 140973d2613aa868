package dev.mcpkit.auth.oauth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * An OAuth error answer (RFC 6749 §5.2, used alike by RFC 7591 §3.2.2 registration and RFC 7009 revocation), as the
 * OAuth client reads it with {@link #read}. The authorization server does not build this record: its errors are written
 * by mcpkit-server's {@code ErrorWriter}, the one writer of every rejection, which scrubs the description. Absent
 * members are {@code null} and are not written.
 *
 * @param error {@code error}: the error code
 * @param errorDescription {@code error_description}: text for the client's developer, from the peer (show it only
 *     through a sanitizer)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OAuthError(
    @JsonProperty("error") String error,
    @JsonProperty("error_description") String errorDescription) {

  /**
   * Reads an error a peer sent, never throwing on its content; {@code null} (no JSON answer) reads as no members. Each
   * member is read as {@link JsonNode#asString(String)} reads it (a number as its text; an object, an array or
   * JSON {@code null} as absent).
   *
   * @param j the parsed answer, or {@code null}
   * @return its members
   */
  public static OAuthError read(JsonNode j) {
    if (j == null) {
      return new OAuthError(null, null);
    }
    return new OAuthError(j.path("error").asString(null), j.path("error_description").asString(null));
  }
}
