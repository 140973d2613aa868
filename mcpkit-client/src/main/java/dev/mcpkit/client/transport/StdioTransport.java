package dev.mcpkit.client.transport;

import dev.mcpkit.client.McpConnectionException;
import dev.mcpkit.client.McpProtocolException;
import dev.mcpkit.client.internal.ClientThreads;
import dev.mcpkit.client.internal.Text;
import dev.mcpkit.core.jsonrpc.JsonRpcCodec;
import dev.mcpkit.core.jsonrpc.McpException;
import dev.mcpkit.core.stdio.LineReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The stdio transport: spawns the server from an argv list (no shell), writes one JSON-RPC message
 * per line to its stdin and reads one per line from its stdout. Stderr lines go to the command's
 * sink and the last few are kept, so that "the server died" errors can say why. Closing follows the
 * spec's shutdown order: close stdin, wait, destroy, wait, destroy forcibly.
 */
public final class StdioTransport implements McpTransport {

  private static final int STDERR_TAIL = 20;

  private final StdioCommand command;
  private final Object writeLock = new Object();
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private volatile Process process;
  private volatile OutputStream stdin;
  private volatile boolean closing;
  private Thread stdoutThread;
  private Thread stderrThread;

  public StdioTransport(StdioCommand command) {
    this.command = command;
  }

