package dev.mcpkit.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A minimal blocking HTTP/1.1 client over one keep-alive socket: cheap enough to hold ten
 * thousand streams on virtual threads, and it shows the wire exactly as the server sent it.
 */
final class RawHttp implements AutoCloseable {

  record Response(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String hostHeader;
  final String path;

  RawHttp(URI url) throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.setSoLinger(true, 0); // close with RST: no TIME_WAIT pile-up after 10,000 streams
    socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 10_000);
    in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    out = socket.getOutputStream();
    hostHeader = url.getHost() + ":" + url.getPort();
    path = url.getRawPath();
  }

  void timeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
  }

  /** Sends a request (BODY may be null). */
  void send(String method, List<String> headers, String body) throws IOException {
    byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder h = new StringBuilder(256);
    h.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(hostHeader).append("\r\n");
    for (String x : headers) {
      h.append(x).append("\r\n");
    }
    if (body != null) {
      h.append("Content-Length: ").append(b.length).append("\r\n");
    }
    h.append("\r\n");
    out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(b);
    out.flush();
  }

  Response exchange(String method, List<String> headers, String body) throws IOException {
    send(method, headers, body);
    return read(true);
  }

  /** Reads a response; with BODY false, only the status line and headers (a stream stays open). */
  Response read(boolean body) throws IOException {
    String status = line();
    if (status == null) {
      throw new IOException("connection closed before a response");
    }
    String[] parts = status.split(" ", 3);
    int code = Integer.parseInt(parts[1]);
    Map<String, String> headers = new TreeMap<>();
    for (String l = line(); l != null && !l.isEmpty(); l = line()) {
      int c = l.indexOf(':');
      headers.put(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim());
    }
    if (!body) {
      return new Response(code, headers, "");
    }
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    String te = headers.get("transfer-encoding");
    String cl = headers.get("content-length");
    if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
      while (true) {
        String size = line();
        int n = Integer.parseInt(size.split(";")[0].trim(), 16);
        if (n == 0) {
          for (String l = line(); l != null && !l.isEmpty(); l = line()) {
            // trailers
          }
          break;
        }
        buf.write(in.readNBytes(n));
        line();
      }
    } else if (cl != null) {
      buf.write(in.readNBytes(Integer.parseInt(cl)));
    } else if (code != 204 && code != 304 && code >= 200) {
      buf.write(in.readAllBytes()); // until close
    }
    return new Response(code, headers, buf.toString(StandardCharsets.UTF_8));
  }

  /** Reads one line of a streamed body (chunk framing is skipped: lines of SSE text only). */
  String streamLine() throws IOException {
    return line();
  }

  private String line() throws IOException {
    StringBuilder b = new StringBuilder(64);
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        int n = b.length();
        if (n > 0 && b.charAt(n - 1) == '\r') {
          b.setLength(n - 1);
        }
        return b.toString();
      }
      b.append((char) c);
    }
    return b.isEmpty() ? null : b.toString();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
