package dev.mcpkit.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The official MCP Inspector CLI (2.12.0) against the protected demo server of {@code mcpkit up}, with a bearer token
 * from the embedded authorization server ({@code --header "Authorization: Bearer <token>"}), in both eras; it reads
 * the 403 challenge of the write tool, and without a token it learns that authorization is required.
 */
class UpInspectorIT {

  static UpProcess up;
  static Path home;

  @BeforeAll
  static void start() throws Exception {
    up = new UpProcess();
    home = Files.createTempDirectory("inspector-home");
  }

  @AfterAll
  static void stop() throws Exception {
    if (up != null) {
      up.close();
    }
  }

  static NodeTool.Run inspector(String name, String token, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--cli", up.resource));
    if (token != null) {
      all.addAll(List.of("--header", "Authorization: Bearer " + token));
    }
    all.addAll(List.of(args));
    all.addAll(List.of("--format", "json"));
    Path log = Repo.root().resolve("mcpkit-cli/target/inspector/up-" + name + ".log");
    return NodeTool.run(NodeTool.inspector(), all, log, Map.of("HOME", home.toString()), 120);
  }

  static JsonNode json(NodeTool.Run run) {
    assertThat(run.exitCode()).as("inspector exit code; output:\n" + run.output()).isZero();
    String out = run.output().strip();
    return Json.parse(out.substring(out.indexOf('{')));
  }

  static String text(JsonNode result) {
    return result.path("result").path("content").get(0).path("text").asString();
  }

  @Test
  void listsAndCallsWithTheDemoUsersToken() throws Exception {
    String token = up.userToken("mcp:read");
    JsonNode listed = json(inspector("list", token, "--method", "tools/list"));
    List<String> names = new ArrayList<>();
    listed.path("result").path("tools").forEach(t -> names.add(t.path("name").asString()));
    assertThat(names).containsExactly("echo_message", "add_numbers", "save_note");
    assertThat(text(json(inspector("call", token, "--method", "tools/call", "--tool-name", "add_numbers",
        "--tool-arg", "a=0.1", "--tool-arg", "b=0.2")))).isEqualTo("0.3");
  }

  @Test
  void callsInTheModernEraWithAServiceToken() throws Exception {
    String token = up.serviceToken("mcp:read");
    JsonNode echo = json(inspector("modern-call", token, "--protocol-era", "modern", "--method", "tools/call",
        "--tool-name", "echo_message", "--tool-arg", "message=hello with a token"));
    assertThat(text(echo)).isEqualTo("hello with a token");
  }

  @Test
  void aReadOnlyTokenIsToldWhichScopesTheWriteToolNeeds() throws Exception {
    NodeTool.Run run = inspector("insufficient", up.userToken("mcp:read"), "--method", "tools/call",
        "--tool-name", "save_note", "--tool-arg", "text=hi");
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.output()).contains("Insufficient scope: required \\\"mcp:read mcp:write\\\"");
    String writer = up.userToken("mcp:read mcp:write");
    assertThat(text(json(inspector("write", writer, "--method", "tools/call", "--tool-name", "save_note",
        "--tool-arg", "text=hi from the inspector")))).startsWith("Saved note");
  }

  @Test
  void withoutATokenTheInspectorLearnsThatAuthorizationIsRequired() throws Exception {
    NodeTool.Run run = inspector("no-token", null, "--method", "tools/list");
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.output()).contains("auth_required").doesNotContain("save_note");
  }
}
