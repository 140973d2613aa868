package dev.mcpkit.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what {@link java.net.http.HttpClient} will not do: send any
 * Host header, chunked bodies on demand, several requests on one kept-alive connection, and drop
 * the connection at an exact point.
 */
public final class RawHttp implements AutoCloseable {

  /** A response head plus, for complete reads, its body. */
  public record Response(int status, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final int port;

  private RawHttp(int port) throws IOException {
    this.port = port;
    this.socket = new Socket("127.0.0.1", port);
    this.socket.setSoTimeout(30_000); // hang protection only
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  public static RawHttp connect(int port) {
    try {
      return new RawHttp(port);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Writes a request. A {@code Host} header naming this server is added unless given;
   * {@code Content-Length} is added for a body unless {@code Transfer-Encoding} is given (then the
   * body is sent as is: the caller frames it).
   */
  public RawHttp send(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
    StringBuilder sb = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    Map<String, String> h = new LinkedHashMap<>();
    boolean hasHost = headers.keySet().stream().anyMatch(k -> k.equalsIgnoreCase("Host"));
    if (!hasHost) {
      h.put("Host", "127.0.0.1:" + port);
    }
    h.putAll(headers);
    boolean chunked = headers.keySet().stream().anyMatch(k -> k.equalsIgnoreCase("Transfer-Encoding"));
    if (body != null && !chunked) {
      h.put("Content-Length", Integer.toString(body.length));
    }
    h.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
    sb.append("\r\n");
    out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      out.write(body);
    }
    out.flush();
    return this;
  }

  /**
   * Writes {@code parts} on a fresh connection and reads until the server closes it: the whole answer, as bytes
   * mapped one to one (ISO-8859-1). A reset after the answer (the server may reset a connection it refused) ends
   * the read; what arrived before it is the answer.
   */
  public static String exchange(int port, byte[]... parts) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(10_000);
      for (byte[] p : parts) {
        s.getOutputStream().write(p);
      }
      s.getOutputStream().flush();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      InputStream from = s.getInputStream();
      byte[] buf = new byte[4096];
      try {
        for (int n; (n = from.read(buf)) > 0; ) {
          answer.write(buf, 0, n);
        }
      } catch (java.net.SocketException reset) {
        // what arrived before the reset is the answer
      }
      return answer.toString(StandardCharsets.ISO_8859_1);
    }
  }

  /** A JSON POST to {@code path} with the Accept and Content-Type of a conforming client. */
  public RawHttp postJson(String path, Map<String, String> extraHeaders, String json) throws IOException {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/json");
    h.put("Accept", HttpTestClient.ACCEPT_BOTH);
    h.putAll(extraHeaders);
    return send("POST", path, h, json.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes raw bytes (a hand-framed body, a chunk). */
  public void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Reads one complete response, leaving the connection usable for the next one. */
  public Response read() throws IOException {
    Response head = readHead();
    return new Response(head.status(), head.headers(), new String(body(head).readAllBytes(), StandardCharsets.UTF_8));
  }

  /** Reads a response head; its body can then be read with {@link #body(Response)}. */
  public Response readHead() throws IOException {
    String status = line();
    if (status == null) {
      throw new IOException("connection closed before a response");
    }
    String[] parts = status.split(" ", 3);
    Map<String, String> headers = new LinkedHashMap<>();
    String l;
    while ((l = line()) != null && !l.isEmpty()) {
      int c = l.indexOf(':');
      headers.put(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim());
    }
    return new Response(Integer.parseInt(parts[1]), headers, null);
  }

  /** The body of a response whose head was read, decoded from its framing. */
  public InputStream body(Response head) {
    String te = head.header("Transfer-Encoding");
    if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
      return new Chunked();
    }
    String cl = head.header("Content-Length");
    if (cl != null) {
      return new Bounded(Long.parseLong(cl));
    }
    return in; // delimited by close
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  private final class Bounded extends InputStream {
    private long left;

    Bounded(long length) {
      this.left = length;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }

  private final class Chunked extends InputStream {
    private long left;
    private boolean done;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    /** Returns what one read of the socket gives (never waits to fill {@code len}: SSE is live). */
    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (left == 0) {
        String size = line();
        if (size == null) {
          done = true;
          return -1;
        }
        if (size.isEmpty()) {
          size = line(); // CRLF after the previous chunk
        }
        int semi = size.indexOf(';');
        left = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
        if (left == 0) {
          String trailer;
          while ((trailer = line()) != null && !trailer.isEmpty()) {
            // skip trailers
          }
          done = true;
          return -1;
        }
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        done = true;
        return -1;
      }
      left -= n;
      return n;
    }
  }
}
