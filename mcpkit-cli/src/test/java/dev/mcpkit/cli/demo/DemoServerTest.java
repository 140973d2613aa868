package dev.mcpkit.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.server.ToolException;
import java.math.BigDecimal;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The demo's {@code add_numbers} adds exactly, and refuses to write out a sum of unbounded length. */
class DemoServerTest {

  @Test
  void addsExactly() {
    assertThat(DemoServer.add(new BigDecimal("0.1"), new BigDecimal("0.2"))).isEqualTo("0.3");
    assertThat(DemoServer.add(new BigDecimal("1e3"), new BigDecimal("-1"))).isEqualTo("999");
    assertThat(DemoServer.add(new BigDecimal("1e-3"), BigDecimal.ZERO)).isEqualTo("0.001");
    assertThat(DemoServer.add(new BigDecimal("-1e-3"), BigDecimal.ZERO)).isEqualTo("-0.001");
  }

  @Test
  @DisplayName("SEC-JSON-NUM numbers within the parse bound whose exact sum is huge are refused")
  void longSumsAreRefused() {
    assertThatThrownBy(() -> DemoServer.add(new BigDecimal("1e1000"), new BigDecimal("1e-1000")))
        .isInstanceOf(ToolException.class).hasMessageContaining("at most " + DemoServer.MAX_SUM_LENGTH);
    assertThatThrownBy(() -> DemoServer.add(new BigDecimal("1e5000"), BigDecimal.ONE))
        .isInstanceOf(ToolException.class);
    assertThatThrownBy(() -> DemoServer.add(new BigDecimal("1e-5000"), BigDecimal.ZERO))
        .isInstanceOf(ToolException.class);
    String longest = DemoServer.add(new BigDecimal("1e1000"), new BigDecimal("1e-900"));
    assertThat(longest.length()).isLessThanOrEqualTo(DemoServer.MAX_SUM_LENGTH);
  }
}
