package dev.mcpkit.client.transport;

import dev.mcpkit.client.McpConnectionException;
import dev.mcpkit.client.McpProtocolException;
import dev.mcpkit.client.McpTimeoutException;
import dev.mcpkit.client.internal.ClientThreads;
import dev.mcpkit.core.era.Era;
import dev.mcpkit.core.jsonrpc.JsonRpcCodec;
import dev.mcpkit.core.jsonrpc.JsonRpcMessage;
import dev.mcpkit.core.jsonrpc.JsonRpcRequest;
import dev.mcpkit.core.jsonrpc.JsonRpcResponse;
import dev.mcpkit.core.jsonrpc.McpException;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.stdio.LineReader;
import dev.mcpkit.core.text.PeerText;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The stdio transport: spawns the server from an argv list (no shell), writes one JSON-RPC message
 * per line to its stdin and reads one per line from its stdout. Stderr lines go to the command's
 * sink and the last few are kept, so that "the server died" errors can say why. Closing follows the
 * spec's shutdown order: close stdin, wait, destroy, wait, destroy forcibly.
 *
 * <p>Writes happen on one writer thread, never on the caller's: a server that stops reading its stdin
 * fills the pipe and blocks the write, and that must cost the caller no more than its request's
 * timeout (a request returns at once and is answered, or times out, through the client) or the write
 * timeout (notifications and responses). A JSON-RPC batch from the server is accepted only in
 * protocol revision 2025-03-26, the one revision that had batches.
 */
public final class StdioTransport implements McpTransport {

  private static final int STDERR_TAIL = 20;
  /** Messages waiting for the writer; a server that reads nothing makes senders wait, then fail. */
  private static final int WRITE_QUEUE = 256;
  private static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(10);

  /** A message for the writer thread; {@code done} completes when it is written (or cannot be). */
  private record Write(byte[] bytes, JsonRpcRequest request, CompletableFuture<Void> done) {}

  private final StdioCommand command;
  private final Duration writeTimeout;
  private final BlockingQueue<Write> writes = new ArrayBlockingQueue<>(WRITE_QUEUE);
  /** Held by the writer while it writes; close() takes it only if free (closing a stuck stream would block). */
  private final ReentrantLock streamLock = new ReentrantLock();
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private volatile Process process;
  private volatile OutputStream stdin;
  private volatile boolean closing;
  /** The revision of the last message sent with one: decides whether a batch from the server is allowed. */
  private volatile ProtocolVersion version;
  private volatile Inbound inbound;
  private Thread stdoutThread;
  private Thread stderrThread;
  private Thread writerThread;

  /** A transport whose notifications and responses may wait 10 s for a server that does not read its stdin. */
  public StdioTransport(StdioCommand command) {
    this(command, DEFAULT_WRITE_TIMEOUT);
  }

  /**
   * @param writeTimeout how long sending a notification or a response (or queueing a request) may wait for
   *     a server that does not read its stdin (the client passes its connect timeout)
   */
  public StdioTransport(StdioCommand command, Duration writeTimeout) {
    this.command = command;
    this.writeTimeout = writeTimeout;
  }

