package dev.mcpkit.cli.it;

import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.auth.server.testing.Pkce;
import dev.mcpkit.core.json.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * OAuth as a client of a cluster of {@code mcpkit up} instances sees it: every request goes to the public URL (the
 * load balancer), so each step of a flow may land on another instance. The demo user's password and the service
 * client's secret are the ones every instance is given ({@link #ENV}).
 */
final class ClusterOAuth {

  static final String PASSWORD = "cluster-demo-password-1";
  static final String SECRET = "cluster-service-secret-0123456789";
  /** The environment of every instance: the same demo password and service secret. */
  static final Map<String, String> ENV = Map.of("MCPKIT_DEMO_PASSWORD", PASSWORD, "MCPKIT_DEMO_SERVICE_SECRET", SECRET);
  static final String REDIRECT = "http://127.0.0.1:45678/callback";

  final String resource;
  final String issuer;

  ClusterOAuth(String publicUrl) {
    this.resource = publicUrl + "/mcp";
    this.issuer = publicUrl + "/auth";
  }

  /** A code and its PKCE verifier, not yet redeemed. */
  record Code(String code, String verifier) {}

  /** The demo user signs in and consents (login, consent: each request through the balancer); the code comes back. */
  Code authorize(String scope) {
    return authorize(issuer, resource, PASSWORD, scope);
  }

  /**
   * The demo user ({@code demo}, {@code password}) signs in at {@code issuer} and consents to {@code scope} for
   * {@code resource} (client {@code mcpkit-demo}, PKCE); the code comes back to {@link #REDIRECT}. Also what
   * {@link UpProcess} uses for one instance.
   */
  static Code authorize(String issuer, String resource, String password, String scope) {
    try (HttpUser browser = new HttpUser()) {
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
      return new Code(HttpUser.query(back.location()).get("code").getFirst(), pkce.verifier());
    }
  }

  /** Redeems a code: the token response (access and refresh token). */
  JsonNode redeem(Code code) {
    try (HttpUser app = new HttpUser()) {
      HttpUser.Reply token = app.post(issuer + "/token", Map.of("grant_type", "authorization_code", "code",
          code.code(), "code_verifier", code.verifier(), "redirect_uri", REDIRECT, "client_id", "mcpkit-demo",
          "resource", resource));
      require(token.status() == 200, "a token", token);
      return Json.parse(token.body());
    }
  }

  /** Uses a refresh token: the new token response. */
  JsonNode refresh(String refreshToken) {
    try (HttpUser app = new HttpUser()) {
      HttpUser.Reply token = app.post(issuer + "/token", Map.of("grant_type", "refresh_token", "refresh_token",
          refreshToken, "client_id", "mcpkit-demo"));
      require(token.status() == 200, "a refreshed token", token);
      return Json.parse(token.body());
    }
  }

  /** A token of the service client by client credentials. */
  String serviceToken(String scope) {
    try (HttpUser app = new HttpUser()) {
      String basic = "Basic " + Base64.getEncoder().encodeToString(("mcpkit-demo-service:" + SECRET)
          .getBytes(StandardCharsets.UTF_8));
      HttpUser.Reply token = app.post(issuer + "/token", Map.of("grant_type", "client_credentials", "scope", scope,
          "resource", resource), Map.of("Authorization", basic));
      require(token.status() == 200, "a token", token);
      return Json.parse(token.body()).get("access_token").asString();
    }
  }

  /** The body of a 2026-07-28 {@code tools/call} of {@code add_numbers}. */
  static String addNumbers(int id) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"add_numbers\","
        + "\"arguments\":{\"a\":0.1,\"b\":0.2},\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
        + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}";
  }

  /** The headers of that call with {@code token}. */
  static Map<String, String> callHeaders(String token) {
    return Map.of("Accept", "application/json, text/event-stream", "MCP-Protocol-Version", "2026-07-28",
        "Mcp-Method", "tools/call", "Mcp-Name", "add_numbers", "Authorization", "Bearer " + token);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static void require(boolean ok, String what, HttpUser.Reply r) {
    if (!ok) {
      throw new AssertionError("expected " + what + ", got " + r.status() + ": " + r.body());
    }
  }
}
