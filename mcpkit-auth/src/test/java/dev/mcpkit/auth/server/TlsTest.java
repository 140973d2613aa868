package dev.mcpkit.auth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.auth.server.testing.TestAuthServer;
import dev.mcpkit.core.testing.LoopbackPorts;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The authorization server over HTTPS, and its refusal to serve plain HTTP beyond loopback. */
class TlsTest {

  @Test
  void SEC_AS_34_endpointsAreServedOverHttpsWithHstsAndPlainHttpIsRefusedOffLoopback(@TempDir Path dir)
      throws Exception {
    Path ks = dir.resolve("as.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "as", "-keyalg", "EC", "-groupname", "secp256r1", "-keystore", ks.toString(),
        "-storetype", "PKCS12", "-storepass", "changeit", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
        "-validity", "2").redirectErrorStream(true).start();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
    int port = LoopbackPorts.free();
    try (AuthorizationServer as = AuthorizationServer.builder().issuer(URI.create("https://127.0.0.1:" + port))
        .tls(ks, "changeit").build()) {
      as.start("127.0.0.1", port);
      SslContextFactory.Client tls = new SslContextFactory.Client();
      tls.setTrustAll(true); // the test's own self-signed certificate
      ClientConnector connector = new ClientConnector();
      connector.setSslContextFactory(tls);
      HttpClient client = new HttpClient(new org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP(connector));
      client.start();
      try {
        ContentResponse r = client.GET("https://127.0.0.1:" + port + "/.well-known/oauth-authorization-server");
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getHeaders().get("Strict-Transport-Security")).startsWith("max-age=");
        JsonNode m = TestAuthServer.JSON.readTree(r.getContentAsString());
        for (String e : List.of("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")) {
          assertThat(m.get(e).asString()).startsWith("https://");
        }
        // Plain HTTP on the TLS port is not served.
        assertThatThrownBy(() -> {
          ContentResponse plain = client.GET("http://127.0.0.1:" + port + "/.well-known/oauth-authorization-server");
          assertThat(plain.getStatus()).isNotEqualTo(200);
          throw new IllegalStateException("answered " + plain.getStatus());
        }).isNotNull();
      } finally {
        client.stop();
      }
    }
    // Without TLS, only loopback binds are allowed.
    try (AuthorizationServer plain = AuthorizationServer.builder().issuer(URI.create("http://127.0.0.1:1")).build()) {
      assertThatThrownBy(() -> plain.start("0.0.0.0", 0)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("refusing to serve OAuth over plain HTTP");
    }
  }
}
