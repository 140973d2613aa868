package dev.mcpkit.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.client.McpProtocolException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HTTP+SSE {@code endpoint} event must keep the client's messages on the stream's origin. */
class LegacyEndpointTest {

  private final LegacySseTransport t = new LegacySseTransport(URI.create("http://127.0.0.1:8080/sse"),
      HttpTransportOptions.builder()
          .httpClient(new org.eclipse.jetty.client.HttpClient())
          .headers(Map.of())
          .connectTimeout(Duration.ofSeconds(1))
          .maxMessageBytes(1 << 20).build());

  @Test
  void relativeAndSameOriginEndpointsAreAccepted() {
    assertThat(t.resolveEndpoint("/messages?sessionId=abc")).isEqualTo(URI.create("http://127.0.0.1:8080/messages?sessionId=abc"));
    assertThat(t.resolveEndpoint("http://127.0.0.1:8080/m")).isEqualTo(URI.create("http://127.0.0.1:8080/m"));
  }

  @Test
  void otherOriginsAreRefused() {
    for (String bad : new String[] {"https://attacker.test/messages", "http://127.0.0.1:9999/messages",
        "http://user@127.0.0.1:8080/messages", "//attacker.test/m", "https://127.0.0.1:8080/messages", "/messages/../admin"}) {
      assertThatThrownBy(() -> t.resolveEndpoint(bad)).as(bad).isInstanceOf(McpProtocolException.class)
          .hasMessageContaining("not a plain path on the stream's origin");
    }
  }
}
