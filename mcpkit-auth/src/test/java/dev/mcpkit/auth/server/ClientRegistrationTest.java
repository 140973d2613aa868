package dev.mcpkit.auth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The factories and the builder of {@link ClientRegistration} give the defaults the record constructor gave. */
class ClientRegistrationTest {

  @Test
  void publicClientHasTheUserGrantsNoSecretAndNoScopeList() {
    ClientRegistration c = ClientRegistration.publicClient("app", null, "http://127.0.0.1/callback");
    assertThat(c.clientName()).isEqualTo("app");
    assertThat(c.authMethod()).isEqualTo("none");
    assertThat(c.grantTypes()).containsExactlyInAnyOrder("authorization_code", "refresh_token");
    assertThat(c.scopes()).isNull();
    assertThat(c.redirectUris()).containsExactly("http://127.0.0.1/callback");
    assertThat(c.secretHash()).isNull();
    assertThat(c.exchangeTargets()).isEmpty();
  }

  @Test
  void serviceClientIsASecretWithClientCredentialsBoundedToItsScopes() {
    ClientRegistration c = ClientRegistration.serviceClient("svc", "Service", "sha256:00", "mcp:read");
    assertThat(c.authMethod()).isEqualTo("client_secret_basic");
    assertThat(c.grantTypes()).containsExactly("client_credentials");
    assertThat(c.scopes()).containsExactly("mcp:read");
    assertThat(c.redirectUris()).isEmpty();
    // No scope named: an explicit empty list, which grants nothing (not "any scope").
    assertThat(ClientRegistration.serviceClient("svc", null, "sha256:00").scopes()).isEmpty();
  }

  @Test
  void toBuilderCopiesEverySettingAndChangesOnlyWhatIsSet() {
    ClientRegistration c = ClientRegistration.builder("mcp").name("MCP server").redirectUris(List.of("https://a/cb"))
        .authMethod("client_secret_post").secretHash("sha256:01").jwks("{\"keys\":[]}")
        .grantTypes(Set.of("urn:ietf:params:oauth:grant-type:token-exchange")).scopes(Set.of("files:read"))
        .resource("https://mcp.example/mcp").exchangeTargets(Set.of("https://files.example")).build();
    assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c);
    ClientRegistration renamed = c.toBuilder().name("Renamed").build();
    assertThat(renamed.clientName()).isEqualTo("Renamed");
    assertThat(renamed.toBuilder().name("MCP server").build()).isEqualTo(c);
    assertThat(c.toString()).doesNotContain("sha256:01");
  }

  @Test
  void theBuilderKeepsTheChecks() {
    assertThatThrownBy(() -> ClientRegistration.builder(null).build()).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> ClientRegistration.builder("svc").grantTypes(Set.of("client_credentials")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("explicit scope list");
  }
}
