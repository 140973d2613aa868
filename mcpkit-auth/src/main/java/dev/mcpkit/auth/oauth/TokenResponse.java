package dev.mcpkit.auth.oauth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mcpkit.core.json.Json;
import java.util.OptionalDouble;
import tools.jackson.databind.JsonNode;

/**
 * A token endpoint's successful answer (RFC 6749 §5.1; RFC 8693 §2.2.1 adds {@code issued_token_type}), member by
 * member: the authorization server ({@code auth.server}) writes it and the OAuth client ({@code auth.client}) reads it
 * with {@link #read}. A wire record like those of mcpkit-core's {@code core.schema}: it mirrors the document, so it
 * keeps one component per member, in the order they are written. Absent members are {@code null} and are not written.
 * An error answer is an {@link OAuthError}.
 *
 * @param accessToken {@code access_token}
 * @param issuedTokenType {@code issued_token_type} (token exchange only)
 * @param tokenType {@code token_type}
 * @param expiresIn {@code expires_in}, in seconds
 * @param scope {@code scope}: the granted scopes, space-separated
 * @param refreshToken {@code refresh_token}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenResponse(
    @JsonProperty("access_token") String accessToken,
    @JsonProperty("issued_token_type") String issuedTokenType,
    @JsonProperty("token_type") String tokenType,
    @JsonProperty("expires_in") Long expiresIn,
    @JsonProperty("scope") String scope,
    @JsonProperty("refresh_token") String refreshToken) {

  /**
   * Reads an answer a peer sent, never throwing on its content. The tokens and {@code token_type} are read as
   * {@link JsonNode#asString(String)} reads them (a number or boolean as its text; an object, an array or JSON
   * {@code null} as absent), so a {@code token_type} that is no string is still no {@code Bearer}; {@code scope} and
   * {@code issued_token_type} count only as strings; {@code expires_in} is {@link #seconds}.
   *
   * @param j the parsed answer (a JSON object)
   * @return its members
   */
  public static TokenResponse read(JsonNode j) {
    return new TokenResponse(j.path("access_token").asString(null), string(j, "issued_token_type"),
        j.path("token_type").asString(null), seconds(j.path("expires_in")), string(j, "scope"),
        j.path("refresh_token").asString(null));
  }

  /**
   * A JSON number of seconds as a {@code long} clamped to [0, {@link Long#MAX_VALUE}], whatever its size: a number
   * beyond a double ({@code 1e400}) or beyond 64 bits ({@code 2^64}) is the largest, a negative one (or one beyond a
   * double's smallest, {@code 1e-400}) is 0, a fraction is cut. {@code null} when the value is no number (a string
   * {@code "3600"}, {@code null}, an object): the peer did not say.
   *
   * @param n the member, possibly missing
   * @return the seconds, or {@code null}
   */
  public static Long seconds(JsonNode n) {
    if (n == null || !n.isNumber()) {
      return null;
    }
    OptionalDouble finite = Json.finiteNumber(n);
    if (finite.isEmpty()) {
      // A number beyond a double (1e400): huge means the longest, like 2^63-1 does; -1e400 means none.
      return n.isBigDecimal() && n.decimalValue().signum() > 0 ? Long.MAX_VALUE : 0L;
    }
    double s = finite.getAsDouble();
    return s > 0 ? (long) s : 0L; // the cast saturates at Long.MAX_VALUE
  }

  private static String string(JsonNode j, String field) {
    JsonNode n = j.path(field);
    return n.isString() ? n.asString() : null;
  }
}
