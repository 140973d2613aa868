package dev.mcpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official conformance suites' auth scenarios in client mode, driving {@code
 * conformance/client.sh} (the shaded jar's {@code conformance-client} command, which uses {@code
 * dev.mcpkit.auth.client.OAuthClient} with the headless user agent): the whole 0.1.16 {@code
 * --suite auth}, the other 0.1.16 auth scenarios, and every non-extension auth scenario of
 * 0.2.0-alpha.12 at the 2026-07-28 wire plus its client-credentials extension scenarios. Every run is
 * inside {@code unshare -n} with only loopback up. "Reject" scenarios pass because the suite saw no
 * forbidden request (its checks say so), not because the client exited.
 */
class ConformanceAuthIT {

  @TempDir Path tmp;

  @Test
  void stableSuiteAuth() throws Exception {
    // The 14 scenarios run in parallel JVMs; a generous timeout keeps a busy 2-core machine from killing them.
    Suites.Run run = Suites.clientSuite("conformance", "auth", List.of("--timeout", "120000"), tmp.resolve("out"));
    assertThat(run.problems()).as(run.output()).isEmpty();
    assertThat(run.output()).as(run.output()).containsPattern("Total: \\d+ passed, 0 failed, 0 warnings");
    assertThat(run.exitCode()).as(run.output()).isZero();
    for (String scenario : List.of("metadata-default", "metadata-var1", "metadata-var2", "metadata-var3", "basic-cimd",
        "scope-from-www-authenticate", "scope-from-scopes-supported", "scope-omitted-when-undefined", "scope-step-up",
        "scope-retry-limit", "token-endpoint-auth-basic", "token-endpoint-auth-post", "token-endpoint-auth-none",
        "pre-registration")) {
      assertThat(run.output()).as(run.output()).contains("✓ auth/" + scenario + ":");
    }
  }

  @ParameterizedTest(name = "0.1.16 {0}")
  @ValueSource(strings = {"auth/2025-03-26-oauth-endpoint-fallback", "auth/resource-mismatch", "auth/offline-access-scope",
      "auth/offline-access-not-supported", "auth/client-credentials-basic", "auth/client-credentials-jwt"})
  void stableOtherAuthScenarios(String scenario) throws Exception {
    assertPassed(Suites.client("conformance", scenario, List.of(), tmp.resolve("out")));
  }

  /**
   * 0.1.16's 2025-03-26 metadata mock serves {@code /.well-known/oauth-authorization-server} on the
   * MCP origin with {@code "issuer": "<origin>/oauth"}. RFC 8414 §3.3 forbids using a document whose
   * issuer is not the one it was fetched for, so the client refuses it before registering (the
   * alpha's mock declares the origin, and passes below). This pins the refusal.
   */
  @Test
  void stableBackcompatMockWithAForeignIssuerIsRefused() throws Exception {
    Suites.Run run = Suites.client("conformance", "auth/2025-03-26-oauth-metadata-backcompat", List.of(), tmp.resolve("out"));
    assertThat(run.output()).contains("declares the issuer \"http://localhost:").contains("/oauth\"");
    assertThat(run.checks()).noneMatch(c -> List.of("client-registration", "authorization-request", "token-request")
        .contains(c.path("id").asString("")) && c.path("status").asString("").equals("SUCCESS"));
  }

  @ParameterizedTest(name = "0.2.0-alpha.12 2026-07-28 {0}")
  @ValueSource(strings = {"auth/metadata-default", "auth/metadata-var1", "auth/metadata-var2", "auth/metadata-var3",
      "auth/basic-cimd", "auth/scope-from-www-authenticate", "auth/scope-from-scopes-supported",
      "auth/scope-omitted-when-undefined", "auth/scope-step-up", "auth/scope-retry-limit", "auth/token-endpoint-auth-basic",
      "auth/token-endpoint-auth-post", "auth/token-endpoint-auth-none", "auth/pre-registration", "auth/resource-mismatch",
      "auth/offline-access-scope", "auth/offline-access-not-supported", "auth/authorization-server-migration",
      "auth/iss-supported", "auth/iss-not-advertised", "auth/iss-supported-missing", "auth/iss-wrong-issuer",
      "auth/iss-unexpected", "auth/iss-normalized", "auth/metadata-issuer-mismatch"})
  void alphaAuthAt2026(String scenario) throws Exception {
    Suites.Run run = Suites.client("conformance-alpha", scenario, List.of("--spec-version", "2026-07-28"), tmp.resolve("out"));
    assertPassed(run);
    if (run.checks().stream().anyMatch(c -> c.path("id").asString("").equals("client-registration"))) {
      // Every dynamic registration at the 2026 wire carried application_type (SEP-837).
      assertThat(run.checks()).anyMatch(c -> c.path("id").asString("").equals("sep-837-application-type-present")
          && c.path("status").asString("").equals("SUCCESS"));
    }
    if (scenario.equals("auth/scope-step-up")) {
      assertThat(status(run, "sep-2350-scope-union-on-reauth")).isEqualTo("SUCCESS");
    }
  }

  @ParameterizedTest(name = "0.2.0-alpha.12 {0}")
  @ValueSource(strings = {"auth/client-credentials-basic", "auth/client-credentials-jwt"})
  void alphaClientCredentialsExtension(String scenario) throws Exception {
    assertPassed(Suites.client("conformance-alpha", scenario, List.of(), tmp.resolve("out")));
  }

  @ParameterizedTest(name = "0.2.0-alpha.12 2025-03-26 {0}")
  @ValueSource(strings = {"auth/2025-03-26-oauth-metadata-backcompat", "auth/2025-03-26-oauth-endpoint-fallback"})
  void alphaBackcompat(String scenario) throws Exception {
    assertPassed(Suites.client("conformance-alpha", scenario, List.of("--spec-version", "2025-03-26"), tmp.resolve("out")));
  }

  private static String status(Suites.Run run, String id) {
    return run.checks().stream().filter(c -> c.path("id").asString("").equals(id)).map(c -> c.path("status").asString(""))
        .findFirst().orElse("missing");
  }

  private static void assertPassed(Suites.Run run) {
    assertThat(run.problems()).as(run.output()).isEmpty();
    assertThat(run.successes()).as(run.output()).isPositive();
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("OVERALL: PASSED");
  }

}
