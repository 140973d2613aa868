package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.HttpTestClient.Reply;
import dev.mcpkit.server.testing.TestTools;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The client's address comes from a trusted proxy (X-Forwarded-For, PROXY protocol v2) and from nobody
 * else, for every reader of {@link Request#getRemoteAddr} (the per-address caps here; the authorization server's
 * limits read the same address).
 */
class TrustedProxyTest {

  /** Answers {@code /whoami} with the address every per-address limit and log sees. */
  private static final Handler WHOAMI = new Handler.Abstract.NonBlocking() {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      if (!Request.getPathInContext(request).equals("/whoami")) {
        return false;
      }
      response.write(true, ByteBuffer.wrap(Request.getRemoteAddr(request).getBytes(StandardCharsets.UTF_8)), callback);
      return true;
    }
  };

  private static HttpFixture start(UnaryOperator<McpHttpServer.Builder> proxies) {
    return HttpFixture.start(TestTools.server().build(), b -> proxies.apply(
        b.handler(WHOAMI).options(HttpFixture.options(o -> o.maxStreamsPerClient(1)))));
  }

  private static HttpTestClient.Streaming openSse(HttpFixture f, String forwardedFor) {
    return f.client.request("GET", "/sse").header("Accept", "text/event-stream")
        .header("X-Forwarded-For", forwardedFor).open();
  }

  @Test
  @DisplayName("a spoofed X-Forwarded-For from an untrusted peer changes nothing: the cap counts the real peer")
  void untrustedPeerCannotSpoof() {
    try (HttpFixture f = start(b -> b.trustedProxies("127.0.0.2", "10.0.0.0/8"))) {
      assertThat(f.client.request("GET", "/whoami").header("X-Forwarded-For", "203.0.113.9").send().body())
          .isEqualTo("127.0.0.1");
      try (HttpTestClient.Streaming first = openSse(f, "203.0.113.1")) {
        assertThat(first.status()).isEqualTo(200);
        Reply second = f.client.request("GET", "/sse").header("Accept", "text/event-stream")
            .header("X-Forwarded-For", "203.0.113.2").send();
        assertThat(second.status()).as(second.body()).isEqualTo(429);
      }
    }
  }

  @Test
  @DisplayName("from a trusted proxy the per-address stream cap counts the forwarded clients separately")
  void trustedProxyNamesTheClient() {
    try (HttpFixture f = start(b -> b.trustedProxies("127.0.0.0/8"));
        HttpTestClient.Streaming a = openSse(f, "203.0.113.1");
        HttpTestClient.Streaming b = openSse(f, "203.0.113.2")) {
      assertThat(a.status()).isEqualTo(200);
      assertThat(b.status()).isEqualTo(200);
      Reply again = f.client.request("GET", "/sse").header("Accept", "text/event-stream")
          .header("X-Forwarded-For", "203.0.113.1").send();
      assertThat(again.status()).as(again.body()).isEqualTo(429);
    }
  }

  @Test
  @DisplayName("the client is the right-most X-Forwarded-For address that is not a trusted proxy")
  void rightMostUntrustedAddressWins() {
    try (HttpFixture f = start(b -> b.trustedProxies("127.0.0.1", "10.0.0.0/8"))) {
      assertThat(whoami(f, "6.6.6.6, 198.51.100.4, 10.1.2.3")).isEqualTo("198.51.100.4");
      assertThat(whoami(f, "6.6.6.6")).isEqualTo("6.6.6.6");
      assertThat(whoami(f, "[2001:db8::1]:443")).isEqualTo("[2001:db8:0:0:0:0:0:1]");
      assertThat(f.client.request("GET", "/whoami").send().body()).isEqualTo("127.0.0.1");
      Reply bad = f.client.request("GET", "/whoami").header("X-Forwarded-For", "evil.example, 10.1.2.3").send();
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.body()).contains("Malformed X-Forwarded-For").doesNotContain("Exception").doesNotContain("at ");
    }
  }

  @Test
  @DisplayName("trusted proxies are IP literals or CIDR blocks; anything else is refused at configuration")
  void badProxySpecsAreRefused() {
    for (String bad : List.of("proxy.example", "10.0.0.0/33", "10.0.0", "::1/200", "10.0.0.0/x")) {
      assertThatThrownBy(() -> TrustedProxies.of(List.of(bad))).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(bad);
    }
    TrustedProxies p = TrustedProxies.of(List.of("192.168.4.0/22", "fd00::/8"));
    assertThat(p.trusts(TrustedProxies.forwarded("192.168.7.255"))).isTrue();
    assertThat(p.trusts(TrustedProxies.forwarded("192.168.8.0"))).isFalse();
    assertThat(p.trusts(TrustedProxies.forwarded("fd12::3"))).isTrue();
    assertThat(TrustedProxies.forwarded("cafe.cafe")).isNull(); // hex letters, yet a name: never looked up
  }

  @Test
  @DisplayName("a PROXY v2 header from a trusted proxy names the client; from anyone else it is not read")
  void proxyProtocolV2() throws IOException {
    try (HttpFixture f = start(b -> b.trustedProxies("127.0.0.1").proxyProtocol(true))) {
      String answer = raw(f.port(), proxyV2(new byte[] {(byte) 198, 51, 100, 7}, 40000, 12), whoamiRequest());
      assertThat(answer).startsWith("HTTP/1.1 200").endsWith("198.51.100.7");
      // a trusted proxy's own probe without a PROXY header is plain HTTP
      assertThat(raw(f.port(), new byte[0], whoamiRequest())).endsWith("127.0.0.1");
    }
    try (HttpFixture f = start(b -> b.trustedProxies("10.0.0.0/8").proxyProtocol(true))) {
      String answer = raw(f.port(), proxyV2(new byte[] {(byte) 198, 51, 100, 7}, 40000, 12), whoamiRequest());
      assertThat(answer).startsWith("HTTP/1.1 400").doesNotContain("198.51.100.7");
    }
  }

  @Test
  @DisplayName("a malformed PROXY v2 header closes the connection without a stack trace; the server serves on")
  void malformedProxyHeader() throws IOException {
    try (HttpFixture f = start(b -> b.trustedProxies("127.0.0.1").proxyProtocol(true))) {
      byte[] shortAddress = proxyV2(new byte[] {(byte) 198, 51, 100, 7}, 40000, 3); // IPv4 needs 12 bytes
      byte[] badVersion = proxyV2(new byte[] {(byte) 198, 51, 100, 7}, 40000, 12);
      badVersion[12] = 0x31; // version 3
      for (byte[] header : List.of(shortAddress, badVersion)) {
        String answer = raw(f.port(), header, whoamiRequest());
        assertThat(answer).doesNotContain("Exception").doesNotContain("198.51.100.7").doesNotContain("jetty");
        assertThat(answer.isEmpty() || answer.matches("(?s)HTTP/1\\.1 [45]\\d\\d .*")).as(answer).isTrue();
      }
      assertThat(raw(f.port(), new byte[0], whoamiRequest())).endsWith("127.0.0.1");
    }
  }

  private static String whoami(HttpFixture f, String forwardedFor) {
    return f.client.request("GET", "/whoami").header("X-Forwarded-For", forwardedFor).send().body();
  }

  private static byte[] whoamiRequest() {
    return "GET /whoami HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  }

  /** A PROXY protocol v2 header (PROXY command, TCP over IPv4) claiming {@code source}, with {@code length} given. */
  private static byte[] proxyV2(byte[] source, int sourcePort, int length) {
    ByteBuffer b = ByteBuffer.allocate(16 + Math.max(length, 12));
    b.put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
    b.put((byte) 0x21).put((byte) 0x11).putShort((short) length);
    b.put(source).put(new byte[] {127, 0, 0, 1}).putShort((short) sourcePort).putShort((short) 80);
    byte[] out = new byte[16 + length];
    System.arraycopy(b.array(), 0, out, 0, out.length);
    return out;
  }

  /** Writes {@code prefix} and {@code request} on a fresh connection and reads until the server closes it. */
  private static String raw(int port, byte[] prefix, byte[] request) throws IOException {
    return dev.mcpkit.server.testing.RawHttp.exchange(port, prefix, request);
  }
}
