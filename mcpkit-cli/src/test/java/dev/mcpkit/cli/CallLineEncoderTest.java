package dev.mcpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.CoreConstants;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The call log's encoder writes the very line of StderrLogging's pattern, control characters escaped. */
class CallLineEncoderTest {

  @Test
  void writesThePatternsLine() {
    LoggerContext context = new LoggerContext();
    Map<String, Supplier<ch.qos.logback.core.pattern.DynamicConverter<?>>> rules = new HashMap<>();
    rules.put("safemsg", StderrLogging.SafeMessage::new);
    context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, rules);
    PatternLayoutEncoder pattern = new PatternLayoutEncoder();
    pattern.setContext(context);
    pattern.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{0} - %safemsg%n");
    pattern.start();
    CallLineEncoder direct = new CallLineEncoder();
    direct.setContext(context);
    direct.start();
    var logger = context.getLogger("dev.mcpkit.gateway.calls");
    long[] times = {0, 1, 999, 1_000, 61_007, 1_765_000_000_042L, 1_765_000_000_042L, 1_765_000_059_999L};
    for (long t : times) {
      for (Level level : new Level[] {Level.INFO, Level.WARN, Level.ERROR}) {
        LoggingEvent e = new LoggingEvent("x", logger, level, "{\"name\":\"a\u001b[2J\u202e\",\"n\":\"{}\"}", null,
            null);
        e.setInstant(Instant.ofEpochMilli(t));
        assertThat(new String(direct.encode(e))).isEqualTo(new String(pattern.encode(e)));
      }
    }
  }
}
