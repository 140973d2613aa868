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
import dev.mcpkit.core.text.PeerText;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ParseResult;

/**
 * The logging set-up of the {@code mcpkit} command, in code rather than a {@code logback.xml}: logs
 * go to stderr only (stdout carries the stdio transport's protocol messages), at the level of
 * {@code MCPKIT_LOG_LEVEL} (default INFO), with Jetty at WARN, every message through {@link PeerText}. Configuring in code spares every
 * start the XML parsing, which a stdio host would otherwise wait for. Found by Logback through
 * {@code META-INF/services}. The gateway's call log (a line per routed call) goes to stderr through a buffer
 * ({@link BufferedStderrAppender}, lines made by {@link CallLineEncoder}), written at the latest 200 ms later and at exit.
 *
 * <p>Commands that print a result for a person ({@link #QUIET_COMMANDS}) turn logging off unless
 * {@code --verbose} is given (then INFO) or {@code MCPKIT_LOG_LEVEL} is set: their output is the
 * result, and library log lines (the OAuth client's {@code event=...} lines) are noise there.
 */
public final class StderrLogging extends ContextAwareBase implements Configurator {

  /** The commands whose output is a result, not a log of a running service. */
  static final Set<String> QUIET_COMMANDS = Set.of("call", "list", "login", "logout", "completion", "doctor", "scan",
      "snapshot", "diff", "test");

  private static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %safemsg%n";

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
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.addAppender(stderr);
    // The gateway's call log, a line per routed call: the same lines, buffered (a write(2) and a flush per line
    // cost the gateway a few percent of its CPU per call)
    CallLineEncoder callEncoder = new CallLineEncoder(); // PATTERN's line, made without the pattern's converters
    callEncoder.setContext(context);
    callEncoder.start();
    BufferedStderrAppender calls = new BufferedStderrAppender();
    calls.setContext(context);
    calls.setName("STDERR-CALLS");
    calls.setEncoder(callEncoder);
    calls.start();
    Logger callLog = context.getLogger(dev.mcpkit.gateway.internal.CallGate.LOGGER);
    callLog.addAppender(calls);
    callLog.setAdditive(false);
    root.setLevel(Level.toLevel(System.getenv("MCPKIT_LOG_LEVEL"), Level.INFO));
    context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * Sets the level for the command about to run: off for {@link #QUIET_COMMANDS} without
   * {@code --verbose}, INFO with it; an explicit {@code MCPKIT_LOG_LEVEL} always wins.
   */
  static void forCommand(ParseResult parsed) {
    if (System.getenv("MCPKIT_LOG_LEVEL") != null) {
      return;
    }
    ParseResult leaf = parsed;
    while (leaf.hasSubcommand()) {
      leaf = leaf.subcommand();
    }
    if (!QUIET_COMMANDS.contains(leaf.commandSpec().name())) {
      return;
    }
    boolean verbose = leaf.commandSpec().findOption("--verbose") != null && leaf.hasMatchedOption("--verbose");
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(verbose ? Level.INFO : Level.OFF);
    }
  }

  /** The formatted message with non-printing code points escaped ({@link PeerText#block}). */
  public static final class SafeMessage extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
      return PeerText.block(event.getFormattedMessage());
    }
  }
}
