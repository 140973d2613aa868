package dev.mcpkit.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.pattern.DynamicConverter;
import ch.qos.logback.core.spi.ContextAwareBase;
import dev.mcpkit.client.PeerText;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The logging set-up of the {@code mcpkit} command, in code rather than a {@code logback.xml}: logs
 * go to stderr only (stdout carries the stdio transport's protocol messages), at the level of
 * {@code MCPKIT_LOG_LEVEL} (default INFO), with Jetty at WARN, every message through {@link PeerText}. Configuring in code spares every
 * start the XML parsing, which a stdio host would otherwise wait for. Found by Logback through
 * {@code META-INF/services}.
 */
public final class StderrLogging extends ContextAwareBase implements Configurator {

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    // %safemsg: the message through the one sanitizer, as log lines quote peers (client ids, scopes, names).
    @SuppressWarnings("unchecked")
    Map<String, Supplier<DynamicConverter<?>>> rules =
        (Map<String, Supplier<DynamicConverter<?>>>) context.getObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS);
    if (rules == null) {
      rules = new HashMap<>();
      context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, rules);
    }
    rules.put("safemsg", SafeMessage::new);
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{0} - %safemsg%n");
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.addAppender(stderr);
    root.setLevel(Level.toLevel(System.getenv("MCPKIT_LOG_LEVEL"), Level.INFO));
    context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** The formatted message with non-printing code points escaped ({@link PeerText#block}). */
  public static final class SafeMessage extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
      return PeerText.block(event.getFormattedMessage());
    }
  }
}
