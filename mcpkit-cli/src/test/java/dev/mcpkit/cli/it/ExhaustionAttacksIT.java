package dev.mcpkit.cli.it;

import static dev.mcpkit.cli.it.Attack.modern;
import static dev.mcpkit.cli.it.Attack.modernHeaders;
import static dev.mcpkit.cli.it.Attack.send;
import static dev.mcpkit.cli.it.SecurityAttacksIT.enc;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.auth.server.testing.Pkce;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks that exhaust something (streams, a shared thread, login attempts, the pending-request store,
 * outbound fetches): each against a process of its own, from the jar {@link Attack#jar()} names. Bounded: each loop
 * stops at a fixed count well above the limit the fix sets, and each test at a few minutes.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ExhaustionAttacksIT {

  // ---- item 2: open connections across sessions ----

  @Test
  void SEC_RES_03_oneAddressOpeningManySessionsAndStreamsHitsALimit() throws Exception {
    try (McpkitProcess serve = Attack.start("serve", "--port", "0")) {
      List<HttpResponse<InputStream>> open = new ArrayList<>();
      String refusal = null;
      try {
        // 80 sessions with one GET stream each: more than any sane per-client cap of streams or sessions.
        for (int i = 0; i < 80 && refusal == null; i++) {
          HttpResponse<String> init = send("POST", serve.endpoint(), Attack.session2025(null), Attack.INITIALIZE_2025);
          if (Attack.overLimit(init.statusCode())) {
            refusal = describe("initialize #" + (i + 1), init.statusCode(), init.headers(), init.body());
            break;
          }
          assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
          String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
          send("POST", serve.endpoint(), Attack.session2025(session),
              "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
          HttpResponse<InputStream> stream = Attack.open("GET", serve.endpoint(), Map.of("Accept",
              "text/event-stream", "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25"), null);
          if (Attack.overLimit(stream.statusCode())) {
            String body = new String(stream.body().readNBytes(4096), StandardCharsets.UTF_8);
            Attack.closeQuietly(stream);
            refusal = describe("GET stream #" + (i + 1), stream.statusCode(), stream.headers(), body);
          } else {
            assertThat(stream.statusCode()).isEqualTo(200);
            open.add(stream);
          }
        }
      } finally {
        open.forEach(Attack::closeQuietly);
      }
      assertThat(refusal).as("one address held %d GET streams in as many sessions without a refusal", open.size())
          .isNotNull().contains("Retry-After");
    }
  }

  private static String describe(String what, int status, java.net.http.HttpHeaders headers, String body) {
    return what + ": " + status + headers.firstValue("Retry-After").map(v -> " Retry-After " + v).orElse("")
        + " " + body;
  }

  // ---- item 3: one slow reader stalls everyone ----

  @Test
  void SEC_RES_01_aNeverReadingSseClientDoesNotStopAnotherClientsHeartbeats() throws Exception {
    try (McpkitProcess serve = Attack.start("serve", "--port", "0")) {
      URI mcp = serve.endpoint();
      try (Socket slow = new Socket()) {
        slow.setReceiveBufferSize(1024);
        slow.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), mcp.getPort()));
        OutputStream out = slow.getOutputStream();
        out.write(("GET /sse HTTP/1.1\r\nHost: 127.0.0.1:" + mcp.getPort() + "\r\nAccept: text/event-stream\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String endpoint = endpointOf(slow.getInputStream());
        URI messages = mcp.resolve(endpoint);
        HttpResponse<String> init0 = send("POST", messages, Map.of("Content-Type", "application/json"),
            Attack.INITIALIZE_2025.replace("2025-11-25", "2024-11-05"));
        assertThat(init0.statusCode() / 100).as("initialize on the slow stream's session: %s", init0.body())
            .isEqualTo(2);
        send("POST", messages, Map.of("Content-Type", "application/json"),
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        // Large answers onto a stream whose reader never reads: far more than the socket buffers hold.
        String big = "x".repeat(1 << 20);
        List<CompletableFuture<HttpResponse<Void>>> posts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          posts.add(Attack.HTTP.sendAsync(HttpRequest.newBuilder(messages).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":" + (10 + i) + ",\"method\":"
                  + "\"tools/call\",\"params\":{\"name\":\"echo_message\",\"arguments\":{\"message\":\"" + big
                  + "\"}}}")).build(), HttpResponse.BodyHandlers.discarding()));
        }
        // Another client's stream: it must still get the keep-alive comments (every 15 s by default).
        HttpResponse<String> init = send("POST", mcp, Attack.session2025(null), Attack.INITIALIZE_2025);
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        send("POST", mcp, Attack.session2025(session), "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        HttpResponse<InputStream> other = Attack.open("GET", mcp, Map.of("Accept", "text/event-stream",
            "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25"), null);
        try (SseLines lines = new SseLines(other)) {
          assertThat(other.statusCode()).isEqualTo(200);
          List<String> seen = new ArrayList<>();
          int heartbeats = 0;
          for (int i = 0; i < 2; i++) {
            if (lines.next(l -> {
              seen.add(l);
              return l.startsWith(":");
            }, Duration.ofSeconds(40)) != null) {
              heartbeats++;
            }
          }
          List<String> statuses = posts.stream().map(f -> f.isDone() && !f.isCompletedExceptionally()
              ? String.valueOf(f.join().statusCode()) : f.isDone() ? "failed" : "pending").toList();
          assertThat(heartbeats).as("keep-alive comments on another client's stream while a reader stalls (its "
              + "lines %s; the large posts: %s)", seen, statuses).isEqualTo(2);
        }
        // And the server still serves.
        assertThat(send("POST", mcp, modernHeaders("tools/list", null), modern("tools/list", "")).statusCode())
            .isEqualTo(200);
      }
    }
  }

  /** Reads the legacy stream just far enough to learn its message endpoint, then never again. */
  private static String endpointOf(InputStream in) throws Exception {
    StringBuilder seen = new StringBuilder();
    Pattern p = Pattern.compile("event: ?endpoint\\r?\\ndata: ?(\\S+)\\r?\\n");
    byte[] buf = new byte[256];
    while (seen.length() < 64 * 1024) {
      int n = in.read(buf);
      if (n < 0) {
        break;
      }
      seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
      Matcher m = p.matcher(seen);
      if (m.find()) {
        return m.group(1);
      }
    }
    throw new AssertionError("no endpoint event on /sse: " + seen);
  }

  // ---- item 5: login limits ----

  @Test
  void SEC_AS_33_oneAddressCannotTryPasswordsAcrossManyUsernames() throws Exception {
    try (UpProcess up = new UpProcess(Attack.start("up", "--port", "0")); HttpUser browser = new HttpUser()) {
      HttpUser.Reply page = browser.get(SecurityAttacksIT.authorizeUrl(up));
      assertThat(page.body()).contains("id=\"username\"");
      String refusedAt = null;
      for (int i = 1; i <= 50 && refusedAt == null; i++) {
        HttpUser.Reply r = browser.submit(up.issuer + "/login", Map.of("request", page.hidden("request"),
            "csrf", page.hidden("csrf"), "username", "user" + i, "password", "wrong-" + i));
        if (!passwordChecked(r)) {
          refusedAt = "attempt " + i + ": " + r.status();
        }
      }
      assertThat(refusedAt).as("50 usernames with wrong passwords from one address, none refused").isNotNull();
    }
  }

  @Test
  void SEC_AS_38_twentyParallelWrongPasswordsGetAtMostFiveChecks() throws Exception {
    try (UpProcess up = new UpProcess(Attack.start("up", "--port", "0")); HttpUser browser = new HttpUser()) {
      HttpUser.Reply page = browser.get(SecurityAttacksIT.authorizeUrl(up));
      assertThat(page.body()).contains("id=\"username\"");
      List<String> cookies = new ArrayList<>();
      browser.cookies().forEach((k, v) -> cookies.add(k + "=" + v));
      String form = "request=" + enc(page.hidden("request")) + "&csrf=" + enc(page.hidden("csrf"))
          + "&username=demo&password=";
      List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        all.add(Attack.HTTP.sendAsync(HttpRequest.newBuilder(URI.create(up.issuer + "/login"))
            .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", String.join("; ", cookies))
            .POST(HttpRequest.BodyPublishers.ofString(form + "wrong-" + i)).build(),
            HttpResponse.BodyHandlers.ofString()));
      }
      int checked = 0;
      for (CompletableFuture<HttpResponse<String>> f : all) {
        HttpResponse<String> r = f.get(2, TimeUnit.MINUTES);
        if (passwordChecked(r.statusCode(), r.body())) {
          checked++;
        }
      }
      assertThat(checked).as("wrong passwords checked of 20 sent at once (the limit is 5)").isLessThanOrEqualTo(5);
    }
  }

  private static boolean passwordChecked(HttpUser.Reply r) {
    return passwordChecked(r.status(), r.body());
  }

  /** A checked wrong password gets the sign-in page again with the invalid-credentials message; a refusal does not. */
  private static boolean passwordChecked(int status, String body) {
    return status == 200 && body.contains("Invalid username or password") && !body.contains("Too many");
  }

  // ---- item 6: pending authorization requests ----

  @Test
  void SEC_AS_39_anonymousAuthorizationRequestsCannotFillTheStore() throws Exception {
    try (UpProcess up = new UpProcess(Attack.start("up", "--port", "0"))) {
      int accepted = 0;
      Integer refused = null;
      for (int i = 0; i < 2000 && refused == null; i++) {
        HttpResponse<String> r = send("GET", URI.create(SecurityAttacksIT.authorizeUrl(up)), Map.of(), null);
        if (r.statusCode() == 200) {
          accepted++;
        } else {
          refused = r.statusCode();
        }
      }
      assertThat(refused).as("GET /authorize without a cookie, %d pending requests stored", accepted).isNotNull();
      assertThat(Attack.overLimit(refused)).as("status %s", refused).isTrue();
    }
  }

  // ---- item 6: CIMD failures are remembered ----

  @Test
  void SEC_AS_40_aFailedClientMetadataFetchIsNotRepeatedForEachRequest(@TempDir Path dir) throws Exception {
    AtomicInteger fetches = new AtomicInteger();
    HttpServer docs = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    docs.createContext("/client.json", x -> {
      fetches.incrementAndGet();
      x.sendResponseHeaders(500, -1);
      x.close();
    });
    docs.start();
    try {
      String clientId = "http://127.0.0.1:" + docs.getAddress().getPort() + "/client.json";
      Path config = dir.resolve("as.json");
      Files.writeString(config, "{\"protected_resources\":[{\"resource\":\"http://127.0.0.1:9/mcp\","
          + "\"scopes_supported\":[\"mcp:read\"]}],\"client_id_metadata_documents\":{\"allow_loopback\":true}}");
      try (McpkitProcess as = Attack.start("auth-server", "--port", "0", "--config", config.toString())) {
        String authorize = "http://127.0.0.1:" + as.endpoint().getPort() + "/authorize?response_type=code"
            + "&client_id=" + enc(clientId) + "&redirect_uri=" + enc("http://127.0.0.1/cb")
            + "&code_challenge=" + Pkce.create().challenge() + "&code_challenge_method=S256&state=s"
            + "&resource=" + enc("http://127.0.0.1:9/mcp");
        for (int i = 0; i < 8; i++) {
          HttpResponse<String> r = send("GET", URI.create(authorize), Map.of(), null);
          assertThat(r.statusCode()).as("a client whose metadata cannot be fetched: %s", r.body())
              .isGreaterThanOrEqualTo(400);
        }
        assertThat(fetches.get()).as("fetches of a failing metadata document for 8 requests").isBetween(1, 2);
      }
    } finally {
      docs.stop(0);
    }
  }
}
