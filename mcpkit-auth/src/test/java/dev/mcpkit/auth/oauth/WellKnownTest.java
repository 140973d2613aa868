package dev.mcpkit.auth.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WellKnownTest {

  @ParameterizedTest
  @CsvSource({
    "https://as.example,            https://as.example/.well-known/oauth-authorization-server",
    "https://as.example/,           https://as.example/.well-known/oauth-authorization-server",
    "https://as.example/tenant1,    https://as.example/.well-known/oauth-authorization-server/tenant1",
    "https://as.example/tenant1/,   https://as.example/.well-known/oauth-authorization-server/tenant1",
    "HTTPS://as.example:8443/a/b,   https://as.example:8443/.well-known/oauth-authorization-server/a/b",
  })
  void rfc8414InsertsTheSuffixBeforeThePath(String issuer, String expected) {
    assertThat(WellKnown.authorizationServer(URI.create(issuer))).hasToString(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "https://as.example,  /.well-known/oauth-authorization-server /.well-known/openid-configuration",
    "https://as.example/t, /.well-known/oauth-authorization-server/t /.well-known/openid-configuration/t /t/.well-known/openid-configuration",
  })
  void theClientLooksWhereTheServerServes(String issuer, String paths) {
    URI iss = URI.create(issuer);
    String base = iss.getRawPath() == null ? "" : iss.getRawPath();
    List<String> served = WellKnown.authorizationServerPaths(base);
    assertThat(WellKnown.authorizationServerCandidates(iss).stream().map(URI::getRawPath).toList())
        .containsExactly(paths.split(" "))
        .isEqualTo(served);
    assertThat(WellKnown.authorizationServerCandidates(iss).getFirst())
        .isEqualTo(WellKnown.authorizationServer(iss));
  }

  @ParameterizedTest
  @CsvSource({
    "http://127.0.0.1:8080,        http://127.0.0.1:8080/.well-known/oauth-protected-resource",
    "http://127.0.0.1:8080/,       http://127.0.0.1:8080/.well-known/oauth-protected-resource",
    "http://127.0.0.1:8080/mcp,    http://127.0.0.1:8080/.well-known/oauth-protected-resource/mcp http://127.0.0.1:8080/.well-known/oauth-protected-resource",
    "http://127.0.0.1:8080/mcp/,   http://127.0.0.1:8080/.well-known/oauth-protected-resource/mcp http://127.0.0.1:8080/.well-known/oauth-protected-resource",
  })
  void rfc9728PathAwareFirstThenRoot(String resource, String expected) {
    assertThat(WellKnown.protectedResourceCandidates(URI.create(resource)).stream().map(URI::toString).toList())
        .containsExactly(expected.split(" "));
  }
}
