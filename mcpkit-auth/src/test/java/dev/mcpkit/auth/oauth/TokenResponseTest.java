package dev.mcpkit.auth.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The token response and OAuth error readers: any JSON a peer sends reads without an exception. */
class TokenResponseTest {

  /**
   * {@code expires_in} of any JSON value: the seconds clamped to [0, 2^63-1] (beyond a double or 64 bits is the
   * largest, negative or below a double's smallest is 0, a fraction is cut), or absent when it is no number.
   */
  @ParameterizedTest(name = "expires_in: {0}")
  @CsvSource(delimiter = '|', nullValues = "absent", value = {"3600 | 3600", "3600.9 | 3600", "0 | 0", "0.5 | 0",
      "-5 | 0", "-9223372036854775808 | 0", "-1e400 | 0", "1e-400 | 0", "9223372036854775807 | 9223372036854775807",
      "18446744073709551616 | 9223372036854775807", "1e300 | 9223372036854775807",
      "1e400 | 9223372036854775807", "'\"3600\"' | absent", "null | absent", "true | absent", "{} | absent",
      "[] | absent"})
  void expiresInIsClampedOrAbsent(String value, Long seconds) {
    TokenResponse t = TokenResponse.read(Json.parse("{\"access_token\":\"a\",\"expires_in\":" + value + "}"));
    assertThat(t.expiresIn()).isEqualTo(seconds);
  }

  @Test
  void otherMembersOfTheWrongTypeReadAsTheClientAlwaysReadThem() {
    TokenResponse t = TokenResponse.read(Json.parse("{\"access_token\":123,\"token_type\":7,\"scope\":[\"a\"],"
        + "\"refresh_token\":{},\"issued_token_type\":5}"));
    // A scalar is its text (a number token_type is then no Bearer), a container is absent, scope only a string.
    assertThat(t).isEqualTo(new TokenResponse("123", null, "7", null, null, null));
    assertThat(TokenResponse.read(Json.parse("{\"token_type\":null}")).tokenType()).isNull();
    assertThat(TokenResponse.read(Json.parse("[1]")).accessToken()).isNull();
    assertThat(OAuthError.read(null)).isEqualTo(new OAuthError(null, null));
    assertThat(OAuthError.read(Json.parse("{\"error\":{},\"error_description\":42}")))
        .isEqualTo(new OAuthError(null, "42"));
  }

  @Test
  void absentMembersAreNotWritten() {
    assertThat(Json.mapper().writeValueAsString(new TokenResponse("a", null, "Bearer", 60L, "s", null)))
        .isEqualTo("{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"expires_in\":60,\"scope\":\"s\"}");
  }
}
