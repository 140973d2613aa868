package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.server.testing.TestTools;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link McpHttpServer.Builder#bind()}: the socket is bound before the handlers that need its port are built, and the
 * server serves on that same socket, so a port picked with 0 is never free between learning it and serving on it.
 */
class BindFirstTest {

  @Test
  @DisplayName("bind() listens at once: a request made before start waits in the backlog and is answered after it,"
      + " by a handler built with the bound port")
  void bindsBeforeTheHandlersAreBuilt() throws Exception {
    McpHttpServer.Builder b = McpHttpServer.builder(TestTools.server().build()).port(0);
    int port = b.bind();
    assertThat(port).isPositive();
    URI origin = URI.create("http://127.0.0.1:" + port);
    try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      // made before any handler exists: the connection is accepted into the bound socket's backlog
      CompletableFuture<HttpResponse<String>> early = client.sendAsync(
          HttpRequest.newBuilder(origin.resolve("/origin")).build(), HttpResponse.BodyHandlers.ofString());
      try (McpHttpServer http = b.handler(new OriginHandler(origin.toString())).build()) {
        assertThat(early).isNotDone(); // nothing serves yet
        http.start();
        HttpResponse<String> answer = early.get(10, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(origin.toString()); // the URL made from the bound port is where it listens
        assertThat(http.port()).isEqualTo(port);
        assertThat(http.endpoint().getPort()).isEqualTo(port);
      }
    }
  }

  @Test
  @DisplayName("a bound builder's host and port cannot change, and it binds once")
  void hostAndPortAreFixedOnceBound() throws Exception {
    McpHttpServer.Builder b = McpHttpServer.builder(TestTools.server().build()).port(0);
    int port = b.bind();
    try {
      assertThatThrownBy(() -> b.port(8080)).isInstanceOf(IllegalStateException.class)
          .hasMessage("already bound to port " + port);
      assertThatThrownBy(() -> b.host("127.0.0.2")).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(b::bind).isInstanceOf(IllegalStateException.class);
    } finally {
      b.build().close();
    }
  }

  @Test
  @DisplayName("a server built from a bound builder and never started releases the port on close")
  void neverStartedReleasesThePort() throws Exception {
    McpHttpServer.Builder b = McpHttpServer.builder(TestTools.server().build()).port(0);
    int port = b.bind();
    McpHttpServer http = b.build();
    // while held, the port cannot be bound again
    assertThatThrownBy(() -> JettyServers.bind("127.0.0.1", port).close()).isInstanceOf(BindException.class);
    http.close();
    try (ServerSocketChannel again = JettyServers.bind("127.0.0.1", port)) {
      assertThat(again.socket().getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  @DisplayName("binding a taken port fails at bind(), with a BindException")
  void takenPortFailsAtBind() throws Exception {
    try (ServerSocketChannel taken = JettyServers.bind("127.0.0.1", 0)) {
      McpHttpServer.Builder b = McpHttpServer.builder(TestTools.server().build()).port(taken.socket().getLocalPort());
      assertThatThrownBy(b::bind).isInstanceOf(BindException.class);
    }
  }

  /** Answers {@code /origin} with the origin it was built with. */
  private static final class OriginHandler extends Handler.Abstract.NonBlocking {
    private final String origin;

    OriginHandler(String origin) {
      this.origin = origin;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      if (!"/origin".equals(Request.getPathInContext(request))) {
        return false;
      }
      response.setStatus(200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
      response.write(true, java.nio.ByteBuffer.wrap(origin.getBytes(StandardCharsets.UTF_8)), callback);
      return true;
    }
  }
}
