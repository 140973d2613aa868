package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.RawHttp;
import dev.mcpkit.server.testing.TestTools;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A POST refused before its body is read (here by a guard, before the body has even been sent) says {@code
 * Connection: close}: the unread body makes Jetty close the connection after the response, and a client that reused
 * it would see its next request fail. Once a body has been read, the connection is kept.
 */
class EarlyRejectionTest {

  private static final String HEADERS = "Content-Type: application/json\r\nAccept: application/json, "
      + "text/event-stream\r\n";

  @Test
  void aRefusalBeforeTheBodyIsReadClosesTheConnection() throws Exception {
    RequestGuard refuseAnonymous = request -> request.getHeaders().get("Authorization") == null
        ? RequestGuard.Decision.deny(401, Map.of("WWW-Authenticate", "Bearer"), "Unauthorized")
        : RequestGuard.Decision.allow(null);
    try (HttpFixture f = HttpFixture.start(TestTools.server().build(), b -> b.guard(refuseAnonymous));
        RawHttp raw = RawHttp.connect(f.port())) {
      // the head announces a body that is never sent: the guard answers from the head alone
      raw.write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + f.port() + "\r\n" + HEADERS + "Content-Length: 40\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      RawHttp.Response r = raw.readHead();
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.header("Connection")).isEqualTo("close");
      for (String path : new String[] {"/mcp", "/messages?sessionId=unknown"}) {
        try (RawHttp legacy = RawHttp.connect(f.port())) {
          legacy.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + f.port() + "\r\n"
              + "Authorization: x\r\nContent-Type: text/plain\r\nContent-Length: 40\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
          RawHttp.Response refused = legacy.readHead();
          assertThat(refused.status()).as(path).isIn(404, 415);
          assertThat(refused.header("Connection")).as(path).isEqualTo("close");
        }
      }
    }
  }

  @Test
  void aRequestWhoseBodyWasReadKeepsTheConnection() throws Exception {
    try (HttpFixture f = HttpFixture.start(TestTools.server().build()); RawHttp raw = RawHttp.connect(f.port())) {
      String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"_meta\":{"
          + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}}}";
      for (int i = 0; i < 2; i++) {
        raw.write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + f.port() + "\r\n" + HEADERS
            + "MCP-Protocol-Version: 2026-07-28\r\nMcp-Method: tools/list\r\nContent-Length: " + body.length() + "\r\n\r\n"
            + body).getBytes(StandardCharsets.US_ASCII));
        RawHttp.Response r = raw.read();
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.header("Connection")).isNull();
      }
    }
  }
}
