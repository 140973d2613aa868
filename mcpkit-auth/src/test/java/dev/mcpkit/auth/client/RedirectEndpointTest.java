package dev.mcpkit.auth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.auth.server.testing.LoopbackJetty;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A redirect URI served by the application's own web server ({@link RedirectEndpoint}) keeps the loopback listener's
 * rules: one sign-in at a time, only the response with the waiting state (no repeated parameter) is taken, anything
 * else gets 400 and leaves the wait open, the page carries no code and the no-referrer, no-store and CSP headers.
 */
class RedirectEndpointTest {

  private Server server;
  private RedirectEndpoint endpoint;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    server = LoopbackJetty.start(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        if (!endpoint.handle(request, response, callback)) {
          response.setStatus(404);
          callback.succeeded();
        }
        return true;
      }
    });
    endpoint = RedirectEndpoint.at(URI.create("http://127.0.0.1:" + LoopbackJetty.port(server) + "/callback"));
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return http.send(HttpRequest.newBuilder(endpoint.redirectUri().resolve(pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void onlyTheWaitingSignInsResponseIsTaken() throws Exception {
    assertThat(get("/callback?code=c&state=s").statusCode()).as("nothing waits").isEqualTo(400);
    assertThat(get("/elsewhere").statusCode()).isEqualTo(404);
    try (CallbackSession session = endpoint.open()) {
      assertThat(session.redirectUri()).isEqualTo(endpoint.redirectUri());
      assertThatThrownBy(endpoint::open).as("one sign-in at a time").isInstanceOf(OAuthException.class);
      session.expect("the-state", params -> new LoopbackCallback.Verdict(true, null));
      CompletableFuture<Map<String, String>> got = CompletableFuture.supplyAsync(() -> session.await(Duration.ofSeconds(20)));
      HttpResponse<String> forged = get("/callback?code=evil&state=other");
      assertThat(forged.statusCode()).isEqualTo(400);
      assertThat(get("/callback?code=c&state=the-state&state=the-state").statusCode()).as("repeated").isEqualTo(400);
      assertThat(got).as("a forged response does not end the wait").isNotDone();
      HttpResponse<String> ok = get("/callback?code=the-code&state=the-state");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).contains("Signed in").doesNotContain("the-code");
      assertThat(ok.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
      assertThat(ok.headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(ok.headers().firstValue("Content-Security-Policy").orElseThrow()).startsWith("default-src 'none'");
      assertThat(got.get()).containsEntry("code", "the-code");
      assertThat(get("/callback?code=again&state=the-state").statusCode()).as("the wait is over").isEqualTo(400);
    }
    // closed: the next sign-in may wait here
    endpoint.open().close();
  }

  @Test
  void aResponseTheFlowRefusesEndsTheWaitWithItsReason() throws Exception {
    try (CallbackSession session = endpoint.open()) {
      session.expect("s", params -> {
        throw new OAuthException(OAuthException.Reason.INVALID_RESPONSE, "refused: <b>wrong issuer</b>");
      });
      HttpResponse<String> r = get("/callback?code=c&state=s&iss=https://evil.example");
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("&lt;b&gt;wrong issuer&lt;/b&gt;");
      assertThatThrownBy(() -> session.await(Duration.ofSeconds(20))).isInstanceOf(OAuthException.class)
          .hasMessageContaining("wrong issuer");
    }
  }

  @Test
  void onlyALoopbackHttpUriWithAPathIsAccepted() {
    for (String bad : new String[] {"https://127.0.0.1:8080/callback", "http://example.com:8080/callback",
        "http://127.0.0.1/callback", "http://127.0.0.1:8080/", "http://127.0.0.1:8080/callback?x=1",
        "http://127.0.0.1:8080/callback#f"}) {
      assertThatThrownBy(() -> RedirectEndpoint.at(URI.create(bad))).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(RedirectEndpoint.at(URI.create("http://localhost:7000/cb")).redirectUri().getPort()).isEqualTo(7000);
  }
}
