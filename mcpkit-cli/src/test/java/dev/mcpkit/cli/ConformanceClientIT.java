package dev.mcpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official conformance suites in client mode, driving {@code conformance/client.sh} (the
 * shaded jar's {@code conformance-client} command): every non-auth scenario of 0.1.16, and every
 * non-auth 2026-07-28 scenario of the 0.2.0 alpha. Each run is inside {@code unshare -n} with only
 * loopback up; a scenario passes when the suite exits 0 and no check is a FAILURE or WARNING.
 */
class ConformanceClientIT {

  @TempDir Path tmp;

  @ParameterizedTest(name = "0.1.16 {0}")
  @ValueSource(strings = {"initialize", "tools_call", "elicitation-sep1034-client-defaults", "sse-retry"})
  void stableSuite(String scenario) throws Exception {
    Suites.Run run = Suites.client("conformance", scenario, List.of(), tmp.resolve("out"));
    assertPassed(run);
  }

  @ParameterizedTest(name = "0.2.0-alpha.12 2026-07-28 {0}")
  @ValueSource(strings = {"request-metadata", "http-standard-headers", "http-custom-headers", "http-invalid-tool-headers",
      "json-schema-ref-no-deref", "json-schema-2020-12-preservation", "sep-2322-client-request-state", "tools_call"})
  void alphaSuiteModern(String scenario) throws Exception {
    Suites.Run run = Suites.client("conformance-alpha", scenario, List.of("--spec-version", "2026-07-28"), tmp.resolve("out"));
    assertPassed(run);
  }

  @ParameterizedTest(name = "0.2.0-alpha.12 2025-11-25 {0}")
  @ValueSource(strings = {"initialize", "tools_call", "elicitation-sep1034-client-defaults", "sse-retry"})
  void alphaSuiteLegacy(String scenario) throws Exception {
    Suites.Run run = Suites.client("conformance-alpha", scenario, List.of(), tmp.resolve("out"));
    assertPassed(run);
  }

  private static void assertPassed(Suites.Run run) {
    assertThat(run.problems()).as(run.output()).isEmpty();
    assertThat(run.successes()).as(run.output()).isPositive();
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("OVERALL: PASSED");
  }
}
