package dev.mcpkit.cli.it;

import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.core.json.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * {@code mcpkit.jar up --port 0} as a user runs it, with what its output tells a user: the demo user's password and
 * the service client's secret. Tokens come from the embedded authorization server, over HTTP, as a real client gets
 * them: the authorization-code flow with PKCE for the demo user (a scripted browser logs in and consents), or client
 * credentials for the service client.
 */
final class UpProcess implements AutoCloseable {

  static final String REDIRECT = "http://127.0.0.1:45678/callback";

  final McpkitProcess process;
  final String resource;
  final String origin;
  final String issuer;
  final String password;
  final String serviceSecret;

  UpProcess() throws Exception {
    this(McpkitProcess.startHttp("up", "--port", "0"));
  }

  /** {@code up} of a started process (of any jar). */
  UpProcess(McpkitProcess started) {
    process = started;
    resource = process.endpoint().toString();
    origin = resource.substring(0, resource.length() - "/mcp".length());
    issuer = origin + "/auth";
    password = find("demo user\\s+demo / (\\S+)");
    serviceSecret = find("service client\\s+mcpkit-demo-service / (\\S+)");
  }

  private String find(String regex) {
    Matcher m = Pattern.compile(regex).matcher(process.output());
    if (!m.find()) {
      throw new AssertionError("not in the output of mcpkit up (" + regex + "):\n" + process.output());
    }
    return m.group(1);
  }

  /** The demo user's access token for {@code scope}, by the authorization-code flow with PKCE. */
  String userToken(String scope) {
    try (HttpUser app = new HttpUser()) {
      ClusterOAuth.Code c = ClusterOAuth.authorize(issuer, resource, password, scope);
      String code = c.code();
      HttpUser.Reply token = app.post(issuer + "/token", Map.of("grant_type", "authorization_code", "code", code,
          "code_verifier", c.verifier(), "redirect_uri", REDIRECT, "client_id", "mcpkit-demo",
          "resource", resource));
      require(token.status() == 200, "a token", token);
      return Json.parse(token.body()).get("access_token").asString();
    }
  }

  /** A token of the service client for {@code scope}, by client credentials. */
  String serviceToken(String scope) {
    try (HttpUser app = new HttpUser()) {
      String basic = "Basic " + Base64.getEncoder().encodeToString(("mcpkit-demo-service:" + serviceSecret)
          .getBytes(StandardCharsets.UTF_8));
      HttpUser.Reply token = app.post(issuer + "/token", Map.of("grant_type", "client_credentials", "scope", scope,
          "resource", resource), Map.of("Authorization", basic));
      require(token.status() == 200, "a token", token);
      return Json.parse(token.body()).get("access_token").asString();
    }
  }

  /** A 2026-07-28 request to the MCP endpoint, with {@code token} unless it is null. */
  HttpUser.Reply modern(String token, String method, String name, String paramsJson) {
    JsonNode params = Json.parse(paramsJson);
    ((tools.jackson.databind.node.ObjectNode) params).set("_meta", Json.parse("{\"io.modelcontextprotocol/"
        + "protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}"));
    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + Json.write(params) + "}";
    Map<String, String> headers = new LinkedHashMap<>(Map.of("Accept", "application/json, text/event-stream",
        "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", method));
    if (name != null) {
      headers.put("Mcp-Name", name);
    }
    if (token != null) {
      headers.put("Authorization", "Bearer " + token);
    }
    try (HttpUser u = new HttpUser()) {
      return u.postRaw(resource, "application/json", body, headers);
    }
  }

  URI metadataUrl() {
    return URI.create(origin + "/.well-known/oauth-protected-resource/mcp");
  }

  private static void require(boolean ok, String what, HttpUser.Reply r) {
    if (!ok) {
      throw new AssertionError("expected " + what + ", got " + r.status() + ": " + r.body());
    }
  }

  @Override
  public void close() {
    try {
      process.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
