package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonrpc.ErrorCodes;
import dev.mcpkit.core.jsonrpc.JsonRpcError;
import dev.mcpkit.core.jsonrpc.JsonRpcErrorResponse;
import dev.mcpkit.core.jsonrpc.RequestId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The one error writer: status, JSON-RPC code, id and challenge headers on the wire, OAuth bodies, and the scrubbing
 * every message passes (class names, stack traces, control characters, length).
 */
class ErrorWriterTest {

  private static Server server;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  /** Each path writes one kind of rejection, as the transports and mcpkit-auth do. */
  @BeforeAll
  static void start() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        switch (Request.getPathInContext(request)) {
          case "/deny" -> {
            ErrorWriter.deny(response, new RequestGuard.Deny(403,
                Map.of("WWW-Authenticate", "Bearer error=\"insufficient_scope\""), "Forbidden: needs mcp:write"),
                RequestId.of(7));
            callback.succeeded();
          }
          case "/limit" -> {
            ErrorWriter.reject(response, 429, RequestId.of("r-1"), ErrorCodes.INVALID_REQUEST, "Too many streams",
                Map.of("Retry-After", "15"));
            callback.succeeded();
          }
          case "/method" -> {
            ErrorWriter.reject(response, 405, null, ErrorCodes.INVALID_REQUEST, "Method not allowed: use POST",
                Map.of("Allow", "POST"));
            callback.succeeded();
          }
          case "/leak" -> {
            ErrorWriter.reject(response, 400, "Bad request: java.lang.IllegalStateException: secret\n\tat x.Y.z(Y.java:1)");
            callback.succeeded();
          }
          case "/oauth" -> ErrorWriter.oauth(response, callback, 401, "invalid_client",
              "client \"x\" unknown \u00e9\n", Map.of("WWW-Authenticate", "Basic realm=\"mcpkit\""));
          default -> ErrorWriter.notFound(response, callback);
        }
        return true;
      }
    });
    server.start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aGuardsRefusalCarriesItsStatusChallengeAndTheRequestsId() throws Exception {
    HttpResponse<String> r = get("/deny");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"insufficient_scope\"");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode body = Json.parse(r.body());
    assertThat(body.path("jsonrpc").asString()).isEqualTo("2.0");
    assertThat(body.path("id").asInt()).isEqualTo(7);
    assertThat(body.path("error").path("code").asInt()).isEqualTo(-32600);
    assertThat(body.path("error").path("message").asString()).isEqualTo("Forbidden: needs mcp:write");
  }

  @Test
  void retryAfterAndAllowAreSentWithTheError() throws Exception {
    HttpResponse<String> limit = get("/limit");
    assertThat(limit.statusCode()).isEqualTo(429);
    assertThat(limit.headers().firstValue("Retry-After")).hasValue("15");
    assertThat(Json.parse(limit.body()).path("id").asString()).isEqualTo("r-1");
    HttpResponse<String> method = get("/method");
    assertThat(method.statusCode()).isEqualTo(405);
    assertThat(method.headers().firstValue("Allow")).hasValue("POST");
    assertThat(Json.parse(method.body()).path("id").isNull()).isTrue();
  }

  @Test
  void aMessageThatNamesInternalsIsCutBeforeThem() throws Exception {
    HttpResponse<String> r = get("/leak");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(Json.parse(r.body()).path("error").path("message").asString()).isEqualTo("Bad request");
    assertThat(r.body()).doesNotContain("java.", "Exception", "secret", "Y.java");
  }

  @Test
  void oauthErrorsAreJsonFromTheSameWriterNotCachedAndInTheAllowedCharacters() throws Exception {
    HttpResponse<String> r = get("/oauth");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"mcpkit\"");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode body = Json.parse(r.body());
    assertThat(body.path("error").asString()).isEqualTo("invalid_client");
    // RFC 6749 §5.2: %x20-21 / %x23-5B / %x5D-7E
    assertThat(body.path("error_description").asString()).isEqualTo("client 'x' unknown ?");
  }

  @Test
  void aPathNothingServesIsAJson404() throws Exception {
    HttpResponse<String> r = get("/other");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(Json.parse(r.body()).path("error").asString()).isEqualTo("not_found");
  }

  @Test
  void jsonRpcErrorsKeepCodeIdAndData() {
    JsonRpcErrorResponse e = ErrorWriter.response(RequestId.of(3),
        new JsonRpcError(-32002, "Resource not found: x://y", Json.object().put("uri", "x://y")));
    assertThat(e.id()).isEqualTo(RequestId.of(3));
    assertThat(e.error().code()).isEqualTo(-32002);
    assertThat(e.error().message()).isEqualTo("Resource not found: x://y");
    assertThat(e.error().data().path("uri").asString()).isEqualTo("x://y");
  }

  @Test
  void javaClassNamesAndStackTracesAreNeverSent() {
    assertThat(ErrorWriter.response(RequestId.of(1), ErrorCodes.INVALID_PARAMS,
        "Unknown tool: java.lang.Runtime").error().message()).isEqualTo("Unknown tool");
    assertThat(ErrorWriter.response(null, ErrorCodes.INTERNAL_ERROR, "NullPointerException").error().message())
        .isEqualTo("Internal error");
    assertThat(ErrorWriter.scrub("it failed\n\tat dev.mcpkit.server.internal.Handlers.call(Handlers.java:42)\n"
        + "\tat java.base/java.lang.Thread.run(Thread.java:1583)")).isEqualTo("it failed");
    assertThat(ErrorWriter.scrub("Read failed: tools.jackson.core.exc.StreamReadException: Unexpected end"))
        .isEqualTo("Read failed");
    assertThat(ErrorWriter.scrub("Bad Request: org.eclipse.jetty.http.BadMessageException: 400"))
        .isEqualTo("Bad Request");
    assertThat(ErrorWriter.scrub("Caused by: something")).isEqualTo("Request refused");
    // ordinary messages pass unchanged
    assertThat(ErrorWriter.scrub("Invalid params for tools/call: \"name\" must be a string (at /params/name)"))
        .isEqualTo("Invalid params for tools/call: \"name\" must be a string (at /params/name)");
    assertThat(ErrorWriter.scrub("The client answered elicitation/create with an error: closed"))
        .isEqualTo("The client answered elicitation/create with an error: closed");
  }

  @Test
  void controlAndInvisibleCharactersBecomeOneSpace() {
    String scrubbed = ErrorWriter.scrub("a\u0000b\r\n\u001b[31mc\u202ed\u2028e\u200bf\uDB40\uDC41g\u0085h\u007fi");
    assertThat(scrubbed).isEqualTo("a b [31mc d e f g h i");
    assertThat(scrubbed.codePoints()).allMatch(cp -> cp >= 0x20 && cp != 0x7f);
    assertThat(ErrorWriter.scrub("lone \uD800 surrogate")).isEqualTo("lone \uFFFD surrogate");
    assertThat(ErrorWriter.scrub("  \n\t ")).isEqualTo("Request refused");
    assertThat(ErrorWriter.scrub(null)).isEqualTo("Request refused");
  }

  @Test
  void aTenKilobyteMessageIsCutToTheBound() {
    String scrubbed = ErrorWriter.scrub("Invalid params: " + "x".repeat(10 * 1024));
    assertThat(scrubbed).hasSize(ErrorWriter.MAX_MESSAGE + 3).startsWith("Invalid params: xxx").endsWith("...");
    // never half a surrogate pair at the cut
    String emoji = ErrorWriter.scrub("y" + "\uD83D\uDE00".repeat(2000));
    assertThat(emoji).endsWith("...");
    assertThat(emoji.chars().filter(c -> Character.isSurrogate((char) c)).count() % 2).isZero();
    assertThat(ErrorWriter.scrub("short")).isEqualTo("short");
  }
}
