package dev.mcpkit.auth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.auth.server.testing.TestAuthServer;
import dev.mcpkit.server.http.JettyServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link AuthorizationServer#start(ServerSocketChannel)}: an issuer that contains a port picked by binding port 0,
 * served on the socket bound for it, so the port is never free between picking it and serving on it.
 */
class BoundStartTest {

  @Test
  @DisplayName("started on a socket bound first, it serves there, under the issuer made from that socket's port")
  void servesOnTheSocketItsIssuerNames() throws Exception {
    ServerSocketChannel channel = JettyServers.bind("127.0.0.1", 0);
    int port = channel.socket().getLocalPort();
    URI issuer = URI.create("http://127.0.0.1:" + port);
    try (AuthorizationServer as = AuthorizationServer.builder().issuer(issuer).build();
        HttpClient client = HttpClient.newHttpClient()) {
      assertThat(as.start(channel)).isEqualTo(port);
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(issuer.resolve("/.well-known/oauth-authorization-server"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(TestAuthServer.JSON.readTree(r.body()).get("issuer").asString()).isEqualTo(issuer.toString());
    }
    assertThat(channel.isOpen()).isFalse(); // the server owned it, and closed it
  }

  @Test
  @DisplayName("plain HTTP on a socket bound beyond loopback is refused, as with start(host, port)")
  void plainHttpOffLoopbackIsRefused() throws Exception {
    try (ServerSocketChannel channel = JettyServers.bind("0.0.0.0", 0);
        AuthorizationServer plain = AuthorizationServer.builder().issuer(URI.create("http://127.0.0.1:1")).build()) {
      assertThatThrownBy(() -> plain.start(channel)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("refusing to serve OAuth over plain HTTP");
    }
  }
}
