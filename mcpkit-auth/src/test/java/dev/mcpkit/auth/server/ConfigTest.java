package dev.mcpkit.auth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** The configuration file: the shipped example loads; mistakes are named, never silently ignored. */
class ConfigTest {

  private static final Path EXAMPLE = Path.of("examples/auth-server.json");

  @Test
  void theShippedExampleBuildsAServer() throws Exception {
    AuthServerConfig cfg = AuthServerConfig.load(EXAMPLE, Map.of("MCPKIT_SERVER_8080_SECRET", "s3cret",
        "GITHUB_CLIENT_SECRET", "gh")::get);
    try (AuthorizationServer as = cfg.apply(AuthorizationServer.builder().issuer(URI.create("http://127.0.0.1:9000")))
        .build()) {
      assertThat(as.issuer()).hasToString("http://127.0.0.1:9000");
    }
    // The README's password for the example user.
    String hash = tools.jackson.databind.json.JsonMapper.builder().build().readTree(Files.readString(EXAMPLE))
        .get("users").get(0).get("password_hash").asString();
    assertThat(PasswordHasher.verify("correct horse battery staple", hash)).isTrue();
  }

  @Test
  void unknownKeysBadHashesAndMissingSecretsAreErrors(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("c.json");
    Files.writeString(f, "{\"clients\":[],\"acess_token_ttl_seconds\":5}");
    assertThatThrownBy(() -> AuthServerConfig.load(f, k -> null)).hasMessageContaining("acess_token_ttl_seconds");
    Files.writeString(f, "{\"users\":[{\"username\":\"a\",\"password_hash\":\"plain-text\"}]}");
    assertThatThrownBy(() -> AuthServerConfig.load(f, k -> null).apply(AuthorizationServer.builder()))
        .hasMessageContaining("Argon2id");
    Files.writeString(f, "{\"clients\":[{\"client_id\":\"c\",\"token_endpoint_auth_method\":\"client_secret_basic\","
        + "\"client_secret_env\":\"NOPE\"}]}");
    assertThatThrownBy(() -> AuthServerConfig.load(f, k -> null).apply(AuthorizationServer.builder()))
        .hasMessageContaining("NOPE");
    Files.writeString(f, "{ not json");
    assertThatThrownBy(() -> AuthServerConfig.load(f, k -> null)).hasMessageContaining("not valid JSON");
    Files.writeString(f, "{\"clients\":[{\"client_id\":\"https://x.example/c.json\"}]}");
    assertThatThrownBy(() -> AuthServerConfig.load(f, k -> null).apply(AuthorizationServer.builder()
        .issuer(URI.create("http://127.0.0.1:1"))).build()).hasMessageContaining("reserved");
  }

