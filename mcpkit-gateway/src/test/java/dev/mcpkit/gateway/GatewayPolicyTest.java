package dev.mcpkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.auth.client.ClientCredentials;
import dev.mcpkit.auth.client.OAuthClient;
import dev.mcpkit.auth.server.AuthorizationServer;
import dev.mcpkit.auth.server.ClientRegistration;
import dev.mcpkit.auth.server.ProtectedResource;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.McpRpcException;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.schema.Tool;
import dev.mcpkit.core.schema.ToolAnnotations;
import dev.mcpkit.core.testing.LoopbackPorts;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import dev.mcpkit.store.Hashes;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The per-caller tool policy ({@code gateway.policy}) through a protected gateway on loopback: two
 * callers of an external issuer with different scopes see different tool lists, denied calls name the rule, an
 * annotation cannot loosen a rule, argument constraints, rate limits and the result bound refuse; audit lines name
 * the caller (item 7).
 */
class GatewayPolicyTest {

  @TempDir Path dir;

  private static final ToolAnnotations READ_ONLY = new ToolAnnotations(null, true, null, null, null);

  private static ServerTool tool(String name, ToolAnnotations ann, String schema, String answer) {
    ServerTool.Builder b = ServerTool.builder(name).description("The " + name + " tool.")
        .handler(call -> ToolResults.text(answer == null ? name + " done" : answer));
    if (ann != null) {
      b.annotations(ann);
    }
    if (schema != null) {
      b.inputSchema(schema);
    }
    return b.build();
  }

  static McpHttpServer notes() throws Exception {
    String path = "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}}}";
    String url = "{\"type\":\"object\",\"properties\":{\"url\":{\"type\":\"string\"}}}";
    McpServer s = McpServer.builder().name("notes").version("1")
        .tool(tool("read", READ_ONLY, null, null))
        .tool(tool("write", null, null, null))
        // claims to be harmless: the rule that names it still needs notes:admin
        .tool(tool("purge", new ToolAnnotations(null, true, false, null, null), null, null))
        .tool(tool("shell", READ_ONLY, null, null))
        .tool(tool("open", READ_ONLY, path, null))
        .tool(tool("fetch", READ_ONLY, url, null))
        .tool(tool("tick", READ_ONLY, null, null))
        .tool(tool("big", READ_ONLY, null, "x".repeat(10_000)))
        .build();
    return McpHttpServer.builder(s).port(0).build().start();
  }

  private static final String POLICY = """
      "policy": {
        "rules": [
          {"tools": ["notes__purge"], "scopes": ["notes:admin"]},
          {"tools": ["notes__shell"], "deny": true},
          {"tools": ["notes__open"], "arguments": {"/path": {"under": ["/srv/notes"]}}},
          {"tools": ["notes__fetch"], "arguments": {"/url": {"hosts": ["example.com", "*.example.org"]}}},
          {"tools": ["notes__tick"], "rateLimit": {"calls": 2, "perSeconds": 3600}},
          {"tools": ["notes__big"], "maxResultBytes": 1000}
        ]
      }""";

  private static McpClient caller(URI endpoint, String id, Set<String> scopes) {
    OAuthClient oauth = OAuthClient.builder().clientCredentials(ClientCredentials.secret(id, "s3cret-s3cret"))
        .scopes(scopes).build();
    return McpClient.builder().url(endpoint.toString()).auth(oauth).connect();
  }

  private static List<String> names(McpClient c) {
    return c.listAllTools().stream().map(Tool::name).toList();
  }

  private static McpRpcException refused(Runnable call) {
    try {
      call.run();
    } catch (McpRpcException e) {
      return e;
    }
    throw new AssertionError("the call was not refused");
  }

