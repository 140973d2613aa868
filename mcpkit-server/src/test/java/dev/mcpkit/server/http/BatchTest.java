package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.HttpTestClient.Reply;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.Rpc;
import dev.mcpkit.server.testing.Session;
import dev.mcpkit.server.testing.StdioHarness;
import dev.mcpkit.server.testing.TestTools;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * JSON-RPC batches, which only revision 2025-03-26 allows: inside such a session every request
 * member gets its answer in one array (notifications none), bad members get their own errors, and
 * a member that would need a server-to-client request fails at once instead of waiting for an
 * answer that cannot come. The same holds on stdio.
 */
class BatchTest {

  private HttpFixture f;

  @BeforeEach
  void start() {
    f = HttpFixture.start(TestTools.server().tool(TestTools.sample()).build());
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private static String batch(JsonNode... members) {
    return Json.write(J.arr((Object[]) members));
  }

  private static Map<String, JsonNode> byId(JsonNode array) {
    return array.valueStream().collect(Collectors.toMap(n -> n.path("id").toString(), n -> n));
  }

  @Test
  void membersAreAnsweredInOneArray() {
    Session s = f.client.initialize("2025-03-26", J.obj("sampling", J.obj()));
    Reply r = s.post(0, "x", null).body(batch(
        Rpc.request(1, "tools/call", J.obj("name", "echo", "arguments", J.obj("message", "one"))),
        Rpc.notification("notifications/cancelled", J.obj("requestId", 99)),
        Rpc.request("two", "tools/list", null),
        Rpc.request(3, "initialize", J.obj("protocolVersion", "2025-03-26")),
        J.obj("jsonrpc", "2.0", "id", 4),
        Rpc.request(5, "nope", null))).send();
    assertThat(r.status()).isEqualTo(200);
    JsonNode array = r.json();
    assertThat(array.size()).isEqualTo(5);
    Map<String, JsonNode> answers = byId(array);
    assertThat(answers.get("1").path("result").path("content").get(0).path("text").asString()).isEqualTo("one");
    assertThat(answers.get("\"two\"").path("result").path("tools")).isNotEmpty();
    assertThat(answers.get("3").path("error").path("message").asString()).contains("initialize cannot be part of a batch");
    assertThat(answers.get("4").path("error").path("code").asInt()).isEqualTo(-32600);
    assertThat(answers.get("5").path("error").path("code").asInt()).isEqualTo(-32601);
  }

  @Test
  void aBatchOfNotificationsIsAccepted() {
    Session s = f.client.initialize("2025-03-26");
    Reply r = s.post(0, "x", null).body(batch(Rpc.notification("notifications/initialized", null),
        Rpc.notification("notifications/cancelled", J.obj("requestId", 1)))).send();
    assertThat(r.status()).isEqualTo(202);
    assertThat(r.body()).isEmpty();
  }

  @Test
  void aMemberThatNeedsTheClientFailsAtOnce() {
    Session s = f.client.initialize("2025-03-26", J.obj("sampling", J.obj()));
    Reply r = s.post(0, "x", null).body(batch(Rpc.request(1, "tools/call", J.obj("name", "sample")),
        Rpc.request(2, "tools/list", null))).send();
    Map<String, JsonNode> answers = byId(r.json());
    assertThat(answers.get("1").path("error").path("code").asInt()).isEqualTo(-32600);
    assertThat(answers.get("1").path("error").path("message").asString()).contains("batch");
    assertThat(answers.get("2").has("result")).isTrue();
  }

  @Test
  void stdioBatchesFollowTheSameRules() throws InterruptedException {
    try (StdioHarness io = new StdioHarness(TestTools.server().build())) {
      io.sendRaw(batch(Rpc.request(1, "tools/list", null)) + "\n");
      JsonNode refused = io.next();
      assertThat(refused.path("error").path("message").asString()).contains("only allowed in protocol revision 2025-03-26");

      io.send(Rpc.request(0, "initialize", J.obj("protocolVersion", "2025-03-26", "capabilities", J.obj())));
      io.responseTo(0);
      io.sendRaw(batch(Rpc.request(1, "tools/list", null), Rpc.request(2, "tools/call",
          J.obj("name", "echo", "arguments", J.obj("message", "b")))) + "\n");
      JsonNode array = io.next();
      assertThat(array.isArray()).isTrue();
      assertThat(byId(array).keySet()).containsExactlyInAnyOrder("1", "2");

      // the refusals of members are those of HTTP: an unreadable member answers its id, initialize is refused
      io.sendRaw(batch(Rpc.request(3, "initialize", J.obj("protocolVersion", "2025-03-26")),
          J.obj("jsonrpc", "2.0", "id", 4)) + "\n");
      Map<String, JsonNode> answers = byId(io.next());
      assertThat(answers.keySet()).containsExactlyInAnyOrder("3", "4");
      assertThat(answers.get("3").path("error").path("message").asString())
          .isEqualTo("Invalid request: initialize cannot be part of a batch");
      assertThat(answers.get("4").path("error").path("code").asInt()).isEqualTo(-32600);
    }
  }
}
