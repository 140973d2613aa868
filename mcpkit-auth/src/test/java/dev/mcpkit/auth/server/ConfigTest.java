package dev.mcpkit.auth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