  @Override
  public void start(Inbound inbound) {
    command.launchPolicy().check(command); // before anything is spawned: a refused launch starts no process
    ProcessBuilder pb = new ProcessBuilder(command.argv());
    Map<String, String> env = pb.environment();
    switch (command.inherit()) {
      case ALL -> { }
      case NONE -> env.clear();
      case SAFE -> {
        env.clear();
        env.putAll(StdioCommand.defaultEnvironment());
      }
      case MINIMAL -> {
        env.clear();
        env.putAll(StdioCommand.minimalEnvironment());
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
          + PeerText.line(command.redact(e.getMessage()), 500), e);
    }
    stdin = process.getOutputStream();
    this.inbound = inbound;
    Process p = process;
    writerThread = ClientThreads.start("stdio-stdin", this::writeLoop);
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
          + PeerText.line(command.redact(new String(bytes, StandardCharsets.UTF_8)), 200));
      return;
    }
    try {
      switch (parsed) {
        case JsonRpcCodec.Single s -> inbound.message(JsonRpcCodec.read(s.node()));
        case JsonRpcCodec.Batch b -> {
          List<JsonRpcMessage> entries = b.entries().stream().map(JsonRpcCodec::read).toList();
          ProtocolVersion v = version;
          if (v != null && Era.of(v).allowsBatches(v)) {
            entries.forEach(inbound::message);
          } else {
            refuseBatch(entries, v, inbound);
          }
        }
      }
    } catch (McpException e) {
      inbound.warning("the server wrote an invalid JSON-RPC message (ignored): " + e.getMessage() + ": "
          + PeerText.line(command.redact(new String(bytes, StandardCharsets.UTF_8)), 200));
    }
  }

  /**
   * A batch outside 2025-03-26 (batches were added then and removed in 2025-06-18) is not a way to slip
   * messages in: each answer in it fails its request with a protocol error, anything else is dropped with
   * a warning.
   */
  private void refuseBatch(List<JsonRpcMessage> entries, ProtocolVersion v, Inbound inbound) {
    String why = "the server " + describe() + " sent a JSON-RPC batch (" + entries.size()
        + " messages on one line); batches exist only in protocol revision 2025-03-26, not in "
        + (v == null ? "the handshake" : v.id());
    boolean answered = false;
    for (JsonRpcMessage m : entries) {
      if (m instanceof JsonRpcResponse r && r.id() != null) {
        inbound.failed(r.id(), new McpProtocolException(why));
        answered = true;
      }
    }
    if (!answered) {
      inbound.warning(why + " (ignored)");
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
        b.append("\n  ").append(PeerText.line(l, 300));
      }
      return b.toString();
    }
  }

  /**
   * Queues the message for the writer thread. A request returns at once: a failed write fails it through
   * the {@link Inbound}, and a write that never ends is bounded by the request's own timeout. Other messages
   * wait until written, at most the write timeout.
   */
  @Override
  public Exchange send(Outgoing message) {
    if (message.version() != null) {
      version = message.version();
    }
    byte[] bytes = JsonRpcCodec.write(message.message());
    Write w = new Write(bytes, message.message() instanceof JsonRpcRequest r ? r : null, new CompletableFuture<>());
    if (stdin == null || closing) {
      throw closedError();
    }
    try {
      if (!writes.offer(w, writeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw notReading();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new McpConnectionException("interrupted while sending to the server " + describe());
    }
    if (closing) {
      writes.remove(w);
      throw closedError();
    }
    if (w.request() != null) {
      // Abandoning a request not yet written takes it out of the queue: it would only keep the pipe busy.
      return () -> writes.remove(w);
    }
    try {
      w.done().get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw notReading();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new McpConnectionException("interrupted while sending to the server " + describe());
    } catch (ExecutionException e) {
      throw (McpConnectionException) e.getCause();
    }
    return Exchange.NONE;
  }

  private McpConnectionException closedError() {
    return new McpConnectionException("the stdio transport to " + describe() + " is closed");
  }

  private McpTimeoutException notReading() {
    long ms = writeTimeout.toMillis();
    return new McpTimeoutException("cannot write to the server " + describe() + ": it has not read its stdin for "
        + (ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms"), writeTimeout);
  }

  /** The writer thread: one message at a time, in order, until the transport closes. */
  private void writeLoop() {
    McpConnectionException broken = null;
    while (!closing) {
      Write w;
      try {
        w = writes.take();
      } catch (InterruptedException e) {
        break;
      }
      if (broken == null) {
        broken = write(w.bytes());
      }
      if (broken == null) {
        w.done().complete(null);
      } else {
        w.done().completeExceptionally(broken);
        Inbound in = inbound;
        if (w.request() != null && in != null) {
          in.failed(w.request().id(), broken);
        }
      }
    }
    McpConnectionException gone = closedError();
    for (Write w; (w = writes.poll()) != null; ) {
      w.done().completeExceptionally(gone);
    }
  }

  /** Writes one line; null when it went through, else the error to report. */
  private McpConnectionException write(byte[] bytes) {
    streamLock.lock();
    try {
      OutputStream out = stdin;
      if (closing) {
        return closedError();
      }
      out.write(bytes);
      out.write('\n');
      out.flush();
      return null;
    } catch (IOException e) {
      if (closing) {
        return closedError();
      }
      return new McpConnectionException(exitedOr("cannot write to the server " + describe() + " ("
          + PeerText.line(command.redact(e.getMessage()), 300) + ")"), e);
    } finally {
      streamLock.unlock();
    }
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
    // A writer stuck on a full pipe holds the stream: closing it would block here too. Then the process is
    // ended without the polite stdin close, which also breaks the pipe under the writer.
    if (streamLock.tryLock()) {
      try {
        stdin.close();
      } catch (IOException e) {
        // already gone
      } finally {
        streamLock.unlock();
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
    if (writerThread != null) {
      writerThread.interrupt();
    }
    waitFor(writerThread, 1000);
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
