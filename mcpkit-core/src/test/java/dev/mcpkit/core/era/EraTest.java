package dev.mcpkit.core.era;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.jsonrpc.ErrorCodes;
import dev.mcpkit.core.protocol.Methods;
import dev.mcpkit.core.protocol.ProtocolVersion;
import org.junit.jupiter.api.Test;

/** Each revision's era and the rules that differ between eras and between revisions inside one. */
class EraTest {

  @Test
  void everyRevisionHasItsEra() {
    assertThat(Era.of(ProtocolVersion.V2024_11_05)).isSameAs(Era.SSE);
    assertThat(Era.of(ProtocolVersion.V2025_03_26)).isSameAs(Era.SESSION);
    assertThat(Era.of(ProtocolVersion.V2025_06_18)).isSameAs(Era.SESSION);
    assertThat(Era.of(ProtocolVersion.V2025_11_25)).isSameAs(Era.SESSION);
    assertThat(Era.of(ProtocolVersion.V2026_07_28)).isSameAs(Era.STATELESS);
    assertThat(Era.of(ProtocolVersion.LATEST)).isSameAs(Era.STATELESS);
  }

  @Test
  void statelessDiffersFromTheSessionEras() {
    Era s = Era.STATELESS;
    assertThat(s.usesInitialize()).isFalse();
    assertThat(s.hasResultType()).isTrue();
    assertThat(s.usesInputRequiredResults()).isTrue();
    assertThat(s.perRequestLogLevel()).isTrue();
    assertThat(s.cancelsByClosingStream()).isTrue();
    assertThat(s.resumesStreams()).isFalse();
    assertThat(s.resourceNotFoundCode()).isEqualTo(ErrorCodes.INVALID_PARAMS);
    assertThat(s.livenessMethod()).isEqualTo(Methods.SERVER_DISCOVER);
    assertThat(s.requestSchemaVersion()).isEqualTo(ProtocolVersion.V2026_07_28);
    assertThat(s.newest()).isEqualTo(ProtocolVersion.V2026_07_28);
    assertThat(s.httpStatus(ErrorCodes.METHOD_NOT_FOUND)).isEqualTo(404);
    assertThat(s.excludes(Methods.INITIALIZE)).isTrue();
    assertThat(s.excludes(Methods.PING)).isTrue();
    assertThat(s.excludes(Methods.LOGGING_SET_LEVEL)).isTrue();
    assertThat(s.excludes(Methods.RESOURCES_SUBSCRIBE)).isTrue();
    assertThat(s.excludes(Methods.SUBSCRIPTIONS_LISTEN)).isFalse();
    assertThat(s.excludes(Methods.TOOLS_CALL)).isFalse();
    assertThat(s.httpStatus(ErrorCodes.HEADER_MISMATCH)).isEqualTo(400);
    assertThat(s.httpStatus(ErrorCodes.INVALID_PARAMS)).isEqualTo(200);
    for (Era e : new Era[] {Era.SESSION, Era.SSE}) {
      assertThat(e.usesInitialize()).isTrue();
      assertThat(e.hasResultType()).isFalse();
      assertThat(e.usesInputRequiredResults()).isFalse();
      assertThat(e.perRequestLogLevel()).isFalse();
      assertThat(e.cancelsByClosingStream()).isFalse();
      assertThat(e.resumesStreams()).isTrue();
      assertThat(e.resourceNotFoundCode()).isEqualTo(ErrorCodes.LEGACY_RESOURCE_NOT_FOUND);
      assertThat(e.livenessMethod()).isEqualTo(Methods.PING);
      assertThat(e.httpStatus(ErrorCodes.METHOD_NOT_FOUND)).isEqualTo(200);
      assertThat(e.excludes(Methods.SUBSCRIPTIONS_LISTEN)).isTrue();
      assertThat(e.excludes(Methods.INITIALIZE)).isFalse();
      assertThat(e.excludes(Methods.SERVER_DISCOVER)).isFalse();
      assertThat(e.requestSchemaVersion()).isEqualTo(ProtocolVersion.V2025_11_25);
    }
    assertThat(Era.SESSION.newest()).isEqualTo(ProtocolVersion.V2025_11_25);
    assertThat(Era.SSE.newest()).isEqualTo(ProtocolVersion.V2024_11_05);
  }

  @Test
  void revisionRulesInsideAnEra() {
    for (ProtocolVersion v : ProtocolVersion.values()) {
      Era e = Era.of(v);
      assertThat(e.allowsBatches(v)).as("batches in %s", v).isEqualTo(v == ProtocolVersion.V2025_03_26);
      boolean header = v != ProtocolVersion.V2024_11_05 && v != ProtocolVersion.V2025_03_26;
      assertThat(e.sendsVersionHeader(v)).as("version header in %s", v).isEqualTo(header);
      boolean primes = v == ProtocolVersion.V2025_11_25;
      assertThat(e.primesStreams(v)).as("priming in %s", v).isEqualTo(primes);
    }
  }
}
