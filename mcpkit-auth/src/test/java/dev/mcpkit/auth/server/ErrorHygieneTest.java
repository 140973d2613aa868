package dev.mcpkit.auth.server;

import static dev.mcpkit.auth.server.testing.TestAuthServer.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.auth.server.testing.TestAuthServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input always gets a clear OAuth error: never a stack trace, a class name, or a Jetty error page. */
class ErrorHygieneTest {

  static TestAuthServer t;

  @BeforeAll
  static void start() {
    t = new TestAuthServer();
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  private static void assertClean(HttpUser.Reply r, int status, String error) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("dev.mcpkit").doesNotContain("org.eclipse")
        .doesNotContain("\tat ");
    if (error != null) {
      assertThat(json(r).get("error").asString()).isEqualTo(error);
    }
  }

  @Test
  void tokenEndpointBadInputs() {
    try (HttpUser c = new HttpUser()) {
      assertClean(c.post(t.endpoint("/token"), Map.of()), 400, "invalid_request");
      assertClean(c.postRaw(t.endpoint("/token"), "application/json", "{\"grant_type\":\"x\"}", Map.of()), 400,
          "invalid_request");
      assertClean(c.postRaw(t.endpoint("/token"), "application/x-www-form-urlencoded", "grant_type=%zz", Map.of()),
          400, "invalid_request");
      assertClean(c.postRaw(t.endpoint("/token"), "application/x-www-form-urlencoded",
          "grant_type=client_credentials&grant_type=password", Map.of()), 400, "invalid_request");
      assertClean(c.post(t.endpoint("/token"), Map.of("grant_type", "client_credentials"),
          Map.of("Authorization", "Basic !!!not-base64")), 401, "invalid_client");
      assertClean(c.postRaw(t.endpoint("/token"), "application/x-www-form-urlencoded",
          "grant_type=x&pad=" + "a".repeat(70_000), Map.of()), 413, "invalid_request");
      assertClean(c.get(t.endpoint("/token")), 405, "invalid_request");
      assertClean(c.post(t.endpoint("/token"), Map.of("grant_type", "refresh_token", "refresh_token", "junk",
          "client_id", PUBLIC)), 400, "invalid_grant");
    }
  }

  @Test
  void introspectionAndRevocationBadInputs() {
    try (HttpUser c = new HttpUser()) {
      assertClean(c.post(t.endpoint("/introspect"), Map.of("token", "x")), 401, "invalid_client");
      assertClean(c.post(t.endpoint("/introspect"), Map.of("token", "x", "client_id", PUBLIC)), 401, "invalid_client");
      HttpUser.Reply junk = c.post(t.endpoint("/introspect"), Map.of("token", "eyJ.garbage.x"),
          Map.of("Authorization", basic(MCP_SERVER, SECRET)));
      assertClean(junk, 200, null);
      assertThat(json(junk).get("active").asBoolean()).isFalse();
      // Revocation of an unknown token is a 200 that reveals nothing.
      assertClean(c.post(t.endpoint("/revoke"), Map.of("token", "unknown", "client_id", PUBLIC)), 200, null);
      assertClean(c.post(t.endpoint("/revoke"), Map.of("client_id", PUBLIC)), 400, "invalid_request");
    }
  }

  /** A request the HTTP client library would refuse to send (an invalid percent-escape), over a raw socket. */
  private static String rawGet(String target) {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", t.port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void pagesAndUnknownPaths() {
    try (HttpUser c = new HttpUser()) {
      String raw = rawGet("/authorize?client_id=%zz");
      assertThat(raw).startsWith("HTTP/1.1 400").contains("text/html").contains("malformed percent-encoding")
          .doesNotContain("Exception").doesNotContain("dev.mcpkit");
      assertClean(c.get(t.endpoint("/interaction?request=nope")), 400, null);
      assertClean(c.get(t.endpoint("/federation/callback?state=nope&code=x")), 400, null);
      assertClean(c.post(t.endpoint("/consent"), Map.of()), 400, null);
      assertClean(c.get(t.endpoint("/nothing-here")), 404, "not_found");
      assertClean(c.postRaw(t.endpoint("/login"), "text/plain", "x", Map.of()), 400, null);
    }
  }
}
