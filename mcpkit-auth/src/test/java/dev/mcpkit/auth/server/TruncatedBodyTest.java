package dev.mcpkit.auth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.server.testing.TestAuthServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A form body that ends early (the client promises more bytes than it sends, or sends a broken chunk) is the
 * client's mistake: every form endpoint answers 400 {@code invalid_request}, never 500 {@code server_error}.
 */
class TruncatedBodyTest {

  static TestAuthServer t;

  @BeforeAll
  static void start() {
    t = new TestAuthServer();
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  /** Sends {@code head + body} on a raw connection, half-closes it, and returns the whole answer. */
  private static String exchange(String path, String framing, String body) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", t.port), 5000);
      s.setSoTimeout(15_000);
      String req = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + t.port + "\r\n"
          + "Content-Type: application/x-www-form-urlencoded\r\n" + framing + "\r\n" + body;
      s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      s.shutdownOutput(); // the body ends here, before what the framing promised
      InputStream in = s.getInputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
      }
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/token", "/revoke", "/introspect", "/login", "/consent", "/register"})
  void aContentLengthLargerThanTheBodyIsABadRequest(String path) throws IOException {
    String answer = exchange(path, "Content-Length: 100\r\n", "grant_type=client_credentials");
    assertThat(answer).startsWith("HTTP/1.1 400");
    assertThat(answer).doesNotContain("server_error").doesNotContain("Exception").doesNotContain("org.eclipse");
    if (!path.equals("/login") && !path.equals("/consent")) {
      assertThat(answer).contains("\"error\":\"invalid_request\"");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/token", "/revoke", "/introspect", "/login", "/consent"})
  void aBadChunkSizeIsABadRequest(String path) throws IOException {
    String answer = exchange(path, "Transfer-Encoding: chunked\r\n", "5\r\ngrant\r\nZZ\r\nxx\r\n0\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 400");
    assertThat(answer).doesNotContain("server_error").doesNotContain("Exception").doesNotContain("org.eclipse");
  }
}
