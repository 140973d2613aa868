package dev.mcpkit.cli.it;

import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.auth.server.testing.Pkce;
import dev.mcpkit.core.json.Json;
import java.net.URI;
import java.net.URLEncoder;
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
    try (HttpUser browser = new HttpUser(); HttpUser app = new HttpUser()) {
      Pkce pkce = Pkce.create();
      Map<String, String> q = new LinkedHashMap<>();
      q.put("response_type", "code");
      q.put("client_id", "mcpkit-demo");
      q.put("redirect_uri", REDIRECT);
      q.put("code_challenge", pkce.challenge());
      q.put("code_challenge_method", "S256");
      q.put("state", "it-state");
      q.put("resource", resource);
      q.put("scope", scope);
      StringBuilder url = new StringBuilder(issuer + "/authorize");
      char sep = '?';
      for (Map.Entry<String, String> e : q.entrySet()) {
        url.append(sep).append(enc(e.getKey())).append('=').append(enc(e.getValue()));
        sep = '&';
      }
      HttpUser.Reply login = browser.get(url.toString());
      require(login.body().contains("id=\"username\""), "a login page", login);
      HttpUser.Reply afterLogin = browser.submit(issuer + "/login", Map.of("request", login.hidden("request"),
          "csrf", login.hidden("csrf"), "username", "demo", "password", password));
      require(afterLogin.status() == 303, "a 303 after login", afterLogin);
      HttpUser.Reply consent = browser.get(afterLogin.location());
      require(consent.body().contains("id=\"approve\""), "the consent page", consent);
      HttpUser.Reply back = browser.submit(issuer + "/consent", Map.of("request", consent.hidden("request"),
          "csrf", consent.hidden("csrf"), "decision", "approve"));
      require(back.status() == 303 && back.location().startsWith(REDIRECT), "a redirect to the client", back);
      String code = HttpUser.query(back.location()).get("code").getFirst();
      HttpUser.Reply token = app.post(issuer + "/token", Map.of("grant_type", "authorization_code", "code", code,
          "code_verifier", pkce.verifier(), "redirect_uri", REDIRECT, "client_id", "mcpkit-demo",
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

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
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
