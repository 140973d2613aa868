package dev.mcpkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@link McpServerBuilder#resourceSubscriptions}: off, subscriptions are neither declared nor accepted. */
class ResourceSubscriptionsSwitchTest {

  private static final String SUBSCRIBE = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"resources/subscribe\","
      + "\"params\":{\"uri\":\"a://b\"}}";

  @Test
  void offByTheBuilderTheCapabilityIsNotDeclaredAndSubscribeIsMethodNotFound() {
    McpServer off = McpServer.builder().resourceSubscriptions(false)
        .resource(ServerResource.builder("a://b", "b").text("x").build()).build();
    assertThat(off.capabilities().resources().subscribe()).isNull();
    assertThat(off.capabilities().resources().listChanged()).isTrue();
    Map<Integer, JsonNode> out = ReadmeSnippetsTest.serve(off, SUBSCRIBE);
    assertThat(out.get(1).at("/result/capabilities/resources").has("subscribe")).isFalse();
    assertThat(out.get(2).at("/error/code").asInt()).isEqualTo(-32601);
  }

  @Test
  void onByDefault() {
    McpServer on = McpServer.builder().resource(ServerResource.builder("a://b", "b").text("x").build()).build();
    assertThat(on.capabilities().resources().subscribe()).isTrue();
    assertThat(ReadmeSnippetsTest.serve(on, SUBSCRIBE).get(2).has("result")).isTrue();
  }
}