  @Override
  public void start(Inbound inbound) {
    ProcessBuilder pb = new ProcessBuilder(command.argv());
    Map<String, String> env = pb.environment();
    switch (command.inherit()) {
      case ALL -> { }
      case NONE -> env.clear();
      case SAFE -> {
        env.clear();
        env.putAll(StdioCommand.defaultEnvironment());
      }
    }
    command.env().forEach((k, v) -> {
      if (v == null) {
        env.remove(k);
      } else {
        env.put(k, v);
      }
    });
    if (command.workingDirectory() != null) {
      pb.directory(command.workingDirectory().toFile());
    }
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new McpConnectionException("cannot start the server " + describe() + ": "
          + Text.excerpt(command.redact(e.getMessage()), 500), e);
    }
    stdin = process.getOutputStream();
    Process p = process;
    stderrThread = ClientThreads.start("stdio-stderr", () -> readStderr(p.getErrorStream()));
    stdoutThread = ClientThreads.start("stdio-stdout", () -> readStdout(p, inbound));
  }

  private void readStdout(Process p, Inbound inbound) {
    LineReader reader = new LineReader(p.getInputStream(), command.maxLineBytes());
    try {
      LineReader.Line line;
      while ((line = reader.next()) != null) {
        if (line.tooLong()) {
          inbound.failAll(new McpProtocolException("the server " + describe() + " sent a message larger than "
              + command.maxLineBytes() + " bytes; it was discarded"));
          continue;
        }
        if (isBlank(line.bytes())) {
          continue;
        }
        deliver(line.bytes(), inbound);
      }
    } catch (IOException e) {
      // the pipe broke: the process is gone or being killed; reported below
    }
    if (closing) {
      return;
    }
    String code = "";
    try {
      if (p.waitFor(1, TimeUnit.SECONDS)) {
        code = " with code " + p.exitValue();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    waitFor(stderrThread, 500);
    inbound.closed(new McpConnectionException("the server " + describe() + " exited" + code
        + " (its stdout closed)" + stderrSummary()));
  }

  private void deliver(byte[] bytes, Inbound inbound) {
    JsonRpcCodec.Parsed parsed;
    try {
      parsed = JsonRpcCodec.parse(bytes);
    } catch (McpException e) {
      inbound.warning("the server wrote a line that is not JSON-RPC to stdout (ignored): "
          + Text.excerpt(command.redact(new String(bytes, StandardCharsets.UTF_8)), 200));
      return;
    }
    try {
      switch (parsed) {
        case JsonRpcCodec.Single s -> inbound.message(JsonRpcCodec.read(s.node()));
        case JsonRpcCodec.Batch b -> b.entries().forEach(n -> inbound.message(JsonRpcCodec.read(n)));
      }
    } catch (McpException e) {
      inbound.warning("the server wrote an invalid JSON-RPC message (ignored): " + e.getMessage() + ": "
          + Text.excerpt(command.redact(new String(bytes, StandardCharsets.UTF_8)), 200));
    }
  }

  private void readStderr(InputStream err) {
    LineReader reader = new LineReader(err, 64 * 1024);
    try {
      LineReader.Line line;
      while ((line = reader.next()) != null) {
        // Secrets the command was given (say a token in an argument) are hidden before anyone sees the line.
        String text = line.tooLong() ? "(a stderr line longer than 64 KiB was skipped)"
            : command.redact(new String(line.bytes(), StandardCharsets.UTF_8));
        synchronized (stderrTail) {
          if (stderrTail.size() == STDERR_TAIL) {
            stderrTail.removeFirst();
          }
          stderrTail.addLast(text);
        }
        try {
          command.stderr().accept(text);
        } catch (RuntimeException e) {
          // a failing sink must not stop the draining: an unread stderr pipe would block the child
        }
      }
    } catch (IOException e) {
      // process gone
    }
  }

  /** The last stderr lines, for error messages. */
  public String stderrSummary() {
    synchronized (stderrTail) {
      if (stderrTail.isEmpty()) {
        return "";
      }
      StringBuilder b = new StringBuilder("; last stderr lines:");
      for (String l : stderrTail) {
        b.append("\n  ").append(Text.excerpt(l, 300));
      }
      return b.toString();
    }
  }

  @Override
  public Exchange send(Outgoing message) {
    byte[] bytes = JsonRpcCodec.write(message.message());
    synchronized (writeLock) {
      OutputStream out = stdin;
      if (out == null || closing) {
        throw new McpConnectionException("the stdio transport to " + describe() + " is closed");
      }
      try {
        out.write(bytes);
        out.write('\n');
        out.flush();
      } catch (IOException e) {
        throw new McpConnectionException(exitedOr("cannot write to the server " + describe() + " ("
            + Text.excerpt(command.redact(e.getMessage()), 300) + ")"), e);
      }
    }
    return Exchange.NONE;
  }

  /** Explains a broken pipe by the process's exit when it has exited (the usual reason). */
  private String exitedOr(String fallback) {
    Process p = process;
    try {
      if (p != null && p.waitFor(500, TimeUnit.MILLISECONDS)) {
        waitFor(stderrThread, 500);
        return "the server " + describe() + " exited with code " + p.exitValue() + stderrSummary();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return fallback + stderrSummary();
  }

  @Override
  public boolean cancelsByClosing() {
    return false;
  }

  @Override
  public String describe() {
    return "'" + command.display() + "'";
  }

  /** The child's process id, or -1 before start. */
  public long pid() {
    Process p = process;
    return p == null ? -1 : p.pid();
  }

  @Override
  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    Process p = process;
    if (p == null) {
      return;
    }
    // Descendants (e.g. a wrapper script's child) may hold the pipes open; they are ended too.
    java.util.List<ProcessHandle> descendants = p.descendants().toList();
    synchronized (writeLock) {
      try {
        stdin.close();
      } catch (IOException e) {
        // already gone
      }
    }
    long grace = command.shutdownGrace().toMillis();
    try {
      if (!p.waitFor(grace, TimeUnit.MILLISECONDS)) {
        p.destroy();
        if (!p.waitFor(grace, TimeUnit.MILLISECONDS)) {
          p.destroyForcibly();
          p.waitFor(grace, TimeUnit.MILLISECONDS);
        }
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    descendants.forEach(ProcessHandle::destroyForcibly);
    closeQuietly(p.getInputStream());
    closeQuietly(p.getErrorStream());
    waitFor(stdoutThread, 1000);
    waitFor(stderrThread, 1000);
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // ignore
    }
  }

  private static void waitFor(Thread t, long millis) {
    if (t == null || t == Thread.currentThread()) {
      return;
    }
    try {
      t.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean isBlank(byte[] b) {
    for (byte x : b) {
      if (x != ' ' && x != '\t' && x != '\r') {
        return false;
      }
    }
    return true;
  }
}
