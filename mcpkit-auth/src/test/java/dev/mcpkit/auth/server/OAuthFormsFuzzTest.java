package dev.mcpkit.auth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mcpkit.auth.server.testing.TestAuthServer;
import dev.mcpkit.server.fuzz.FuzzOracle;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzzes the authorization server's parsers (FUZZING.md): the form bodies of the token,
 * introspection and revocation endpoints, the JSON of dynamic registration, the query of the
 * authorization endpoint, and their headers (client authentication), against a real server on
 * loopback. Oracle: an answer below 500 without internals, and the server still issuing tokens
 * afterwards. Seeds in {@code OAuthFormsFuzzTestInputs/forms} ({@code METHOD PATH}, header lines,
 * an empty line, the body).
 */
class OAuthFormsFuzzTest {

  private static TestAuthServer server;

  private static synchronized TestAuthServer server() {
    if (server == null) {
      FuzzOracle.allowLoopback();
      server = new TestAuthServer();
    }
    return server;
  }

  @FuzzTest
  void forms(byte[] input) {
    TestAuthServer t = server();
    FuzzOracle.check(FuzzOracle.exchange(t.port, FuzzOracle.request(input, t.port, "/token")));
  }

  @AfterAll
  static void stillServing() {
    if (server != null) {
      String basic = java.util.Base64.getEncoder().encodeToString(
          (TestAuthServer.BASIC + ":" + TestAuthServer.SECRET).getBytes(StandardCharsets.UTF_8));
      byte[] request = FuzzOracle.request(("POST /token\nAuthorization: Basic " + basic
          + "\nContent-Type: application/x-www-form-urlencoded\n\ngrant_type=client_credentials&resource="
          + java.net.URLEncoder.encode(TestAuthServer.RESOURCE, StandardCharsets.UTF_8))
          .getBytes(StandardCharsets.ISO_8859_1), server.port, "/token");
      FuzzOracle.Answer a = FuzzOracle.exchange(server.port, request);
      assertThat(a.status()).as(a.body()).isEqualTo(200);
      server.close();
      server = null;
    }
  }
}
