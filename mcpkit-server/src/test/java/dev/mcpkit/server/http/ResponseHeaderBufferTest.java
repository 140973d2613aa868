package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/**
 * A connection writes a response's head into {@link JettyServers#RESPONSE_HEADER_SIZE} bytes first (small, as each
 * response gets a fresh buffer): a head larger than that is still sent whole, up to {@link
 * JettyServers#MAX_RESPONSE_HEADER_SIZE}; beyond it the response fails, as with Jetty's defaults.
 */
class ResponseHeaderBufferTest {

  @Test
  void headsLargerThanTheFirstHeaderBufferAreSentWhole() throws Exception {
    Server server = JettyServers.newServer("head-test");
    ServerConnector connector = new ServerConnector(server, JettyServers.http(new HttpConfiguration()));
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract.NonBlocking() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        int pad = Integer.parseInt(request.getHttpURI().getQuery().substring("pad=".length()));
        response.getHeaders().put("X-Pad", "p".repeat(pad));
        response.write(true, ByteBuffer.wrap("ok".getBytes(StandardCharsets.UTF_8)), callback);
        return true;
      }
    });
    server.start();
    try (HttpClient client = HttpClient.newHttpClient()) {
      String base = "http://127.0.0.1:" + connector.getLocalPort() + "/?pad=";
      for (int pad : new int[] {10, JettyServers.RESPONSE_HEADER_SIZE * 3}) {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + pad)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Pad")).hasValue("p".repeat(pad));
        assertThat(r.body()).isEqualTo("ok");
      }
      HttpResponse<String> tooLarge = client.send(
          HttpRequest.newBuilder(URI.create(base + (JettyServers.MAX_RESPONSE_HEADER_SIZE + 100))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(tooLarge.statusCode()).isEqualTo(500);
      assertThat(tooLarge.headers().firstValue("X-Pad")).isEmpty();
    } finally {
      server.stop();
    }
  }
}
