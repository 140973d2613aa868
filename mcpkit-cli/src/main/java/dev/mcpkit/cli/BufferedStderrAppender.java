package dev.mcpkit.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stderr for a logger that writes a line per request (the gateway's call log): the lines gather in a buffer that is
 * written when it fills, at the latest {@value #FLUSH_MS} ms after the first line that waits, and at exit, instead of
 * a {@code write(2)} and a flush per line as {@link ch.qos.logback.core.ConsoleAppender} does. An orderly exit loses
 * nothing: a JVM shutdown hook writes what waits, and lines logged after it (by other shutdown hooks) are written at
 * once. A line may reach stderr up to {@value #FLUSH_MS} ms late, and so after a line of another logger.
 */
final class BufferedStderrAppender extends OutputStreamAppender<ILoggingEvent> {

  static final long FLUSH_MS = 200;

  private final AtomicBoolean flushScheduled = new AtomicBoolean();
  private volatile boolean exiting;

  @Override
  public void start() {
    // fd 2 itself, not System.err (a PrintStream that flushes every write); never closed (closeOutputStream)
    setOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.err), 8192));
    setImmediateFlush(false);
    super.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      exiting = true;
      flush();
    }, "mcpkit-log-flush"));
  }

  @Override
  protected void subAppend(ILoggingEvent event) {
    if (!isStarted()) {
      return;
    }
    // encoded here, on the logging thread: the event is not prepared for deferred processing (thread name, MDC copy)
    // as OutputStreamAppender.subAppend does, since nothing reads it later
    byte[] line = encoder.encode(event);
    streamWriteLock.lock();
    try {
      writeByteArrayToOutputStreamWithPossibleFlush(line);
    } catch (IOException e) {
      // stderr is gone: there is nowhere to say so
    } finally {
      streamWriteLock.unlock();
    }
    if (exiting) {
      flush();
    } else if (flushScheduled.compareAndSet(false, true)) {
      Thread.ofVirtual().name("mcpkit-log-flush").start(() -> {
        try {
          Thread.sleep(FLUSH_MS);
        } catch (InterruptedException e) {
          // flush now
        }
        flushScheduled.set(false);
        flush();
      });
    }
  }

  /** Writes the lines that wait. */
  void flush() {
    streamWriteLock.lock();
    try {
      if (getOutputStream() != null) {
        getOutputStream().flush();
      }
    } catch (IOException e) {
      // stderr is gone: there is nowhere to say so
    } finally {
      streamWriteLock.unlock();
    }
  }

  @Override
  protected void closeOutputStream() {
    flush(); // stderr stays open for everyone else
  }
}