  @Test
  void twoCallersWithDifferentScopesSeeAndCallDifferentTools() throws Exception {
    int asPort = LoopbackPorts.free();
    int port = LoopbackPorts.free();
    String issuer = "http://127.0.0.1:" + asPort;
    URI endpoint = URI.create("http://127.0.0.1:" + port + "/mcp");
    String hash = "sha256:" + Hashes.sha256("s3cret-s3cret");
    Path audit = dir.resolve("audit.jsonl");
    try (McpHttpServer up = notes();
        AuthorizationServer as = AuthorizationServer.builder().issuer(URI.create(issuer))
            .clients(List.of(ClientRegistration.serviceClient("reader", "reader", hash, "mcp:gateway"),
                ClientRegistration.serviceClient("writer", "writer", hash, "mcp:gateway", "notes:write")))
            .protectedResources(List.of(ProtectedResource.of(endpoint.toString(), "mcp:gateway", "notes:write",
                "notes:admin")))
            .build()) {
      as.start("127.0.0.1", asPort);
      Path f = dir.resolve("gateway.json");
      Files.writeString(f, "{\"mcpServers\": {\"notes\": {\"url\": \"" + up.endpoint() + "\", \"type\": \"http\"}},"
          + " \"gateway\": {\"auth\": {\"issuer\": \"" + issuer + "\", \"jwksUri\": \"" + issuer + "/jwks\","
          + " \"scopes\": [\"mcp:gateway\", \"notes:write\", \"notes:admin\"]},"
          + " \"guard\": {\"pin\": \"off\", \"audit\": {\"file\": \"audit.jsonl\"}}, " + POLICY + ","
          + " \"servers\": {\"notes\": {\"policy\": {\"writeScope\": \"notes:write\"}}}}}");
      GatewayConfig cfg = GatewayConfig.read(f);
      try (Gateway gw = cfg.builder().build();
          GatewayProtection p = cfg.protection().orElseThrow().build(endpoint);
          McpHttpServer front = GatewayProtectionTest.serve(gw, p, port);
          McpClient reader = caller(endpoint, "reader", Set.of("mcp:gateway"));
          McpClient writer = caller(endpoint, "writer", Set.of("mcp:gateway", "notes:write"))) {
        List<String> common = List.of("notes__read", "notes__open", "notes__fetch", "notes__tick", "notes__big");
        assertThat(names(reader)).containsExactlyInAnyOrderElementsOf(common);
        assertThat(names(writer)).containsExactlyInAnyOrderElementsOf(
            java.util.stream.Stream.concat(common.stream(), java.util.stream.Stream.of("notes__write")).toList());

        // the write scope of the upstream: the writer calls, the reader is refused naming the setting
        assertThat(GatewayTest.text(writer.callTool("notes__write", Map.of()))).isEqualTo("write done");
        McpRpcException denied = refused(() -> reader.callTool("notes__write", Map.of()));
        assertThat(denied.code()).isEqualTo(-32602);
        assertThat(denied.serverMessage()).isEqualTo("tool \"notes__write\" refused for reader by the gateway's policy"
            + " (/gateway/servers/notes/policy/writeScope): it is not annotated readOnlyHint: true, so it needs the"
            + " scope notes:write");
        assertThat(denied.data().path("policy").asString()).isEqualTo("/gateway/servers/notes/policy/writeScope");

        // annotations claiming read-only and not destructive do not loosen the rule that names the tool
        assertThat(refused(() -> writer.callTool("notes__purge", Map.of())).serverMessage())
            .contains("(/gateway/policy/rules/0/scopes): it needs the scope notes:admin");
        assertThat(refused(() -> writer.callTool("notes__shell", Map.of())).serverMessage())
            .contains("(/gateway/policy/rules/1): the rule denies it to every caller");

        // argument constraints
        assertThat(GatewayTest.text(reader.callTool("notes__open", Map.of("path", "/srv/notes/a.txt"))))
            .isEqualTo("open done");
        for (String path : List.of("/srv/notes/../../etc/passwd", "/srv/notesX/a", "srv/notes/a")) {
          assertThat(refused(() -> reader.callTool("notes__open", Map.of("path", path))).serverMessage()).as(path)
              .contains("(/gateway/policy/rules/2/arguments/~1path/under): the argument /path");
        }
        assertThat(refused(() -> reader.callTool("notes__open", Map.of())).serverMessage())
            .contains("the argument /path must be given, as a string");
        assertThat(GatewayTest.text(reader.callTool("notes__fetch", Map.of("url", "https://api.example.org/x"))))
            .isEqualTo("fetch done");
        assertThat(GatewayTest.text(reader.callTool("notes__fetch", Map.of("url", "https://EXAMPLE.com./x"))))
            .isEqualTo("fetch done");
        for (String url : List.of("https://example.com.evil.test/", "https://example.com@evil.test/",
            "https://evil.test/?u=example.com", "not a url", "https://example.org.evil.test/")) {
          assertThat(refused(() -> reader.callTool("notes__fetch", Map.of("url", url))).serverMessage()).as(url)
              .contains("/arguments/~1url");
        }

        // rate limit: per caller and tool
        reader.callTool("notes__tick", Map.of());
        reader.callTool("notes__tick", Map.of());
        McpRpcException limited = refused(() -> reader.callTool("notes__tick", Map.of()));
        assertThat(limited.code()).isEqualTo(-32603);
        assertThat(limited.serverMessage()).contains("(/gateway/policy/rules/4/rateLimit): more than 2 calls in 3600 s");
        assertThat(GatewayTest.text(writer.callTool("notes__tick", Map.of()))).as("another caller's own bucket")
            .isEqualTo("tick done");

        // result size
        assertThat(refused(() -> reader.callTool("notes__big", Map.of())).serverMessage())
            .contains("(/gateway/policy/rules/5/maxResultBytes): its result has")
            .contains("bytes, more than the 1000 allowed (withheld)");
      }
      List<JsonNode> lines = Files.readAllLines(audit).stream().map(Json::parse).toList();
      assertThat(lines).anySatisfy(l -> {
        assertThat(l.path("decision").asString()).isEqualTo("allowed");
        assertThat(l.path("caller").asString()).isEqualTo("writer");
        assertThat(l.path("served").asString()).isEqualTo("notes__write");
      });
      assertThat(lines).anySatisfy(l -> {
        assertThat(l.path("decision").asString()).isEqualTo("blocked");
        assertThat(l.path("caller").asString()).isEqualTo("reader");
        assertThat(l.path("served").asString()).isEqualTo("notes__write");
        assertThat(l.path("code").asString()).isEqualTo("policy /gateway/servers/notes/policy/writeScope");
      });
      assertThat(lines).allSatisfy(l -> assertThat(l.toString()).doesNotContain("s3cret"));
    }
  }

