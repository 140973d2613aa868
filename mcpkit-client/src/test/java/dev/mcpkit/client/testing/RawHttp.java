package dev.mcpkit.client.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The socket plumbing the raw HTTP/1.1 test servers share ({@link HostileServer}, {@link KeepAliveProxy}): an
 * accept loop that hands each connection to a virtual thread, and reading a request's lines and headers. Lines are
 * capped at 16 KiB so a peer cannot grow a test's memory without bound.
 */
final class RawHttp {
  private RawHttp() {}

  /**
   * Starts a virtual thread that accepts connections on {@code socket} until it is closed, records each in
   * {@code open} (so the owner can close them all) and serves each on its own virtual thread named {@code name}.
   */
  static void acceptLoop(ServerSocket socket, String name, Set<Socket> open, Consumer<Socket> serve) {
    Thread.ofVirtual().name(name + "-accept").start(() -> {
      while (!socket.isClosed()) {
        try {
          Socket s = socket.accept();
          open.add(s);
          Thread.ofVirtual().name(name + "-conn").start(() -> serve.accept(s));
        } catch (IOException e) {
          return;
        }
      }
    });
  }

  /** One line without its CR LF, or {@code null} at the end of the stream. */
  static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (c != '\r' && b.size() < 16_384) {
        b.write(c);
      }
    }
    return c == -1 && b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }

  /** The header lines up to the blank line, names in lower case; a line without a colon is skipped. */
  static Map<String, String> headers(InputStream in) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
      int colon = l.indexOf(':');
      if (colon > 0) {
        headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
      }
    }
    return headers;
  }
}
