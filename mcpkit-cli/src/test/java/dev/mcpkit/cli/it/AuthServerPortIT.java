package dev.mcpkit.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * {@code mcpkit.jar auth-server --port 0}: the default issuer contains the port, which is bound before the issuer is
 * made from it and served on as bound; the issuer its metadata names is where it listens.
 */
class AuthServerPortIT {

  @Test
  void onPort0TheIssuerNamesThePortItListensOn() throws Exception {
    try (McpkitProcess as = McpkitProcess.startHttp("auth-server", "--port", "0");
        HttpClient http = HttpClient.newHttpClient()) {
      String origin = "http://127.0.0.1:" + as.endpoint().getPort();
      HttpResponse<String> metadata = http.send(HttpRequest.newBuilder(as.endpoint()
          .resolve("/.well-known/oauth-authorization-server")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(metadata.statusCode()).as(metadata.body()).isEqualTo(200);
      assertThat(Json.parse(metadata.body()).path("issuer").asString()).isEqualTo(origin);
      assertThat(Json.parse(metadata.body()).path("token_endpoint").asString()).isEqualTo(origin + "/token");
    }
  }
}
