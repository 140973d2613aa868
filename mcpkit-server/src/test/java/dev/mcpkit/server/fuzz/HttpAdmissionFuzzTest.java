package dev.mcpkit.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.TestTools;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzzes HTTP request admission (FUZZING.md): mutated methods, paths and header sets (Host, Origin,
 * Accept, Content-Type, the MCP headers, CORS preflights, session ids) with a body, sent to a real
 * {@link dev.mcpkit.server.http.McpHttpServer} on loopback (Streamable HTTP and legacy endpoints).
 * Oracle: an answer below 500 without internals, and the server still serving afterwards. Seeds
 * in {@code HttpAdmissionFuzzTestInputs/admission}: {@code METHOD PATH}, header lines, an empty line,
 * the body.
 */
class HttpAdmissionFuzzTest {

  private static HttpFixture server;

  private static synchronized HttpFixture server() {
    if (server == null) {
      FuzzOracle.allowLoopback();
      server = HttpFixture.start(TestTools.server().build());
    }
    return server;
  }

  @FuzzTest
  void admission(byte[] input) {
    HttpFixture f = server();
    FuzzOracle.check(FuzzOracle.exchange(f.port(), FuzzOracle.request(input, f.port(), "/mcp")));
  }

  @AfterAll
  static void stillServing() {
    if (server != null) {
      assertThat(server.client.modern(1, "tools/list", null).send().status()).isEqualTo(200);
      server.close();
      server = null;
    }
  }
}
