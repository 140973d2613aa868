package dev.mcpkit.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every HTTP fuzz target checks (FUZZING.md): an answer comes, it is not a 5xx, and its body
 * names no Java class, package or stack frame. Shared by the fuzz tests of the server, auth and CLI
 * modules (this is in mcpkit-server's test jar).
 */
public final class FuzzOracle {

  /** Java or library internals that must never reach a client. */
  public static final Pattern INTERNALS = Pattern.compile(
      "(?i)exception\\b|jackson|\\bjava\\.|javax\\.|dev\\.mcpkit|org\\.eclipse|\\tat |nimbus|line: \\d+, column");

  /** One exchange on a fresh connection: the answer, and the request that was sent (ISO-8859-1). */
  public record Answer(int status, String head, String body, String sent) {}

  private FuzzOracle() {}

  /**
   * Lets the fuzz target open network connections: Jazzer's SSRF detector reports every connection
   * made while fuzzing, and these targets talk to their own server on 127.0.0.1 by construction.
   */
  public static void allowLoopback() {
    BugDetectors.allowNetworkConnections();
  }

  /** Sends {@code request} (a whole HTTP/1.1 request) and reads the answer until the server closes. */
  public static Answer exchange(int port, byte[] request) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(1_000);
      s.getOutputStream().write(request);
      s.shutdownOutput();
      byte[] all = readAll(s);
      String text = new String(all, StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      assertThat(text).as("an HTTP answer").startsWith("HTTP/1.1 ");
      String head = end < 0 ? text : text.substring(0, end);
      String body = end < 0 ? "" : new String(all, end + 4, all.length - end - 4, StandardCharsets.UTF_8);
      return new Answer(Integer.parseInt(text.substring(9, 12)), head, body,
          new String(request, StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      throw new AssertionError("exchange failed: " + e, e);
    }
  }

  /**
   * Asserts the answer is not a server error and leaks nothing internal. A match that the request
   * itself contains is the client's own text echoed back (a field path naming a key such as
   * {@code "xjackson"}, which the fuzzer learns from this very pattern), not a leak. JSON bodies may
   * come in UTF-8, UTF-16 or UTF-32 (a JSON reader detects which), so the request is read in each.
   */
  public static Answer check(Answer a) {
    assertThat(a.status()).as("status of %s%n%s", a.head(), a.body()).isLessThan(500);
    byte[] raw = a.sent().getBytes(StandardCharsets.ISO_8859_1);
    java.util.List<String> sent = new java.util.ArrayList<>();
    for (String cs : java.util.List.of("ISO-8859-1", "UTF-8", "UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE")) {
      try {
        sent.add(new String(raw, java.nio.charset.Charset.forName(cs)).toLowerCase(Locale.ROOT));
      } catch (RuntimeException unsupported) {
        // a JDK without UTF-32 checks fewer decodings
      }
    }
    Matcher m = INTERNALS.matcher(a.body());
    while (m.find()) {
      String found = m.group().toLowerCase(Locale.ROOT);
      if (sent.stream().noneMatch(text -> text.contains(found))) {
        throw new AssertionError("body without internals: '" + m.group() + "' in " + a.body());
      }
    }
    return a;
  }

  /**
   * Reads until the server closes; a stream that stays open (SSE) ends the read once it has been
   * quiet for a while after its head. No head at all within 30 s fails.
   */
  private static byte[] readAll(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      int n;
      try {
        n = in.read(buf);
      } catch (SocketTimeoutException e) {
        if (out.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
          return out.toByteArray(); // a long-lived stream: its head and first events are enough
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no answer within 30 s");
        }
        continue;
      }
      if (n < 0 || out.size() > 4 << 20) {
        return out.toByteArray();
      }
      out.write(buf, 0, n);
    }
  }

  /**
   * Turns fuzz input in the seed format into a request: a first line {@code METHOD PATH}, header
   * lines up to an empty line, then the body (Content-Length is set; CR and LF inside header
   * values are dropped so the framing stays valid and the target reaches the application).
   */
  public static byte[] request(byte[] input, int port, String defaultPath) {
    String text = new String(input, StandardCharsets.ISO_8859_1);
    int headEnd = text.indexOf("\n\n");
    String headText = headEnd < 0 ? text : text.substring(0, headEnd);
    byte[] body = headEnd < 0 ? new byte[0] : text.substring(headEnd + 2).getBytes(StandardCharsets.ISO_8859_1);
    String[] lines = headText.split("\n", -1);
    String[] first = lines[0].trim().split(" ", 2);
    String method = first[0].matches("[A-Z]{1,10}") ? first[0] : "POST";
    String path = first.length > 1 && first[1].matches("/[\\x21-\\x7e]{0,200}") ? first[1] : defaultPath;
    StringBuilder sb = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    boolean host = false;
    for (int i = 1; i < lines.length && i < 40; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = lines[i].substring(0, colon).trim();
      String value = lines[i].substring(colon + 1).replace("\r", "").trim();
      if (!name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}") || name.equalsIgnoreCase("Content-Length")
          || name.equalsIgnoreCase("Transfer-Encoding") || name.equalsIgnoreCase("Connection")
          || name.equalsIgnoreCase("Expect") || name.equalsIgnoreCase("Upgrade")) {
        continue;
      }
      host |= name.equalsIgnoreCase("Host");
      sb.append(name).append(": ").append(value).append("\r\n");
    }
    if (!host) {
      sb.append("Host: 127.0.0.1:").append(port).append("\r\n");
    }
    sb.append("Connection: close\r\nContent-Length: ").append(body.length).append("\r\n\r\n");
    byte[] head = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[head.length + body.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    return all;
  }
}
