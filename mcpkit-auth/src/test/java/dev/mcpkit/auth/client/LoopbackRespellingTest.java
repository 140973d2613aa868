package dev.mcpkit.auth.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The URL to use when the resource differs from the typed URL only in how loopback is spelled. */
class LoopbackRespellingTest {

  @Test
  void localhostAnd127AreTheSameMachineButTheResourceSpellingIsTheOneToUse() {
    assertThat(Discovery.loopbackRespelling("http://127.0.0.1:8080/mcp", URI.create("http://localhost:8080/mcp")))
        .contains("http://127.0.0.1:8080/mcp");
    assertThat(Discovery.loopbackRespelling("http://localhost:8080/mcp", URI.create("http://127.0.0.1:8080/mcp")))
        .contains("http://localhost:8080/mcp");
    assertThat(Discovery.loopbackRespelling("http://[::1]:8080/mcp", URI.create("http://localhost:8080/mcp")))
        .contains("http://[::1]:8080/mcp");
  }

  @Test
  void anyOtherDifferenceGetsNoSuggestion() {
    assertThat(Discovery.loopbackRespelling("http://127.0.0.1:8081/mcp", URI.create("http://localhost:8080/mcp"))).isEmpty();
    assertThat(Discovery.loopbackRespelling("http://127.0.0.1:8080/other", URI.create("http://localhost:8080/mcp")))
        .isEmpty();
    assertThat(Discovery.loopbackRespelling("https://127.0.0.1:8080/mcp", URI.create("http://localhost:8080/mcp")))
        .isEmpty();
    assertThat(Discovery.loopbackRespelling("http://evil.example:8080/mcp", URI.create("http://localhost:8080/mcp")))
        .isEmpty();
    assertThat(Discovery.loopbackRespelling("http://127.0.0.1:8080/mcp", URI.create("http://127.0.0.1:8080/mcp")))
        .isEmpty();
  }
}
