package dev.mcpkit.examples.tokenexchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mcpkit.auth.server.testing.Chromium;
import dev.mcpkit.auth.server.testing.DocServer;
import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.auth.server.testing.Pkce;
import dev.mcpkit.client.McpAuthorizationException;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.schema.CallToolResult;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The example for real: its three servers on free 127.0.0.1 ports, alice and bob signing in with the public client in
 * headless Chromium (real login and consent pages), their tokens from the real authorization server, the tool called
 * with {@link McpClient}. What the reports API received is read from the API itself.
 */
class TokenExchangeExampleTest {

  private static final String PASSWORD = "correct horse battery staple";
  private static TokenExchangeExample ex;
  private static DocServer callback;
  private static String aliceToken;
  private static String bobToken;

  @BeforeAll
  static void start() throws Exception {
    ex = TokenExchangeExample.start(0, 0, 0, PASSWORD);
    callback = new DocServer();
    callback.put("/callback", new DocServer.Doc(200, "text/plain", null, "You can close this window.", null, 0));
    aliceToken = signIn("alice");
    bobToken = signIn("bob");
  }

  @AfterAll
  static void stop() {
    if (callback != null) {
      callback.close();
    }
    if (ex != null) {
      ex.close();
    }
  }

  /** A person signs in with a real browser (code flow, PKCE, the MCP server as resource); returns the access token. */
  private static String signIn(String user) throws Exception {
    Pkce pkce = Pkce.create();
    String redirect = "http://127.0.0.1:" + callback.port + "/callback";
    String authorize = ex.issuer + "/authorize?response_type=code&client_id=" + TokenExchangeExample.APP_CLIENT
        + "&redirect_uri=" + enc(redirect) + "&code_challenge=" + pkce.challenge() + "&code_challenge_method=S256"
        + "&state=st-" + user + "&scope=" + enc(TokenExchangeExample.MCP_SCOPE + " " + ReportsApi.SCOPE) + "&resource=" + enc(ex.mcpUrl);
    Map<String, List<String>> answer;
    try (Chromium browser = new Chromium()) {
      browser.driver().get(authorize);
      browser.logIn(user, PASSWORD);
      browser.approve();
      answer = HttpUser.query(browser.waitForUrl(redirect));
    }
    assertThat(answer.get("state")).containsExactly("st-" + user);
    assertThat(answer.get("iss")).containsExactly(ex.issuer);
    try (HttpUser app = new HttpUser()) {
      HttpUser.Reply token = app.post(ex.issuer + "/token", Map.of("grant_type", "authorization_code",
          "code", answer.get("code").getFirst(), "code_verifier", pkce.verifier(), "redirect_uri", redirect,
          "client_id", TokenExchangeExample.APP_CLIENT, "resource", ex.mcpUrl));
      assertThat(token.status()).as(token.body()).isEqualTo(200);
      return Json.parse(token.body()).get("access_token").asString();
    }
  }

  private static CallToolResult listReports(String token) {
    try (McpClient c = McpClient.builder().url(ex.mcpUrl).header("Authorization", "Bearer " + token).connect()) {
      return c.callTool("list_reports", Map.of());
    }
  }

  @Test
  void theApiReceivesAnExchangedTokenNeverTheCallers() throws Exception {
    JWTClaimsSet alice = SignedJWT.parse(aliceToken).getJWTClaimsSet();
    assertThat(alice.getAudience()).containsExactly(ex.mcpUrl);
    int before = ex.api.accepted().size();

    CallToolResult result = listReports(aliceToken);

    assertThat(result.isError()).as("%s", result.content()).isNotEqualTo(Boolean.TRUE);
    JsonNode out = result.structuredContent();
    assertThat(out.get("owner").asString()).isEqualTo("alice");
    assertThat(out.get("reports").toString()).isEqualTo("[\"Q3 revenue\",\"Hiring plan\"]");

    // What the API itself accepted: one token, for the API, for alice, obtained by the MCP server acting for her.
    List<Map<String, Object>> accepted = ex.api.accepted();
    assertThat(accepted).hasSize(before + 1);
    Map<String, Object> seen = accepted.getLast();
    assertThat(audience(seen)).containsExactly(ex.api.resource()).doesNotContain(ex.mcpUrl);
    assertThat(seen.get("sub")).isEqualTo("alice").isEqualTo(alice.getSubject());
    assertThat(seen.get("act")).isEqualTo(Map.of("sub", TokenExchangeExample.MCP_CLIENT));
    assertThat(seen.get("client_id")).isEqualTo(TokenExchangeExample.MCP_CLIENT);
    assertThat(seen.get("scope")).isEqualTo(ReportsApi.SCOPE);
    assertThat(seen.get("iss")).isEqualTo(ex.issuer);
    assertThat(seen.get("jti")).isNotEqualTo(alice.getJWTID());
    assertThat(((Number) seen.get("exp")).longValue()).isLessThanOrEqualTo(alice.getExpirationTime().toInstant()
        .getEpochSecond());
    // The tool's result shows the same: the reader sees which token reached the API.
    assertThat(out.get("token_seen").get("act").get("sub").asString()).isEqualTo(TokenExchangeExample.MCP_CLIENT);
    assertThat(out.get("token_seen").get("aud").asString()).isEqualTo(ex.api.resource());
  }

  @Test
  void theCallersOwnTokenIsRefusedByTheApi() throws Exception {
    int before = ex.api.accepted().size();
    // Passthrough, the workshop's module 02: the MCP server forwards the token it received. The API refuses it.
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(ex.api.resource() + "/reports")).header("Authorization", "Bearer " + aliceToken).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).contains(
        "Bearer error=\"invalid_token\", error_description=\"The access token was not issued for this resource\"");
    assertThat(r.body()).isEqualTo("{\"error\":\"invalid_token\","
        + "\"error_description\":\"The access token was not issued for this resource\"}");
    assertThat(ex.api.accepted()).hasSize(before);
  }

  @Test
  void eachCallerGetsOnlyTheirOwnReports() {
    CallToolResult result = listReports(bobToken);
    assertThat(result.structuredContent().get("owner").asString()).isEqualTo("bob");
    assertThat(result.structuredContent().get("reports").toString()).isEqualTo("[\"Incident review\"]");
    assertThat(ex.api.accepted().getLast().get("sub")).isEqualTo("bob");
  }

  @Test
  void theMcpServerItselfRefusesCallsWithoutAValidToken() {
    assertThatThrownBy(() -> McpClient.builder().url(ex.mcpUrl).connect())
        .isInstanceOfSatisfying(McpAuthorizationException.class, e -> {
          assertThat(e.status()).isEqualTo(401);
          assertThat(e.challenges()).anyMatch(c -> c.contains("resource_metadata=\"http://127.0.0.1:"));
        });
    assertThatThrownBy(() -> listReports(aliceToken.substring(0, aliceToken.length() - 4) + "AAAA"))
        .isInstanceOfSatisfying(McpAuthorizationException.class, e -> assertThat(e.status()).isEqualTo(401));
  }

  @SuppressWarnings("unchecked")
  private static List<String> audience(Map<String, Object> claims) {
    Object aud = claims.get("aud");
    return aud instanceof List<?> l ? (List<String>) l : List.of((String) aud);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