  @Test
  void withoutAuthenticationTheDefaultPolicyServesOnlyReadOnlyToolsAndAuditsTheCallerAsAnonymous() throws Exception {
    try (McpHttpServer up = notes()) {
      Path f = dir.resolve("gateway.json");
      Files.writeString(f, "{\"mcpServers\": {\"notes\": {\"url\": \"" + up.endpoint() + "\", \"type\": \"http\"}},"
          + " \"gateway\": {\"guard\": {\"pin\": \"off\", \"audit\": {\"file\": \"audit.jsonl\"}}, \"policy\": {}}}");
      GatewayConfig cfg = GatewayConfig.read(f);
      try (Gateway gw = cfg.builder().build();
          McpHttpServer front = McpHttpServer.builder(gw.server()).port(0).build().start();
          McpClient c = McpClient.builder().url(front.endpoint().toString()).connect()) {
        assertThat(names(c)).doesNotContain("notes__write").contains("notes__read", "notes__shell");
        assertThat(refused(() -> c.callTool("notes__write", Map.of())).serverMessage()).isEqualTo("tool"
            + " \"notes__write\" refused for anonymous by the gateway's policy (/gateway/policy): no rule names it,"
            + " it is not annotated readOnlyHint: true, and upstream 'notes' has no writeScope");
        c.callTool("notes__read", Map.of());
      }
      List<JsonNode> lines = Files.readAllLines(dir.resolve("audit.jsonl")).stream().map(Json::parse).toList();
      assertThat(lines).anySatisfy(l -> {
        assertThat(l.path("decision").asString()).isEqualTo("allowed");
        assertThat(l.path("caller").asString()).isEqualTo("anonymous");
        assertThat(l.path("served").asString()).isEqualTo("notes__read");
      });
    }
  }

  @Test
  void policyErrorsNameTheJsonPath() throws Exception {
    Map<String, String> cases = Map.of(
        "\"policy\": {\"rules\": [{\"tools\": []}]}", "/gateway/policy/rules/0/tools",
        "\"policy\": {\"rules\": [{\"tools\": [\"a b\"]}]}", "/gateway/policy/rules/0/tools/0",
        "\"policy\": {\"rules\": [{\"tools\": [\"a\"], \"arguments\": {\"/p\": {\"under\": [\"rel\"]}}}]}",
        "/gateway/policy/rules/0/arguments/~1p/under/0: a root must be an absolute path",
        "\"policy\": {\"rateLimit\": {\"calls\": 0, \"perSeconds\": 1}}", "/gateway/policy/rateLimit/calls",
        "\"policy\": {\"colour\": 1}", "/gateway/policy",
        "\"servers\": {\"s\": {\"policy\": {\"writeScope\": \"w\"}}}", "/gateway/servers/s/policy: a server's policy"
            + " settings refine gateway.policy");
    for (var e : cases.entrySet()) {
      Path f = dir.resolve("bad.json");
      Files.writeString(f, "{\"mcpServers\": {\"s\": {\"url\": \"http://127.0.0.1:1/mcp\"}}, \"gateway\": {"
          + e.getKey() + "}}");
      assertThatThrownBy(() -> GatewayConfig.read(f)).as(e.getKey()).isInstanceOf(GatewayConfigException.class)
          .hasMessageContaining(e.getValue());
    }
  }
}
