package dev.mcpkit.inspector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.client.McpClient;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Collections against a real server on 127.0.0.1: each assertion kind holding and failing with a readable message,
 * JSON-RPC errors as {@code /error}, environment references, and the checks made when a collection is read.
 */
class CallCollectionTest {

  private static McpServer server() {
    return McpServer.builder().name("c").version("1")
        .tool(ServerTool.builder("greet").description("Greets").inputSchema("{\"type\":\"object\"}")
            .handler(call -> ToolResults.text("hello " + call.arguments().path("who").asString("world"))).build())
        .tool(ServerTool.builder("fail").description("Fails").inputSchema("{\"type\":\"object\"}")
            .handler(call -> ToolResults.error("it broke")).build())
        .build();
  }

  private static CollectionRun run(String calls, Map<String, String> env) throws Exception {
    CallCollection c = CallCollection.parse("{\"format\":\"mcpkit-collection\",\"version\":1,\"name\":\"t\",\"calls\":"
        + calls + "}");
    try (McpHttpServer http = McpHttpServer.builder(server()).port(0).build().start();
        McpClient client = McpClient.connect(http.endpoint().toString())) {
      return CollectionRun.run(c, client, env);
    }
  }

  @Test
  void eachAssertionKindHoldsOrFailsReadably() throws Exception {
    CollectionRun r = run("""
        [{"name":"ok","method":"tools/call","params":{"name":"greet","arguments":{"who":"${env:WHO}"}},"assert":[
           {"pointer":"/content/0/text","equals":"hello Ada"},
           {"pointer":"/content/0/text","contains":"Ada"},
           {"pointer":"/content/0/text","matches":"^hello [A-Z]"},
           {"pointer":"/content","schema":{"type":"array","items":{"required":["type","text"]}}},
           {"isError":false},{"contentType":"text"},{"maxLatencyMs":60000}]},
         {"name":"bad","method":"tools/call","params":{"name":"fail","arguments":{}},"assert":[
           {"pointer":"/content/0/text","equals":"fine"},
           {"pointer":"/content/0/text","contains":"zzz"},
           {"pointer":"/content/0/text","matches":"^ok$"},
           {"pointer":"/content/0","schema":{"required":["data"]}},
           {"isError":false},{"contentType":"image"},{"maxLatencyMs":0.001}]},
         {"name":"unknown","method":"tools/call","params":{"name":"nope","arguments":{}},"assert":[]},
         {"name":"error asserted","method":"tools/call","params":{"name":"nope"},"assert":[
           {"pointer":"/error/code","equals":-32602}]}]""", Map.of("WHO", "Ada"));
    assertThat(r.results().get(0).failures()).isEmpty();
    assertThat(r.results().get(1).failures()).containsExactly(
        "/content/0/text: expected \"fine\" but was \"it broke\"",
        "/content/0/text: expected to contain \"zzz\" but was \"it broke\"",
        "/content/0/text: expected to match /^ok$/ but was \"it broke\"",
        "/content/0: does not satisfy the schema: " + r.results().get(1).failures().get(3)
            .substring("/content/0: does not satisfy the schema: ".length()),
        "isError: expected false but was true",
        "contentType: expected a \"image\" item but the content types were [text]",
        r.results().get(1).failures().get(6));
    assertThat(r.results().get(1).failures().get(3)).contains("data");
    assertThat(r.results().get(1).failures().get(6)).matches("latency: \\d+ ms, more than the bound of 0 ms");
    assertThat(r.results().get(2).failures()).singleElement().asString()
        .startsWith("the server answered with JSON-RPC error -32602: ");
    assertThat(r.results().get(3).failures()).isEmpty();
    assertThat(r.passed()).isFalse();
    assertThat(r.lines()).contains("FAIL  bad (tools/call, " + r.results().get(1).latencyMs() + " ms)",
        "4 calls: 2 passed, 2 failed.");
  }

  @Test
  void aMissingVariableIsNamedAndNeverGuessed() {
    assertThatThrownBy(() -> run("""
        [{"name":"x","method":"tools/call","params":{"name":"greet","arguments":{"who":"${env:NOT_SET_HERE}"}}}]""",
        Map.of())).hasMessage("/calls/0/params/arguments/who: the environment variable NOT_SET_HERE is not set");
  }

  @Test
  void badCollectionsAreRefusedWhenRead() {
    String head = "{\"format\":\"mcpkit-collection\",\"version\":1,";
    assertThatThrownBy(() -> CallCollection.parse("{\"format\":\"x\"}")).hasMessageContaining("not an mcpkit collection");
    assertThatThrownBy(() -> CallCollection.parse(head + "\"calls\":[]}")).hasMessageContaining("/calls: ");
    assertThatThrownBy(() -> CallCollection.parse(head + "\"calls\":[{\"name\":\"a\",\"method\":\"tools/delete\"}]}"))
        .hasMessageContaining("/calls/0/method: \"tools/delete\" is not one of");
    assertThatThrownBy(() -> CallCollection.parse(head
        + "\"calls\":[{\"name\":\"a\",\"method\":\"tools/list\",\"assert\":[{\"matches\":\"(\"}]}]}"))
        .hasMessageContaining("/calls/0/assert/0/matches: not a regular expression");
    assertThatThrownBy(() -> CallCollection.parse(head
        + "\"calls\":[{\"name\":\"a\",\"method\":\"tools/list\",\"assert\":[{\"equals\":1,\"contains\":2}]}]}"))
        .hasMessageContaining("/calls/0/assert/0: an assertion has exactly one of");
    assertThatThrownBy(() -> CallCollection.parse(head
        + "\"calls\":[{\"name\":\"a\",\"method\":\"tools/list\",\"assert\":[{\"pointer\":\"tools\",\"equals\":1}]}]}"))
        .hasMessageContaining("/calls/0/assert/0/pointer: not a JSON pointer");
    assertThatThrownBy(() -> CallCollection.parse(head + "\"headers\":{\"X-Api-Key\":\"k-123\"},"
        + "\"calls\":[{\"name\":\"a\",\"method\":\"tools/list\"}]}"))
        .hasMessageContaining("/headers/X-Api-Key: a secret is never held in the collection file")
        .hasMessageNotContaining("k-123");
    CallCollection ok = CallCollection.parse(head + "\"headers\":{\"Authorization\":\"Bearer ${env:T}\"},"
        + "\"calls\":[{\"name\":\"a\",\"method\":\"tools/list\"}]}");
    assertThat(ok.resolvedHeaders(Map.of("T", "abc"))).containsEntry("Authorization", "Bearer abc");
    assertThat(ok.calls()).extracting(CallCollection.Call::method).isEqualTo(List.of("tools/list"));
  }

  @Test
  void junitXmlEscapesWhatAServerSays() {
    CollectionRun r = new CollectionRun("s<&>", List.of(new CollectionRun.Result("a\"b", "tools/call", 5,
        List.of("bad \u0001 <x> & \"y\""))));
    assertThat(r.junitXml()).contains("name=\"s&lt;&amp;&gt;\"", "name=\"a&quot;b\"", "failures=\"1\"",
        "bad \ufffd &lt;x&gt; &amp; \"y\"").doesNotContain("\u0001");
  }
}
