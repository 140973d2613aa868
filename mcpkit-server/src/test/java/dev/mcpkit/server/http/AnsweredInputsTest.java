package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.schema.ElicitRequestFormParams;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.TestTools;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code RequestContext.answeredInputs()}: a 2026-07-28 retry's handler sees the keys of the answers it carries (the
 * gateway finds the upstream request it holds by them); a first attempt sees none; a forged state is -32602.
 */
class AnsweredInputsTest {

  private static final ObjectNode ELICIT = J.obj("elicitation", J.obj());

  private static HttpTestClient.Req call(HttpFixture f, Object id, ObjectNode extra) {
    ObjectNode params = J.obj("name", "keys", "arguments", J.obj(), "_meta", HttpTestClient.meta(ELICIT));
    if (extra != null) {
      params.setAll(extra);
    }
    return f.client.modern(id, "tools/call", params);
  }

  @Test
  void aRetrySeesTheKeysOfItsAnswers() {
    ServerTool keys = ServerTool.of("keys", "Says which answers it got", call -> {
      var seen = new TreeSet<>(call.answeredInputs());
      if (seen.isEmpty()) {
        call.ask(java.util.Map.of("held.1", new dev.mcpkit.core.schema.ElicitRequest(
            ElicitRequestFormParams.of("Name?", J.obj("type", "object")))));
      }
      return ToolResults.text(String.join(",", seen));
    });
    try (HttpFixture f = HttpFixture.start(TestTools.server().tool(keys).build())) {
      JsonNode first = call(f, 1, null).send().result();
      assertThat(first.path("resultType").asString()).isEqualTo("input_required");
      assertThat(first.path("inputRequests").has("held.1")).isTrue();
      JsonNode done = call(f, 2, J.obj("inputResponses", J.obj("held.1", J.obj("action", "decline")),
          "requestState", first.path("requestState").asString())).send().result();
      assertThat(done.path("content").get(0).path("text").asString()).isEqualTo("held.1");
      HttpTestClient.Reply forged = call(f, 3, J.obj("requestState", "eyJ2IjoxfQ.AAAA")).send();
      assertThat(forged.error().path("code").asInt()).isEqualTo(-32602);
    }
  }
}
