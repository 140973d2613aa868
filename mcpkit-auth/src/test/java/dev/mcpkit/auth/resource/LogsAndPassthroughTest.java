package dev.mcpkit.auth.resource;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.JWSAlgorithm;
import dev.mcpkit.auth.server.testing.DocServer;
import dev.mcpkit.core.testing.LoopbackPorts;
import dev.mcpkit.server.Caller;
import java.net.URI;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What the guard writes to logs and sends over the network: security events with reason codes and never token
 * material, and no outbound request that carries a caller's token anywhere but to the introspection endpoint.
 */
class LogsAndPassthroughTest {

  /** Captures every log event (dev.mcpkit at TRACE) while {@code body} runs. */
  private static List<ILoggingEvent> logged(Runnable body) {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger mcpkit = (Logger) LoggerFactory.getLogger("dev.mcpkit");
    Level before = mcpkit.getLevel();
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    mcpkit.setLevel(Level.TRACE);
    try {
      body.run();
    } finally {
      root.detachAppender(logs);
      mcpkit.setLevel(before);
    }
    return new ArrayList<>(logs.list);
  }

  private static String line(ILoggingEvent e) {
    return e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage());
  }

  @Test
  @DisplayName("SEC-RS-14 SEC-AUD-03 no token material in any log line after the SEC-RS scenarios")
  void SEC_RS_14_noTokenIsLogged() {
    List<String> tokens = new ArrayList<>();
    List<ILoggingEvent> events = logged(() -> {
      try (MintedTokens m = new MintedTokens(); ProtectedMcp p = new ProtectedMcp()) {
        tokens.add(m.es256(c -> c.expirationTime(Date.from(m.clock.instant().minusSeconds(120)))));
        tokens.add(m.es256(c -> c.audience("https://elsewhere.test/mcp")));
        tokens.add(m.es256(c -> c.issuer("https://evil.test")));
        tokens.add(m.sign(JWSAlgorithm.ES256, MintedTokens.ecKey("nope"), h -> {}, c -> {}));
        tokens.add(m.unsecured());
        tokens.add("garbage-token-value-12345");
        tokens.add(m.es256(c -> {}));
        tokens.forEach(m::call);
        String read = p.token("mcp:read");
        tokens.add(read);
        p.client(read).call(1, "write", null).send();          // insufficient scope
        p.client(read).call(2, "whoami", null).send();         // allowed
        String other = p.otherToken("mcp:read");
        tokens.add(other);
        var session = p.client(read).initialize("2025-11-25");
        p.client(other).post().header("Mcp-Session-Id", session.id()).body("{\"jsonrpc\":\"2.0\",\"id\":3,"
            + "\"method\":\"tools/list\"}").send();               // another caller's session
      }
    });
    assertThat(events).isNotEmpty();
    for (ILoggingEvent e : events) {
      String line = line(e);
      for (String t : tokens) {
        assertThat(line).doesNotContain(t);
        String[] parts = t.split("\\.");
        assertThat(line).doesNotContain(parts[parts.length - 1].isEmpty() ? parts[0] : parts[parts.length - 1]);
      }
    }
  }

  @Test
  @DisplayName("SEC-AUD-02 SEC-AUD-04 refusals are security events with reason codes; scope step-ups name the scopes")
  void SEC_AUD_02_securityEvents() {
    List<String> security = logged(() -> {
      try (MintedTokens m = new MintedTokens(); ProtectedMcp p = new ProtectedMcp()) {
        m.call(m.es256(c -> c.expirationTime(Date.from(m.clock.instant().minusSeconds(120)))));
        m.call(m.es256(c -> c.audience("https://elsewhere.test/mcp")));
        p.client(p.token("mcp:read")).call(1, "share", null).send();
      }
      int closed = LoopbackPorts.free();
      try (MintedTokens m = new MintedTokens(); ResourceServerGuard g = ResourceServerGuard.builder(m.resource)
          .authorizationServers(MintedTokens.ISSUER).validator(JwtValidator.builder().jwks(MintedTokens.ISSUER,
              URI.create("http://127.0.0.1:" + closed + "/jwks")).build()).build()) {
        FakeRequests.authenticate(g, m.es256(c -> {}));
      }
    }).stream().filter(e -> e.getLoggerName().equals("dev.mcpkit.auth.security")).map(LogsAndPassthroughTest::line)
        .toList();
    assertThat(security).anyMatch(l -> l.startsWith("event=token_rejected reason=expired addr=127.0.0.1"));
    assertThat(security).anyMatch(l -> l.startsWith("event=token_rejected reason=audience"));
    assertThat(security).anyMatch(l -> l.equals("event=insufficient_scope sub=basic-client client_id=basic-client "
        + "method=tools/call name=share required=mcp:read_mcp:write_mcp:share missing=mcp:write_mcp:share"));
    assertThat(security).anyMatch(l -> l.startsWith("event=token_unverifiable reason=the_authorization_server's_keys"));
  }

  @Test
  @DisplayName("SEC-PE-05 the guard never forwards the caller's token: key fetches carry no credentials")
  void SEC_PE_05_noTokenPassthrough() {
    try (MintedTokens m = new MintedTokens()) {
      String token = m.es256(c -> {});
      assertThat(m.call(token).status()).isEqualTo(200);
      m.call(m.sign(JWSAlgorithm.ES256, MintedTokens.ecKey("unknown"), h -> {}, c -> {}));
      assertThat(m.jwks.requests()).isNotEmpty().allSatisfy(seen -> {
        assertThat(seen.method()).isEqualTo("GET");
        assertThat(seen.authorization()).isNull();
        assertThat(seen.target() + seen.body()).doesNotContain(token);
      });
    }
  }

  @Test
  @DisplayName("SEC-PE-05 a handler has the caller, never the token, so it cannot pass it on")
  void SEC_PE_05_handlersNeverHoldTheToken() {
    try (ProtectedMcp p = new ProtectedMcp()) {
      String token = p.token("mcp:read");
      p.client(token).call(1, "whoami", null).send();
      Caller c = p.callers.getFirst();
      String everything = c.subject() + c.clientId() + c.scopes() + c.claims();
      assertThat(everything).doesNotContain(token).doesNotContain(token.split("\\.")[2])
          .doesNotContain(token.split("\\.")[1]);
    }
  }

  @Test
  void theIntrospectionRequestGoesOnlyToTheConfiguredEndpoint() throws Exception {
    try (DocServer endpoint = new DocServer(); MintedTokens m = new MintedTokens()) {
      endpoint.put("/introspect", DocServer.Doc.json("{\"active\":false}"));
      try (ResourceServerGuard g = ResourceServerGuard.builder(m.resource).authorizationServers(MintedTokens.ISSUER)
          .validator(IntrospectionValidator.builder(URI.create(endpoint.url("/introspect")), "rs", "pw").build())
          .build()) {
        String token = m.es256(c -> {});
        assertThat(FakeRequests.authenticate(g, token)).isEqualTo(401);
        assertThat(endpoint.requests()).hasSize(1);
        DocServer.Seen seen = endpoint.requests().getFirst();
        assertThat(seen.authorization()).startsWith("Basic ").doesNotContain(token);
        assertThat(m.jwks.totalHits()).as("introspection mode fetches no keys").isZero();
      }
    }
  }
}
