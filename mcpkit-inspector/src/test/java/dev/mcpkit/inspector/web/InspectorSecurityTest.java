package dev.mcpkit.inspector.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inspector's gate: token, cookie, Host, Origin, loopback, and no process without the user's confirmation. */
class InspectorSecurityTest {

  private Inspector inspector;
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private String origin;

  @BeforeEach
  void start() throws Exception {
    inspector = Inspector.builder().start();
    origin = "http://127.0.0.1:" + inspector.port();
  }

  @AfterEach
  void stop() {
    inspector.close();
  }

  private HttpResponse<String> get(String path, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + path)).GET();
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String cookie, String from, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    if (from != null) {
      b.header("Origin", from);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Trades the launch token for the session cookie, as the page does. */
  private String signIn() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(inspector.launchUrl()).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(303, r.statusCode());
    String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  @Test
  void theOAuthCallbackPathTakesNothingButTheWaitingSignInsResponse() throws Exception {
    // no sign-in waits: a response (even with the session cookie) is refused, nothing else is served on that path
    HttpResponse<String> r = get("/callback?code=c&state=s", signIn());
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("No sign-in is waiting"), r.body());
    assertEquals("no-referrer", r.headers().firstValue("Referrer-Policy").orElseThrow());
    assertTrue(r.headers().firstValue("Content-Security-Policy").orElseThrow().startsWith("default-src 'none'"));
    assertEquals(400, get("/callback", null).statusCode());
    // the gate still applies: another Host, a foreign Origin, a state-changing method
    assertEquals(403, http.send(HttpRequest.newBuilder(URI.create(origin + "/callback?code=c&state=s"))
        .header("Origin", "http://evil.example").GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    assertEquals(403, post("/callback?code=c&state=s", null, null, "{}").statusCode());
    assertEquals(405, post("/callback?code=c&state=s", null, origin, "{}").statusCode());
    assertEquals(403, rawRequestStatus("GET /callback?code=c&state=s HTTP/1.1\r\nHost: evil.example:" + inspector.port()
        + "\r\nConnection: close\r\n\r\n"));
  }

  /** The status of a raw HTTP/1.1 request (the JDK client does not let a test set Host). */
  private int rawRequestStatus(String request) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), inspector.port())) {
      s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      String line = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
      return Integer.parseInt(line.substring(9, 12));
    }
  }

  @Test
  void withoutTheTokenTheUiAndItsApiAnswer401() throws Exception {
    assertEquals(401, get("/", null).statusCode());
    assertEquals(401, get("/ui/app.js", null).statusCode());
    assertEquals(401, get("/api/state", null).statusCode());
    assertEquals(401, get("/api/events", null).statusCode());
    assertEquals(401, post("/api/connect", null, origin, "{\"url\":\"http://127.0.0.1:1/mcp\"}").statusCode());
    assertEquals(401, post("/api/rpc", null, origin, "{\"method\":\"tools/list\"}").statusCode());
    assertEquals(401, get("/?token=not-the-token", null).statusCode());
    assertEquals(401, get("/api/state", "mcpkit-inspector=guessed").statusCode());
  }

  @Test
  void theTokenIsTradedForAnHttpOnlyStrictCookieAndACleanUrl() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(inspector.launchUrl()).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(303, r.statusCode());
    assertEquals("/", r.headers().firstValue("Location").orElseThrow());
    assertEquals("no-referrer", r.headers().firstValue("Referrer-Policy").orElseThrow());
    String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(setCookie.contains("HttpOnly"), setCookie);
    assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
    String token = inspector.launchUrl().getQuery().substring("token=".length());
    assertFalse(setCookie.contains(token), "the cookie is a different secret from the printed token");
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    HttpResponse<String> page = get("/", cookie);
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("mcpkit inspect"));
    assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElseThrow());
    assertTrue(page.headers().firstValue("Content-Security-Policy").orElseThrow().contains("default-src 'self'"));
    assertEquals(200, get("/api/state", cookie).statusCode());
    assertEquals(200, get("/ui/app.js", cookie).statusCode());
  }

  @Test
  void aForeignOriginIsRefusedEvenWithTheCookie() throws Exception {
    String cookie = signIn();
    HttpResponse<String> r = post("/api/rpc", cookie, "http://evil.example", "{\"method\":\"tools/list\"}");
    assertEquals(403, r.statusCode());
    assertFalse(r.body().contains("Exception"), r.body());
    assertEquals(403, post("/api/connect", cookie, "http://localhost:1", "{\"url\":\"http://127.0.0.1:1/mcp\"}").statusCode());
    // a POST without any Origin (not what a browser sends for the page's own fetch) is refused too
    assertEquals(403, post("/api/rpc", cookie, null, "{\"method\":\"tools/list\"}").statusCode());
    // the inspector's own origin, by either loopback name, is accepted
    assertEquals(200, post("/api/rpc", cookie, origin, "{\"method\":\"tools/list\"}").statusCode());
  }

  @Test
  void aForeignHostIsRefused() throws Exception {
    String cookie = signIn();
    assertEquals(403, rawStatus("evil.example:" + inspector.port(), cookie)); // DNS rebinding
    assertEquals(403, rawStatus("127.0.0.1:" + (inspector.port() + 1), cookie));
    assertEquals(200, rawStatus("localhost:" + inspector.port(), cookie));
    assertEquals(200, rawStatus("127.0.0.1:" + inspector.port(), cookie));
  }

  private int rawStatus(String host, String cookie) throws IOException {
    try (Socket s = new Socket("127.0.0.1", inspector.port())) {
      OutputStream out = s.getOutputStream();
      out.write(("GET /api/state HTTP/1.1\r\nHost: " + host + "\r\nCookie: " + cookie + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      return Integer.parseInt(status.substring(9, 12));
    }
  }

  @Test
  void nothingListensOnANonLoopbackAddress() throws Exception {
    List<InetAddress> others = new ArrayList<>();
    for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress a : Collections.list(ni.getInetAddresses())) {
        if (!a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
          others.add(a);
        }
      }
    }
    // loopback answers; every other address of this machine refuses the connection
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", inspector.port()), 2000);
    }
    for (InetAddress a : others) {
      assertThrows(ConnectException.class, () -> {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(a, inspector.port()), 2000);
        }
      }, "listening on " + a);
    }
    assertTrue(inspector.launchUrl().toString().startsWith("http://127.0.0.1:"));
  }

  @Test
  void aStdioCommandIsShownAndNotRunUntilConfirmed(@TempDir Path dir) throws Exception {
    String cookie = signIn();
    Path marker = dir.resolve("spawned");
    String body = "{\"command\":[\"touch\",\"" + marker + "\"],\"env\":{\"API_KEY\":\"sk-very-secret-value\"}}";
    HttpResponse<String> r = post("/api/connect", cookie, origin, body);
    assertEquals(409, r.statusCode());
    assertTrue(r.body().contains("\"touch\""), r.body());
    assertTrue(r.body().contains("API_KEY"), r.body());
    assertFalse(r.body().contains("sk-very-secret-value"), "env values are masked: " + r.body());
    assertFalse(Files.exists(marker), "nothing was spawned before the user confirmed");
    // confirmed: the process runs (touch is no MCP server, so the connection fails, with a message and no trace)
    HttpResponse<String> ran = post("/api/connect", cookie, origin, body.replace("{\"command\"", "{\"confirmed\":true,\"command\""));
    assertEquals(200, ran.statusCode());
    assertTrue(Files.exists(marker));
    assertTrue(ran.body().contains("\"failed\""), ran.body());
    assertFalse(ran.body().contains("sk-very-secret-value"), ran.body());
    assertFalse(ran.body().contains("at dev.mcpkit"), ran.body());
  }

  @Test
  void badInputGetsAClearError() throws Exception {
    String cookie = signIn();
    HttpResponse<String> r = post("/api/connect", cookie, origin, "{not json");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("not valid JSON"), r.body());
    r = post("/api/connect", cookie, origin, "{\"url\":\"ftp://x\"}");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("http://"), r.body());
    assertEquals(200, post("/api/rpc", cookie, origin, "{\"method\":\"tools/list\"}").statusCode());
    // the page can name only the host configuration files the inspector found, never any file
    r = post("/api/connect", cookie, origin, "{\"config\":\"/etc/passwd\",\"server\":\"x\"}");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("not one of the configuration files"), r.body());
    assertTrue(post("/api/rpc", cookie, origin, "{\"method\":\"tools/list\"}").body().contains("not connected"));
  }

  @Test
  void theOAuthDebuggerNeedsTheSessionAndAnHttpUrl() throws Exception {
    String body = "{\"url\":\"http://127.0.0.1:9/mcp\"}";
    assertEquals(401, post("/api/oauth/start", null, origin, body).statusCode());
    String cookie = signIn();
    assertEquals(403, post("/api/oauth/start", cookie, "http://evil.example", body).statusCode());
    HttpResponse<String> r = post("/api/oauth/start", cookie, origin, "{\"url\":\"file:///etc/passwd\"}");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("must be an http or https URL"), r.body());
    r = get("/api/oauth", cookie);
    assertEquals(200, r.statusCode());
    assertTrue(r.body().contains("\"status\":\"idle\""), r.body());
  }

  @Test
  void theConnectionSignInNeedsTheSessionAndAServerThatAskedForIt() throws Exception {
    assertEquals(401, post("/api/signin", null, origin, "{}").statusCode());
    String cookie = signIn();
    assertEquals(403, post("/api/signin", cookie, "http://evil.example", "{}").statusCode());
    assertEquals(403, post("/api/signin", cookie, null, "{}").statusCode());
    // nothing to sign in to: no request leaves the inspector, and the page is told why
    HttpResponse<String> r = post("/api/signin", cookie, origin, "{}");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("does not need a sign-in"), r.body());
    assertEquals(400, post("/api/signin", cookie, origin, "[1]").statusCode());
    assertTrue(get("/api/oauth", cookie).body().contains("\"status\":\"idle\""));
  }

  @Test
  void samplingAnswersNeedTheSessionAndAValidAction() throws Exception {
    String body = "{\"id\":1,\"action\":\"send\",\"text\":\"hi\"}";
    assertEquals(401, post("/api/sampling", null, origin, body).statusCode());
    String cookie = signIn();
    assertEquals(403, post("/api/sampling", cookie, "http://evil.example", body).statusCode());
    HttpResponse<String> r = post("/api/sampling", cookie, origin, "{\"id\":1,\"action\":\"approve-all\"}");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("must be send or reject"), r.body());
    r = post("/api/sampling", cookie, origin, "{\"id\":1,\"action\":\"send\",\"text\":\" \"}");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("required to send"), r.body());
    assertEquals(404, post("/api/sampling", cookie, origin, body).statusCode()); // nothing asked
  }

  @Test
  void historySnapshotDiffDoctorAndSecurityNeedTheSessionAndStartNothingBeforeAConnect() throws Exception {
    List<String> posts = List.of("/api/history/replay", "/api/history/collection", "/api/snapshot", "/api/diff",
        "/api/doctor", "/api/security");
    assertEquals(401, get("/api/history", null).statusCode());
    for (String path : posts) {
      assertEquals(401, post(path, null, origin, "{}").statusCode(), path);
    }
    String cookie = signIn();
    for (String path : posts) {
      assertEquals(403, post(path, cookie, "http://evil.example", "{}").statusCode(), path);
      assertEquals(403, post(path, cookie, null, "{}").statusCode(), path);
    }
    assertEquals(200, get("/api/history", cookie).statusCode());
    // the doctor only examines the target the user connected to (a stdio one only after "Run it"): none yet
    HttpResponse<String> r = post("/api/doctor", cookie, origin, "{}");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("connect first"), r.body());
    r = post("/api/history/replay", cookie, origin, "{\"id\":7}");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("no call 7 in the history"), r.body());
    r = post("/api/history/collection", cookie, origin, "{}");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("no call of the history"), r.body());
    r = post("/api/diff", cookie, origin, "{\"before\":{\"format\":\"other\"}}");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("before") && r.body().contains("not an mcpkit snapshot"), r.body());
    for (String path : List.of("/api/snapshot", "/api/security")) {
      r = post(path, cookie, origin, "{}");
      assertEquals(400, r.statusCode(), path);
      assertTrue(r.body().contains("not connected"), r.body());
    }
  }
}
