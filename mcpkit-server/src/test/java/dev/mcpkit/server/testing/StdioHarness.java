package dev.mcpkit.server.testing;

import static org.assertj.core.api.Assertions.fail;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.stdio.StdioServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Runs a {@link StdioServer} on in-memory pipes: the test writes the server's stdin and reads its
 * stdout line by line, and every byte the server wrote stays available for inspection.
 */
public final class StdioHarness implements AutoCloseable {

  private static final byte[] EOF = new byte[0];

  private final BlockingQueue<byte[]> stdin = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final ByteArrayOutputStream everything = new ByteArrayOutputStream();
  private final StdioServer server;
  private final Thread runner;

  public StdioHarness(McpServer mcp) {
    this(mcp, Duration.ofSeconds(30));
  }

  public StdioHarness(McpServer mcp, Duration grace) {
    this.server = new StdioServer(mcp, new In(), new Out(), grace);
    this.runner = Thread.ofPlatform().name("test-stdio-run").start(server::run);
  }

  /** Writes one message and its newline. */
  public void send(JsonNode message) {
    sendRaw(Json.write(message) + "\n");
  }

  /** Writes raw text, exactly as given. */
  public void sendRaw(String text) {
    sendBytes(text.getBytes(StandardCharsets.UTF_8));
  }

  public void sendBytes(byte[] bytes) {
    stdin.add(bytes.clone());
  }

  /** Ends stdin. */
  public void closeInput() {
    stdin.add(EOF);
  }

  /** The next line the server wrote, parsed as JSON (hang protection: fails after a while). */
  public JsonNode next() {
    try {
      String l = lines.poll(SseStream.WAIT_SECONDS, TimeUnit.SECONDS);
      if (l == null) {
        fail("no line on stdout within " + SseStream.WAIT_SECONDS + " s");
      }
      return Json.parse(l);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The next line that is the response to {@code id} (notifications before it are collected). */
  public JsonNode responseTo(Object id, List<JsonNode> before) {
    JsonNode want = J.node(id);
    while (true) {
      JsonNode m = next();
      if (m.has("id") && m.get("id").equals(want) && !m.has("method")) {
        return m;
      }
      before.add(m);
    }
  }

  public JsonNode responseTo(Object id) {
    return responseTo(id, new ArrayList<>());
  }

  /** The lines written so far that the test has not read. */
  public List<String> unread() {
    List<String> out = new ArrayList<>();
    lines.drainTo(out);
    return out;
  }

  /** Everything the server wrote to stdout. */
  public byte[] stdout() {
    synchronized (everything) {
      return everything.toByteArray();
    }
  }

  public Thread runner() {
    return runner;
  }

  /** Waits for {@code run()} to return. */
  public boolean awaitExit(Duration max) throws InterruptedException {
    return runner.join(max);
  }

  @Override
  public void close() throws InterruptedException {
    closeInput();
    if (!runner.join(Duration.ofSeconds(40))) {
      server.close();
    }
  }

  private final class In extends InputStream {
    private byte[] current = new byte[0];
    private int pos;
    private boolean eof;

    @Override
    public int read() {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (eof) {
        return -1;
      }
      while (pos == current.length) {
        try {
          byte[] next = stdin.take();
          if (next == EOF) {
            eof = true;
            return -1;
          }
          current = next;
          pos = 0;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return -1;
        }
      }
      int n = Math.min(len, current.length - pos);
      System.arraycopy(current, pos, b, off, n);
      pos += n;
      return n;
    }
  }

  private final class Out extends OutputStream {
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
      synchronized (everything) {
        everything.write(b);
      }
      if (b == '\n') {
        lines.add(line.toString(StandardCharsets.UTF_8));
        line.reset();
      } else {
        line.write(b);
      }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      for (int i = off; i < off + len; i++) {
        write(b[i]);
      }
    }
  }
}
