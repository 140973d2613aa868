package dev.mcpkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.client.ClientHandlers;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.McpRpcException;
import dev.mcpkit.client.RequestOptions;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.Methods;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.CreateMessageRequest;
import dev.mcpkit.core.schema.CreateMessageRequestParams;
import dev.mcpkit.core.schema.CreateMessageResult;
import dev.mcpkit.core.schema.ElicitRequest;
import dev.mcpkit.core.schema.ElicitRequestFormParams;
import dev.mcpkit.core.schema.ElicitResult;
import dev.mcpkit.core.schema.InputRequest;
import dev.mcpkit.core.schema.InputResponse;
import dev.mcpkit.core.schema.ListRootsRequest;
import dev.mcpkit.core.schema.ListRootsResult;
import dev.mcpkit.core.schema.GetPromptResult;
import dev.mcpkit.core.schema.PromptMessage;
import dev.mcpkit.core.schema.RequestParams;
import dev.mcpkit.core.schema.TextContent;
import dev.mcpkit.core.testing.LoopbackPorts;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerPrompt;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A 2026-07-28 upstream's {@code InputRequiredResult} reaches a 2026-07-28 caller through the gateway unchanged: the
 * upstream's keys, all its input requests in one round, the upstream's {@code requestState} inside the gateway's
 * sealed one (naming the upstream); the caller's {@code inputResponses} (a first attempt's too, unknown keys
 * included) and the upstream's state go upstream as they came; a changed state is refused; several rounds, a prompt,
 * and a client that answers with its handlers work end to end; nothing is held between rounds; the gateway's state
 * is bound to the caller (another authenticated caller's retry with it is -32602).
 */
class GatewayPassThroughTest {

  /** What each upstream attempt received: its inputResponses and requestState, as they arrived. */
  static final List<String> SEEN = new CopyOnWriteArrayList<>();

  private static ObjectNode schema(String field) {
    return (ObjectNode) Json.parse("{\"type\":\"object\",\"properties\":{\"" + field + "\":{\"type\":\"string\"}}}");
  }

  /** A 2026-07-28 upstream whose tools and prompt ask with keys of their own. */
  static McpHttpServer upstream() throws Exception {
    McpServer server = McpServer.builder().name("new").version("1")
        .versions(Set.of(ProtocolVersion.V2026_07_28))
        .tool(ServerTool.of("multi", "Asks three things at once", call -> {
          SEEN.add(Json.write(call.inputResponses()));
          Map<String, InputRequest> asks = new LinkedHashMap<>();
          asks.put("user_name", new ElicitRequest(ElicitRequestFormParams.of("Name?", schema("name"))));
          asks.put("greeting", new CreateMessageRequest(Json.convert(Json.parse("{\"messages\":[{\"role\":\"user\","
              + "\"content\":{\"type\":\"text\",\"text\":\"Greet\"}}],\"maxTokens\":50}"), CreateMessageRequestParams.class)));
          asks.put("client_roots", new ListRootsRequest(new RequestParams(null)));
          Map<String, InputResponse> a = call.ask(asks);
          return ToolResults.text("name=" + ((ElicitResult) a.get("user_name")).content().path("name").asString()
              + ", greeting=" + ((CreateMessageResult) a.get("greeting")).content().text()
              + ", roots=" + ((ListRootsResult) a.get("client_roots")).roots().size());
        }))
        .tool(ServerTool.of("rounds", "Asks two questions, one per round", call -> {
          String a = ((ElicitResult) call.ask(Map.of("step1", new ElicitRequest(ElicitRequestFormParams.of("1?",
              schema("x"))))).get("step1")).content().path("x").asString();
          String b = ((ElicitResult) call.ask(Map.of("step2", new ElicitRequest(ElicitRequestFormParams.of("2?",
              schema("x"))))).get("step2")).content().path("x").asString();
          return ToolResults.text(a + "+" + b);
        }))
        .tool(ServerTool.of("echo_inputs", "Says which inputResponses arrived", call -> {
          ElicitResult r = (ElicitResult) call.ask(Map.of("user_name", new ElicitRequest(ElicitRequestFormParams.of(
              "Name?", schema("name"))))).get("user_name");
          return ToolResults.text(r.content().path("name").asString() + " " + Json.write(call.inputResponses()));
        }))
        .prompt(ServerPrompt.builder("named").description("Asks a name first").handler(req -> {
          ElicitResult r = (ElicitResult) req.ask(Map.of("who", new ElicitRequest(ElicitRequestFormParams.of("Who?",
              schema("name"))))).get("who");
          return GetPromptResult.of(null, PromptMessage.user("hi " + r.content().path("name").asString()));
        }).build())
        .build();
    return McpHttpServer.builder(server).port(0).build().start();
  }

  private static ObjectNode call(String tool) {
    ObjectNode p = Json.object().put("name", tool);
    p.putObject("arguments");
    return p;
  }

  /** The JSON payload of a requestState sealed by mcpkit-server (readable, not changeable). */
  private static JsonNode payload(String state) {
    return Json.parse(new String(Base64.getUrlDecoder().decode(state.substring(0, state.indexOf('.'))),
        StandardCharsets.UTF_8));
  }

  @Test
  void theUpstreamsInputRequiredResultReachesTheCallerUnchanged() throws Exception {
    try (McpHttpServer up = upstream();
        Gateway gw = Gateway.builder().upstream(Upstream.builder("new", dev.mcpkit.client.config.ServerSpec.builder()
            .name("new").transport("http").url(up.endpoint().toString()).build()).prefix("").build()).build();
        McpHttpServer front = McpHttpServer.builder(gw.server()).port(0).build().start();
        McpClient c = McpClient.builder().url(front.endpoint().toString()).handlers(ClientHandlers.none()
            .withElicitation(p -> new ElicitResult("accept", Json.object().put("name", "Ada"), null))
            .withSampling(p -> Json.convert(Json.parse("{\"role\":\"assistant\",\"content\":{\"type\":\"text\","
                + "\"text\":\"hi\"},\"model\":\"m\"}"), CreateMessageResult.class))
            .withRoots(List::of)).connect()) {
      assertThat(c.protocolVersion()).isEqualTo(ProtocolVersion.V2026_07_28);
      RequestOptions returned = RequestOptions.defaults().withInputRequiredReturned(true);

      // one round, every input request, under the upstream's keys
      JsonNode first = c.request(Methods.TOOLS_CALL, call("multi"), returned);
      assertThat(first.path("resultType").asString()).isEqualTo("input_required");
      assertThat(first.path("inputRequests").propertyNames()).containsExactly("user_name", "greeting",
          "client_roots");
      assertThat(first.path("inputRequests").path("greeting").path("method").asString())
          .isEqualTo("sampling/createMessage");
      // the gateway's state, naming the upstream, wraps the upstream's own
      String state = first.path("requestState").asString();
      JsonNode own = Json.parse(payload(state).path("h").asString());
      assertThat(own.path("upstream").asString()).isEqualTo("new");
      assertThat(payload(own.path("requestState").asString()).path("q")).hasSize(3); // the upstream's pending keys

      ObjectNode retry = call("multi");
      ObjectNode answers = retry.putObject("inputResponses");
      answers.set("user_name", Json.tree(new ElicitResult("accept", Json.object().put("name", "Bo"), null)));
      answers.set("greeting", Json.parse("{\"role\":\"assistant\",\"content\":{\"type\":\"text\",\"text\":\"yo\"},"
          + "\"model\":\"m\"}"));
      answers.set("client_roots", Json.parse("{\"roots\":[]}"));
      retry.put("requestState", state);
      SEEN.clear();
      JsonNode done = c.request(Methods.TOOLS_CALL, retry, returned);
      assertThat(done.path("content").get(0).path("text").asString()).isEqualTo("name=Bo, greeting=yo, roots=0");
      assertThat(SEEN).containsExactly(Json.write(answers)); // the answers as they came

      // a changed state is refused by the gateway, never sent upstream
      String forged = state.substring(0, state.indexOf('.') - 2) + "AA" + state.substring(state.indexOf('.'));
      retry.put("requestState", forged);
      assertThatThrownBy(() -> c.request(Methods.TOOLS_CALL, retry, returned))
          .isInstanceOfSatisfying(McpRpcException.class, e -> assertThat(e.code()).isEqualTo(-32602));

      // a first attempt's inputResponses go upstream as they came, keys the upstream did not ask included
      ObjectNode early = call("echo_inputs");
      early.putObject("inputResponses").<ObjectNode>set("user_name", Json.parse(
          "{\"action\":\"accept\",\"content\":{\"name\":\"Cy\"}}")).set("extra", Json.parse("{\"x\":1}"));
      JsonNode echoed = c.request(Methods.TOOLS_CALL, early, returned);
      assertThat(echoed.path("content").get(0).path("text").asString()).isEqualTo("Cy "
          + Json.write(early.get("inputResponses")));

      // several rounds: the third attempt completes only with the first answer, which only the upstream's own
      // requestState (inside the gateway's) carries
      JsonNode r1 = c.request(Methods.TOOLS_CALL, call("rounds"), returned);
      assertThat(r1.path("inputRequests").propertyNames()).containsExactly("step1");
      ObjectNode a1 = call("rounds").put("requestState", r1.path("requestState").asString());
      a1.putObject("inputResponses").set("step1", Json.parse("{\"action\":\"accept\",\"content\":{\"x\":\"a\"}}"));
      JsonNode r2 = c.request(Methods.TOOLS_CALL, a1, returned);
      assertThat(r2.path("inputRequests").propertyNames()).containsExactly("step2");
      ObjectNode a2 = call("rounds").put("requestState", r2.path("requestState").asString());
      a2.putObject("inputResponses").set("step2", Json.parse("{\"action\":\"accept\",\"content\":{\"x\":\"b\"}}"));
      assertThat(c.request(Methods.TOOLS_CALL, a2, returned).path("content").get(0).path("text").asString())
          .isEqualTo("a+b");

      // a client that answers with its handlers, through the gateway: a tool and a prompt
      assertThat(((TextContent) c.callTool("multi", Map.of()).content().getFirst()).text())
          .isEqualTo("name=Ada, greeting=hi, roots=0");
      assertThat(((TextContent) c.getPrompt("named", Map.of()).messages().getFirst().content()).text())
          .isEqualTo("hi Ada");
    }
  }

  private static dev.mcpkit.auth.client.OAuthClient oauth(String clientId, String secret) {
    return dev.mcpkit.auth.client.OAuthClient.builder().clientCredentials(
        dev.mcpkit.auth.client.ClientCredentials.secret(clientId, secret)).build();
  }

  /** An authenticated caller (a client of the gateway's issuer) that declares elicitation. */
  private static McpClient caller(java.net.URI endpoint, dev.mcpkit.auth.client.OAuthClient oauth) {
    return McpClient.builder().url(endpoint.toString()).auth(oauth).handlers(ClientHandlers.none()
        .withElicitation(p -> new ElicitResult("decline", null, null))).connect();
  }

  @Test
  void theGatewaysStateIsBoundToTheCaller() throws Exception {
    int asPort = LoopbackPorts.free();
    int port = LoopbackPorts.free();
    String issuer = "http://127.0.0.1:" + asPort;
    java.net.URI endpoint = java.net.URI.create("http://127.0.0.1:" + port + "/mcp");
    try (var as = dev.mcpkit.auth.server.AuthorizationServer.builder().issuer(java.net.URI.create(issuer))
            .clients(List.of(
                dev.mcpkit.auth.server.ClientRegistration.serviceClient("alice", "a", "sha256:"
                    + dev.mcpkit.store.Hashes.sha256("alice-secret-0123"), "mcp:gateway"),
                dev.mcpkit.auth.server.ClientRegistration.serviceClient("bob", "b", "sha256:"
                    + dev.mcpkit.store.Hashes.sha256("bob-secret-0123"), "mcp:gateway")))
            .protectedResources(List.of(dev.mcpkit.auth.server.ProtectedResource.of(endpoint.toString(),
                "mcp:gateway")))
            .build();
        McpHttpServer up = upstream()) {
      as.start("127.0.0.1", asPort);
      java.nio.file.Path f = java.nio.file.Files.createTempFile("gateway", ".json");
      try {
        java.nio.file.Files.writeString(f, """
            {"mcpServers": {"new": {"url": "%s"}},
             "gateway": {"auth": {"issuer": "%s", "jwksUri": "%s/jwks"}, "servers": {"new": {"prefix": ""}}}}
            """.formatted(up.endpoint(), issuer, issuer));
        GatewayConfig cfg = GatewayConfig.read(f);
        try (Gateway gw = cfg.builder().build(); GatewayProtection p = cfg.protection().orElseThrow().build(endpoint);
            McpHttpServer front = GatewayProtectionTest.serve(gw, p, port);
            var aliceAuth = oauth("alice", "alice-secret-0123");
            var bobAuth = oauth("bob", "bob-secret-0123");
            McpClient alice = caller(endpoint, aliceAuth);
            McpClient bob = caller(endpoint, bobAuth)) {
          RequestOptions returned = RequestOptions.defaults().withInputRequiredReturned(true);
          JsonNode first = alice.request(Methods.TOOLS_CALL, call("echo_inputs"), returned);
          assertThat(first.path("inputRequests").propertyNames()).containsExactly("user_name");
          ObjectNode retry = call("echo_inputs").put("requestState", first.path("requestState").asString());
          retry.putObject("inputResponses").set("user_name", Json.parse(
              "{\"action\":\"accept\",\"content\":{\"name\":\"Al\"}}"));
          // another caller cannot continue it (nor learn anything from the upstream)
          assertThatThrownBy(() -> bob.request(Methods.TOOLS_CALL, retry, returned))
              .isInstanceOfSatisfying(McpRpcException.class, e -> {
                assertThat(e.code()).isEqualTo(-32602);
                assertThat(e.getMessage()).contains("requestState belongs to a different");
              });
          assertThat(alice.request(Methods.TOOLS_CALL, retry, returned).path("content").get(0).path("text")
              .asString()).startsWith("Al ");
        }
      } finally {
        java.nio.file.Files.deleteIfExists(f);
      }
    }
  }
}
