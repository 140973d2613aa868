package dev.mcpkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.store.RedisServer;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A 2026-07-28 multi round-trip started on one instance continues on another: every instance seals and opens {@code
 * requestState} with one key, made once in Redis (SET NX) or given by the operator.
 */
class SharedRequestStateTest {

  private static HttpTestClient.Req greet(Node node, Object id, ObjectNode extra) {
    ObjectNode params = J.obj("name", "greet", "arguments", J.obj("greeting", "Hi"),
        "_meta", HttpTestClient.meta(J.obj("elicitation", J.obj())));
    if (extra != null) {
      params.setAll(extra);
    }
    return node.client.modern(id, "tools/call", params);
  }

  @Test
  void aMultiRoundTripStartedOnAIsAnsweredOnB() {
    try (RedisServer redis = RedisServer.throwaway();
         Node a = Node.start(redis.uri(), "a");
         Node b = Node.start(redis.uri(), "b")) {
      JsonNode first = greet(a, 1, null).send().result();
      assertThat(first.path("resultType").asString()).isEqualTo("input_required");
      String state = first.path("requestState").asString();

      HttpTestClient.Reply done = greet(b, 2, J.obj("inputResponses",
          J.obj("elicit-1", J.obj("action", "accept", "content", J.obj("name", "Ada"))), "requestState", state)).send();
      assertThat(done.result().path("resultType").asString()).as(done.body()).isEqualTo("complete");
      assertThat(done.result().path("content").get(0).path("text").asString()).isEqualTo("Hi, Ada");
    }
  }

  @Test
  void theKeyIsMadeOnceInRedisUnlessTheOperatorGivesOne() {
    try (RedisServer redis = RedisServer.throwaway()) {
      URI uri = redis.uri();
      byte[] one;
      byte[] two;
      try (RedisCluster a = RedisCluster.builder(uri).connect();
           RedisCluster b = RedisCluster.builder(uri).connect()) {
        one = key(a);
        two = key(b);
      }
      assertThat(one).hasSize(32).isEqualTo(two);
      try (RedisCluster c = RedisCluster.builder(uri).connect()) {
        assertThat(key(c)).as("kept in Redis for instances that start later").isEqualTo(one);
      }
      byte[] given = new byte[40];
      Arrays.fill(given, (byte) 7);
      try (RedisCluster d = RedisCluster.builder(uri).requestStateKey(given).timeout(Duration.ofSeconds(1)).connect()) {
        assertThat(key(d)).as("the operator's key wins").isEqualTo(given);
      }
    }
  }

  private static byte[] key(RedisCluster c) {
    return c.applyTo(dev.mcpkit.server.McpServer.builder().name("k").version("1")).build().requestStateKey();
  }
}