  /**
   * A value of the wrong JSON type, or a number out of range, is an error naming the key: never Jackson's
   * exception (an object read as a string, 1e400 or 2^64 read as a number), never a silent coercion (5 read
   * as "5", {} read as the default), never a lifetime that overflows when the first token is issued.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "{\"access_token_ttl_seconds\":1e400}                                        | access_token_ttl_seconds",
      "{\"access_token_ttl_seconds\":123456789012345678901234567890}               | access_token_ttl_seconds",
      "{\"refresh_token_ttl_seconds\":9223372036854775807}                         | refresh_token_ttl_seconds",
      "{\"code_ttl_seconds\":{}}                                                   | code_ttl_seconds",
      "{\"code_ttl_seconds\":\"60\"}                                             | code_ttl_seconds",
      "{\"key_rotation_hours\":1e400}                                              | key_rotation_hours",
      "{\"key_rotation_hours\":9223372036854775807}                                | key_rotation_hours",
      "{\"login_failures_per_window\":4294967296}                                  | login_failures_per_window",
      "{\"login_failures_per_window\":[]}                                          | login_failures_per_window",
      "{\"dynamic_registration\":{\"per_minute\":1e400}}                         | per_minute",
      "{\"dynamic_registration\":{\"enabled\":\"no\"}}                         | enabled",
      "{\"client_id_metadata_documents\":{\"allow_loopback\":{}}}                | allow_loopback",
      "{\"client_id_metadata_documents\":{\"allowed_hosts\":\"a.example\"}}    | allowed_hosts",
      "{\"issuer\":{}}                                                             | issuer",
      "{\"users\":[{\"username\":{},\"password_hash\":\"x\"}]}               | username",
      "{\"clients\":[{\"client_id\":[\"c\"]}]}                                 | client_id",
      "{\"clients\":[{\"client_id\":\"c\",\"client_secret_env\":{}}]}        | client_secret_env",
      "{\"tls\":{\"keystore\":\"k.p12\",\"password_env\":5}}                 | password_env",
      "{\"upstream_providers\":[{\"id\":\"u\",\"kind\":\"oidc\",\"issuer\":\"ht tp://bad\"}]} | issuer",
      "{\"issuer\":\"https://a.example\",\"issuer\":\"https://b.example\"}   | duplicate key \"issuer\""})
  void valuesOfTheWrongTypeOrRangeAreErrorsNamingTheKey(String json, String named, @TempDir Path dir) throws Exception {
    Path f = dir.resolve("c.json");
    Files.writeString(f, json);
    assertThatThrownBy(() -> {
      AuthServerConfig cfg = AuthServerConfig.load(f, k -> "s");
      cfg.issuer();
      cfg.apply(AuthorizationServer.builder());
    }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(named)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContainIgnoringCase("jackson").doesNotContain("Node")
            .doesNotContain("java."));
  }

  @Test
  void grantsWithoutAUserNeedAnExplicitScopeListInTheFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("c.json");
    String client = "{\"client_id\":\"svc\",\"token_endpoint_auth_method\":\"client_secret_basic\","
        + "\"client_secret_env\":\"S\",\"grant_types\":[\"client_credentials\"]%s}";
    Files.writeString(f, "{\"clients\":[" + client.formatted("") + "]}");
    assertThatThrownBy(() -> AuthServerConfig.load(f, k -> "s").apply(AuthorizationServer.builder()))
        .hasMessageContaining("explicit scope list");
    Files.writeString(f, "{\"clients\":[" + client.formatted(",\"scope\":\"\"") + "]}");
    AuthServerConfig.load(f, k -> "s").apply(AuthorizationServer.builder()); // an empty list: valid, grants nothing
    Files.writeString(f, "{\"dynamic_registration\":{\"grant_types\":[\"authorization_code\","
        + "\"client_credentials\"]}}");
    assertThatThrownBy(() -> AuthServerConfig.load(f, k -> null).apply(AuthorizationServer.builder()))
        .hasMessageContaining("scope");
    Files.writeString(f, "{\"dynamic_registration\":{\"grant_types\":[\"password\"]}}");
    assertThatThrownBy(() -> AuthServerConfig.load(f, k -> null).apply(AuthorizationServer.builder()))
        .hasMessageContaining("password");
    Files.writeString(f, "{\"dynamic_registration\":{\"grant_types\":[\"authorization_code\","
        + "\"client_credentials\"],\"client_credentials_scope\":\"mcp:read\"}}");
    AuthServerConfig.load(f, k -> null).apply(AuthorizationServer.builder());
  }

  /**
   * A configured scope value is read like every scope value ({@code Scopes.parse}: split at spaces only) and each
   * name must be a scope token (NQCHAR). Stricter than before: a tab or a quote inside a configured value used to
   * make one odd scope name silently; now the file is refused and the message says why.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      mcp:read  mcp:write    | true
      mcp:read\\tmcp:write  | false
      mcp:\\"read\\"       | false
      """)
  void configuredScopeValuesAreSplitAtSpacesAndMustBeScopeTokens(String scope, boolean valid, @TempDir Path dir)
      throws Exception {
    Path f = dir.resolve("c.json");
    Files.writeString(f, "{\"clients\":[{\"client_id\":\"svc\",\"token_endpoint_auth_method\":"
        + "\"client_secret_basic\",\"client_secret_env\":\"S\",\"grant_types\":[\"client_credentials\"],"
        + "\"scope\":\"" + scope + "\"}],\"dynamic_registration\":{\"grant_types\":[\"client_credentials\"],"
        + "\"client_credentials_scope\":\"" + scope + "\"}}");
    if (valid) {
      AuthServerConfig.load(f, k -> "s").apply(AuthorizationServer.builder());
    } else {
      assertThatThrownBy(() -> AuthServerConfig.load(f, k -> "s").apply(AuthorizationServer.builder()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid scope name");
    }
  }

  @Test
  void passwordHashesAreArgon2idAndVerifyOnlyTheRightPassword() {
    String h = PasswordHasher.hash("pw");
    assertThat(h).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(PasswordHasher.hash("pw")).isNotEqualTo(h); // salted
    assertThat(PasswordHasher.verify("pw", h)).isTrue();
    assertThat(PasswordHasher.verify("pW", h)).isFalse();
    assertThat(PasswordHasher.verify("pw", "$argon2id$v=19$m=99999999,t=1,p=1$AAAA$AAAA")).isFalse();
    assertThat(PasswordHasher.verify("pw", "garbage")).isFalse();
  }
}
