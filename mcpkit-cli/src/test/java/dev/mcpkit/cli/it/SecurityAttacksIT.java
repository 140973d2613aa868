package dev.mcpkit.cli.it;

import static dev.mcpkit.cli.it.Attack.modern;
import static dev.mcpkit.cli.it.Attack.modernHeaders;
import static dev.mcpkit.cli.it.Attack.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.auth.server.testing.Pkce;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.ServerNotification;
import dev.mcpkit.client.Subscription;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.SubscriptionFilter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * The attack regression suite: each hole an outside review found in {@code mcpkit up} and {@code mcpkit
 * serve}, tried black-box against a built jar as an attacker would, on 127.0.0.1 with ephemeral ports and bounded
 * loops. Each test checks the security property, not one exact error body. Point it at any jar with {@code
 * -Dmcpkit.jar=/path/to/mcpkit.jar} (default: the jar this build packaged); run against the jar of the commit
 * before the fixes, every test fails.
 *
 * <p>Ids follow {@code docs/security-catalogue.md}; ids new to the catalogue: SEC-PE-16, SEC-RES-20, SEC-RES-21,
 * SEC-AS-38 … SEC-AS-41, SEC-TR-19, SEC-TR-20, SEC-RS-15. The slow-reader, stream-limit, login-limit, pending-request
 * and CIMD tests are in {@link ExhaustionAttacksIT}, each with a process of its own, since what they exhaust would
 * spill into the others.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SecurityAttacksIT {

  static UpProcess up;
  static McpkitProcess serve;

  @BeforeAll
  static void start() throws Exception {
    up = new UpProcess(Attack.start("up", "--port", "0"));
    serve = Attack.start("serve", "--port", "0");
  }

  @AfterAll
  static void stop() throws Exception {
    if (up != null) {
      up.close();
    }
    if (serve != null) {
      serve.close();
    }
  }

  // ---- item 6: the JWKS (first, before anything is signed) ----

  @Test
  @Order(1)
  void SEC_AS_41_theJwksPublishesTheSigningKeyFromStartUp() {
    HttpResponse<String> r = send("GET", URI.create(up.issuer + "/jwks"), Map.of(), null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Json.parse(r.body()).path("keys").size())
        .as("keys in the JWKS of a fresh `mcpkit up` before any token was issued: %s", r.body()).isPositive();
  }

  // ---- item 1: privilege escalation through open registration ----

  @Test
  @Order(2)
  void SEC_PE_16_anAnonymousCallerCannotObtainATokenThatSavesNotes() {
    // The control: open registration itself works, so a refusal below is about the grant, not the request shape.
    HttpResponse<String> ordinary = register("[\"authorization_code\",\"refresh_token\"]");
    assertThat(ordinary.statusCode()).as(ordinary.body()).isEqualTo(201);
    for (String grants : List.of("[\"client_credentials\"]", "[\"authorization_code\",\"client_credentials\"]")) {
      for (String scope : new String[] {"mcp:read mcp:write", null}) {
        String outcome = tryEscalation(grants, scope);
        assertThat(outcome).as("grant_types %s, scope %s", grants, scope).doesNotStartWith("ESCALATED");
      }
    }
  }

  private static HttpResponse<String> register(String grants) {
    return send("POST", URI.create(up.issuer + "/register"), Map.of("Content-Type", "application/json"),
        "{\"client_name\":\"attacker\",\"application_type\":\"native\",\"redirect_uris\":"
            + "[\"http://127.0.0.1/cb\"],\"grant_types\":" + grants + ",\"token_endpoint_auth_method\":"
            + "\"client_secret_basic\"}");
  }

  /** Registers a client anonymously and tries to save a note with a client-credentials token it gets. */
  private static String tryEscalation(String grants, String scope) {
    HttpResponse<String> reg = register(grants);
    if (reg.statusCode() / 100 != 2) {
      return "registration refused: " + reg.statusCode() + " " + reg.body();
    }
    JsonNode client = Json.parse(reg.body());
    String id = client.path("client_id").asString();
    String secret = client.path("client_secret").asString(null);
    if (secret == null) {
      return "no secret issued";
    }
    String form = "grant_type=client_credentials&resource=" + enc(up.resource)
        + (scope == null ? "" : "&scope=" + enc(scope));
    HttpResponse<String> token = send("POST", URI.create(up.issuer + "/token"), Map.of("Content-Type",
        "application/x-www-form-urlencoded", "Authorization", basic(id, secret)), form);
    if (token.statusCode() != 200) {
      return "token refused: " + token.statusCode() + " " + token.body();
    }
    String access = Json.parse(token.body()).path("access_token").asString();
    HttpUser.Reply call = up.modern(access, "tools/call", "save_note",
        "{\"name\":\"save_note\",\"arguments\":{\"text\":\"written by an anonymous client\"}}");
    boolean saved = call.status() == 200 && Json.parse(call.body()).has("result")
        && !Json.parse(call.body()).path("result").path("isError").asBoolean(false);
    return (saved ? "ESCALATED: " : "call refused: ") + call.status() + " (token scope "
        + Json.parse(token.body()).path("scope").asString("") + ")";
  }

  // ---- item 6: revocation seen at once by mcpkit up's own guard ----

  @Test
  @Order(3)
  void SEC_RS_10_aRevokedTokenIsRefusedAtOnce() {
    String token = up.serviceToken("mcp:read");
    assertThat(up.modern(token, "tools/list", null, "{}").status()).isEqualTo(200);
    HttpResponse<String> revoke = send("POST", URI.create(up.issuer + "/revoke"), Map.of("Content-Type",
        "application/x-www-form-urlencoded", "Authorization", basic("mcpkit-demo-service", up.serviceSecret)),
        "token=" + enc(token) + "&token_type_hint=access_token");
    assertThat(revoke.statusCode()).as(revoke.body()).isEqualTo(200);
    HttpUser.Reply after = up.modern(token, "tools/list", null, "{}");
    assertThat(after.status()).as("a revoked token on the next request: %s", after.body()).isEqualTo(401);
  }

  // ---- item 6: the note pad per principal ----

  @Test
  @Order(4)
  void SEC_CTX_10_onePrincipalNeverReadsAnothersNotes() {
    String user = up.userToken("mcp:read mcp:write");
    String service = up.serviceToken("mcp:read mcp:write");
    String secret = "the demo user's secret " + UUID.randomUUID();
    assertThat(up.modern(user, "tools/call", "save_note", "{\"name\":\"save_note\",\"arguments\":{\"text\":\""
        + secret + "\"}}").status()).isEqualTo(200);
    assertThat(notes(user)).contains(secret);
    assertThat(notes(service)).as("the service client's view of the notes").doesNotContain(secret);
  }

  private static String notes(String token) {
    HttpUser.Reply r = up.modern(token, "resources/read", "mcpkit://demo/notes", "{\"uri\":\"mcpkit://demo/notes\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return Json.parse(r.body()).path("result").path("contents").get(0).path("text").asString();
  }

  // ---- item 7: the legacy /sse endpoint under mcpkit up ----

  @Test
  @Order(5)
  void SEC_RS_15_theLegacySseEndpointNamesMetadataThatCoversItAndItsTokenWorksOnStreamAndPosts() throws Exception {
    URI sse = URI.create(up.origin + "/sse");
    HttpResponse<String> anonymous = send("GET", sse, Map.of("Accept", "text/event-stream"), null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    String challenge = anonymous.headers().firstValue("WWW-Authenticate").orElse("");
    Matcher m = Pattern.compile("resource_metadata=\"([^\"]+)\"").matcher(challenge);
    assertThat(m.find()).as(challenge).isTrue();
    HttpResponse<String> metadata = send("GET", URI.create(m.group(1)), Map.of(), null);
    assertThat(metadata.statusCode()).isEqualTo(200);
    String resource = Json.parse(metadata.body()).path("resource").asString();
    // RFC 9728 §3.3 and MCP clients: the metadata's resource must be the endpoint or a path prefix of it.
    assertThat(sse.toString().equals(resource) || sse.toString().startsWith(resource.endsWith("/") ? resource
        : resource + "/")).as("the resource %s of %s covers %s", resource, m.group(1), sse).isTrue();

    HttpResponse<String> token = send("POST", URI.create(up.issuer + "/token"), Map.of("Content-Type",
        "application/x-www-form-urlencoded", "Authorization", basic("mcpkit-demo-service", up.serviceSecret)),
        "grant_type=client_credentials&scope=" + enc("mcp:read mcp:write") + "&resource=" + enc(resource));
    assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
    String bearer = "Bearer " + Json.parse(token.body()).path("access_token").asString();
    HttpResponse<java.io.InputStream> stream = Attack.open("GET", sse, Map.of("Accept", "text/event-stream",
        "Authorization", bearer), null);
    try (SseLines lines = new SseLines(stream)) {
      assertThat(stream.statusCode()).isEqualTo(200);
      String endpoint = lines.dataOf("endpoint", Duration.ofSeconds(20));
      assertThat(endpoint).as("the endpoint event").isNotNull();
      HttpResponse<String> post = send("POST", sse.resolve(endpoint), Map.of("Content-Type", "application/json",
          "Authorization", bearer), Attack.INITIALIZE_2025.replace("2025-11-25", "2024-11-05"));
      assertThat(post.statusCode() / 100).as("a post to %s with the /sse token: %s", endpoint, post.body())
          .isEqualTo(2);
      assertThat(lines.lineContaining("\"id\":1", Duration.ofSeconds(20))).as("the initialize answer on the stream")
          .contains("\"result\"");
    }
    if (!resource.equals(up.resource)) {
      // Audience binding holds both ways: a token for /mcp does not open /sse.
      HttpResponse<java.io.InputStream> wrong = Attack.open("GET", sse, Map.of("Accept", "text/event-stream",
          "Authorization", "Bearer " + up.serviceToken("mcp:read")), null);
      Attack.closeQuietly(wrong);
      assertThat(wrong.statusCode()).as("a token for %s on %s", up.resource, sse).isEqualTo(401);
    }
  }

  // ---- item 4: amplification through numbers ----

  @Test
  @Order(10)
  void SEC_RES_20_aHugeExponentIsRefusedWithASmallAnswer() {
    HttpResponse<String> r = send("POST", serve.endpoint(), modernHeaders("tools/call", "add_numbers"),
        modern("tools/call", "\"name\":\"add_numbers\",\"arguments\":{\"a\":1e1000000,\"b\":1}"));
    assertThat(r.body().length()).as("size of the answer to a 200-byte request").isLessThan(16 * 1024);
    // -32602 from schema validation naming the field, or -32700 if the parser's own bound trips first: either way
    // the tool never sees the number.
    JsonNode body = Json.parse(r.body());
    assertThat(body.path("error").path("code").asInt()).as(r.body()).isIn(-32602, -32700);
  }

  // ---- item 6: Origin of another local port ----

  @Test
  @Order(11)
  void SEC_TR_19_anOriginOnAnotherLocalPortIsForbidden() {
    int other = serve.endpoint().getPort() == 1 ? 2 : serve.endpoint().getPort() - 1;
    Map<String, String> headers = new LinkedHashMap<>(modernHeaders("tools/list", null));
    headers.put("Origin", "http://127.0.0.1:" + serve.endpoint().getPort());
    assertThat(send("POST", serve.endpoint(), headers, modern("tools/list", "")).statusCode())
        .as("same origin").isEqualTo(200);
    for (String origin : List.of("http://localhost:" + other, "http://127.0.0.1:" + other)) {
      headers.put("Origin", origin);
      HttpResponse<String> r = send("POST", serve.endpoint(), headers, modern("tools/list", ""));
      assertThat(r.statusCode()).as("Origin %s: %s", origin, r.body()).isEqualTo(403);
    }
  }

  // ---- item 6: duplicate keys ----

  @Test
  @Order(12)
  void SEC_TR_20_duplicateKeysAreAParseError() {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"method\":\"tools/list\",\"params\":{"
        + "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
        + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}";
    HttpResponse<String> r = send("POST", serve.endpoint(), modernHeaders("tools/list", null), body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(Json.parse(r.body()).path("error").path("code").asInt()).as(r.body()).isEqualTo(-32700);
  }

  // ---- item 7: resources/updated from the demo server ----

  @Test
  @Order(13)
  void SEC_RES_21_aSubscribedClientHearsOfASavedNote() {
    List<ServerNotification> seen = new CopyOnWriteArrayList<>();
    try (McpClient client = McpClient.builder().url(serve.endpoint()).protocolVersion(ProtocolVersion.V2025_11_25)
        .requestTimeout(Duration.ofSeconds(20)).connect();
        Subscription sub = client.listen(new SubscriptionFilter(null, null, null, List.of("mcpkit://demo/notes")),
            seen::add)) {
      client.callTool("save_note", Map.of("text", "hello subscribers"));
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> seen.stream()
          .anyMatch(n -> n instanceof ServerNotification.ResourceUpdated u && u.uri().equals("mcpkit://demo/notes")));
      assertThat(sub.isOpen()).isTrue();
    }
  }

  // ---- helpers ----

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String basic(String id, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((enc(id) + ":" + enc(secret))
        .getBytes(StandardCharsets.UTF_8));
  }

  /** An authorization request of the demo's public client, as a browser follows it. */
  static String authorizeUrl(UpProcess up) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("response_type", "code");
    q.put("client_id", "mcpkit-demo");
    q.put("redirect_uri", UpProcess.REDIRECT);
    q.put("code_challenge", Pkce.create().challenge());
    q.put("code_challenge_method", "S256");
    q.put("state", "attack");
    q.put("resource", up.resource);
    q.put("scope", "mcp:read");
    List<String> parts = new ArrayList<>();
    q.forEach((k, v) -> parts.add(enc(k) + "=" + enc(v)));
    return up.issuer + "/authorize?" + String.join("&", parts);
  }
}
