package dev.mcpkit.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * A stream whose client went away is released at once also behind HAProxy (deploy/haproxy.cfg), not two
 * heartbeats later. A client that closes its connection to HAProxy in the middle of an SSE response is, for HAProxy
 * without {@code option abortonclose}, a half-close to be served on: it keeps the instance's connection open and
 * notices only when a heartbeat forwarded to the closed socket fails (the second one, 15-30 s later), so the
 * instance's disconnect watch saw nothing and the stream stayed counted against the client's cluster-wide cap (the
 * official conformance suite reached 16 that way). With the option HAProxy closes the instance's connection as soon
 * as the client's closes, as a direct connection would.
 */
class StreamReleaseThroughBalancerIT {

  /** The per-address stream counts of the one client address every test connection has (one field per instance). */
  static final String COUNT_KEY = "mcpkit:cluster:limit:streams:address:127.0.0.1";

  static ClusterTopology cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = ClusterTopology.start(1, Map.of(), "conformance-server", "--store", ClusterTopology.REDIS);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  static long counted() {
    try (Jedis j = new Jedis(cluster.redis().uri())) {
      return j.hgetAll(COUNT_KEY).values().stream().mapToLong(Long::parseLong).sum();
    }
  }

  /** A 2025-11-25 session made through the balancer. */
  static String session(HttpClient http) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(cluster.url() + "/mcp"))
        .timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.headers().firstValue("Mcp-Session-Id").orElseThrow();
  }

  /** Opens the session's GET stream on a raw socket through HAProxy and reads its response head. */
  static Socket openStream(String session) throws IOException {
    URI lb = URI.create(cluster.url());
    Socket s = new Socket(lb.getHost(), lb.getPort());
    s.setSoTimeout(15_000);
    s.getOutputStream().write(("GET /mcp HTTP/1.1\r\nHost: " + lb.getAuthority() + "\r\nAccept: text/event-stream\r\n"
        + "Mcp-Session-Id: " + session + "\r\nMCP-Protocol-Version: 2025-11-25\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (head.indexOf("\r\n\r\n") < 0) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    assertThat(head.toString()).as(head.toString()).startsWith("HTTP/1.1 200").contains("text/event-stream");
    return s;
  }

  /**
   * Goes away as an aborted fetch does: everything received is read, then the socket is closed (a FIN). A socket
   * closed with unread bytes sends a reset instead, which HAProxy notices at once with or without the option.
   */
  static void abandon(Socket s) throws IOException {
    s.setSoTimeout(300);
    byte[] buf = new byte[8192];
    try {
      for (int i = 0; i < 100 && s.getInputStream().read(buf) >= 0; i++) {
        // drain what the instance sent (a priming event)
      }
    } catch (java.net.SocketTimeoutException e) {
      // nothing more pending
    }
    s.close();
  }

  @Test
  void streamsAbandonedBehindTheBalancerAreReleasedAtOnce() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<Socket> open = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        open.add(openStream(session(http)));
      }
      assertThat(counted()).as("four open GET streams counted in Redis").isEqualTo(4);
    } finally {
      for (Socket s : open) {
        abandon(s);
      }
    }
    // Without abortonclose the instance hears of it only after two heartbeats (15 s apart); with it, at once.
    Awaitility.await("the abandoned streams released").atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100)).until(() -> counted() == 0);
    // and the client's slots are there again: a new stream through the balancer is accepted and counted
    try (Socket again = openStream(session(http))) {
      assertThat(counted()).isEqualTo(1);
    }
  }
}
