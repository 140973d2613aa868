package dev.mcpkit.auth.server;

import static dev.mcpkit.auth.server.testing.TestAuthServer.*;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.auth.server.testing.Pkce;
import dev.mcpkit.auth.server.testing.TestAuthServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * SEC-AUD-02 and SEC-AUD-03 for the authorization server: security events are logged with reason codes, and no
 * password, code, token, secret or verifier appears in any log line.
 */
class LogRedactionTest {

  @Test
  void SEC_AUD_03_aWholeFlowLogsNoSecretAtAnyLevel() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger mcpkit = (Logger) LoggerFactory.getLogger("dev.mcpkit");
    Level before = mcpkit.getLevel();
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    mcpkit.setLevel(Level.TRACE);
    try (TestAuthServer t = new TestAuthServer(); HttpUser u = new HttpUser(); HttpUser c = new HttpUser()) {
      Pkce pkce = Pkce.create();
      String code = t.code(u, pkce);
      JsonNode tokens = json(t.redeem(c, code, pkce));
      c.post(t.endpoint("/token"), Map.of("grant_type", "client_credentials", "resource", RESOURCE),
          Map.of("Authorization", basic(BASIC, "wrong-secret-value")));
      c.post(t.endpoint("/revoke"), Map.of("token", tokens.get("refresh_token").asString(), "client_id", PUBLIC));
      // An endpoint failure that is logged (a bad request body) must not log the body either.
      c.postRaw(t.endpoint("/register"), "application/json", "{\"application_type\":\"native\",\"redirect_uris\":"
          + "[\"http://127.0.0.1/cb\"],\"client_name\":" + "\"" + ALICE_PASSWORD + "\"", Map.of());
      List<String> secrets = List.of(ALICE_PASSWORD, code, pkce.verifier(), tokens.get("access_token").asString(),
          tokens.get("refresh_token").asString(), SECRET, "wrong-secret-value");
      for (ILoggingEvent e : logs.list) {
        String line = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage());
        for (String s : secrets) {
          assertThat(line).doesNotContain(s);
        }
      }
    } finally {
      root.detachAppender(logs);
      mcpkit.setLevel(before);
    }
  }

  @Test
  void SEC_AUD_02_securityEventsAreLoggedWithReasonCodes() {
    Logger security = (Logger) LoggerFactory.getLogger("dev.mcpkit.auth.security");
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    security.addAppender(logs);
    try (TestAuthServer t = new TestAuthServer(b -> b.dynamicRegistration(true, 1).loginFailuresPerWindow(1));
        HttpUser u = new HttpUser(); HttpUser c = new HttpUser()) {
      Pkce pkce = Pkce.create();
      String code = t.code(u, pkce);
      String rt = json(t.redeem(c, code, pkce)).get("refresh_token").asString();
      t.redeem(c, code, pkce);                                                     // code replay
      Pkce p2 = Pkce.create();
      String rt2 = json(t.redeem(c, t.code(u, p2), p2)).get("refresh_token").asString();
      c.post(t.endpoint("/token"), Map.of("grant_type", "refresh_token", "refresh_token", rt2, "client_id", PUBLIC));
      c.post(t.endpoint("/token"), Map.of("grant_type", "refresh_token", "refresh_token", rt2, "client_id", PUBLIC));
      c.post(t.endpoint("/token"), Map.of("grant_type", "client_credentials"),
          Map.of("Authorization", basic(BASIC, "nope")));                          // bad client secret
      for (int i = 0; i < 2; i++) {                                                // registration rate limit
        c.postRaw(t.endpoint("/register"), "application/json", "{\"application_type\":\"native\","
            + "\"redirect_uris\":[\"http://127.0.0.1/cb\"]}", Map.of());
      }
      try (HttpUser other = new HttpUser()) {                                      // failed login, then lockout
        HttpUser.Reply page = other.get(t.authorizeUrl(Pkce.create(), Map.of()));
        t.logIn(other, page, ALICE, "nope");
        t.logIn(other, page, ALICE, "nope");
        other.submit(t.endpoint("/consent"), Map.of("request", page.hidden("request"), "csrf", "forged"));
      }
      u.get(t.authorizeUrl(Pkce.create(), Map.of("client_id", "https://127.0.0.1/c.json")));  // SSRF
      List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      for (String event : List.of("code_replayed", "refresh_token_reused", "client_auth_failed",
          "registration_rate_limited", "login_failed", "login_rate_limited", "csrf_rejected", "ssrf_blocked")) {
        assertThat(lines).as(event).anyMatch(l -> l.startsWith("event=" + event + " "));
      }
      assertThat(lines).noneMatch(l -> l.contains(rt) || l.contains(rt2) || l.contains(code) || l.contains("nope "));
    } finally {
      security.detachAppender(logs);
    }
  }
}
