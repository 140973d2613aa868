package dev.mcpkit.examples.tokenexchange;

import dev.mcpkit.auth.resource.ResourceServerGuard;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonrpc.JsonRpcRequest;
import dev.mcpkit.server.Caller;
import dev.mcpkit.server.http.RequestGuard;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import tools.jackson.databind.JsonNode;

/**
 * RFC 8693 token exchange for tool handlers: an MCP server trades the caller's access token (audience: this MCP
 * server) at the authorization server for a new token whose audience is a downstream API. The downstream API never
 * sees the caller's token, and the caller's token would not work there anyway (wrong audience).
 *
 * <p>mcpkit's {@link ResourceServerGuard} deliberately keeps the bearer token out of {@link Caller}, so that no tool
 * can pass it through. Token exchange is the one legitimate use of it: as the exchange's {@code subject_token}, sent
 * only to the authorization server that issued it. This guard wraps the resource-server guard and, once that guard
 * has validated a token, attaches it to the caller as an opaque {@link SubjectToken} that prints as
 * {@code [redacted]} and that only {@link #exchange} can read.
 */
public final class TokenExchange implements RequestGuard {

  static final String GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
  static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";
  /** Where the subject token rides in {@link Caller#claims()}; not a JWT claim name. */
  static final String SUBJECT_TOKEN = "mcpkit.example/subject-token";

  private final ResourceServerGuard guard;
  private final URI tokenEndpoint;
  private final String basicAuth;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NEVER).build();

  /**
   * @param guard the resource-server guard that validates every request first
   * @param tokenEndpoint the authorization server's token endpoint
   * @param clientId this MCP server's own (confidential) client at the authorization server
   * @param clientSecret its secret
   */
  public TokenExchange(ResourceServerGuard guard, URI tokenEndpoint, String clientId, String clientSecret) {
    this.guard = guard;
    this.tokenEndpoint = tokenEndpoint;
    this.basicAuth = "Basic " + Base64.getEncoder().encodeToString((form(clientId) + ":" + form(clientSecret))
        .getBytes(StandardCharsets.UTF_8));
  }

  /** The caller's token, for {@link #exchange} only. */
  static final class SubjectToken {
    private final String value;

    private SubjectToken(String value) {
      this.value = value;
    }

    @Override
    public String toString() {
      return "[redacted]";
    }
  }

  @Override
  public Decision authenticate(Request request) {
    Decision decision = guard.authenticate(request);
    if (decision instanceof Allow(Caller c) && c != null) {
      // The guard accepted exactly one "Authorization: Bearer <token>" header.
      String header = request.getHeaders().get(HttpHeader.AUTHORIZATION).strip();
      Map<String, Object> claims = new HashMap<>(c.claims());
      claims.put(SUBJECT_TOKEN, new SubjectToken(header.substring(header.indexOf(' ') + 1).strip()));
      return Decision.allow(new Caller(c.subject(), c.clientId(), c.scopes(), claims));
    }
    return decision;
  }

  @Override
  public Decision authorize(Caller caller, JsonRpcRequest request, Set<String> requiredScopes) {
    return guard.authorize(caller, request, requiredScopes);
  }

  /**
   * Trades the caller's token for an access token for {@code resource} with {@code scope}. The new token keeps the
   * caller's {@code sub}, names this MCP server in {@code act}, and never outlives the caller's token.
   *
   * @throws ExchangeException when the authorization server refuses (its {@code error} code and description)
   */
  public String exchange(Caller caller, String resource, String scope) throws IOException, InterruptedException {
    if (!(caller.claims().get(SUBJECT_TOKEN) instanceof SubjectToken subject)) {
      throw new ExchangeException("no_subject_token", "this request was not authenticated with a bearer token");
    }
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", GRANT);
    form.put("subject_token", subject.value);
    form.put("subject_token_type", ACCESS_TOKEN);
    form.put("resource", resource);
    form.put("scope", scope);
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(tokenEndpoint).timeout(Duration.ofSeconds(10))
        .header("Authorization", basicAuth).header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
            .map(e -> form(e.getKey()) + "=" + form(e.getValue())).collect(Collectors.joining("&"))))
        .build(), HttpResponse.BodyHandlers.ofString());
    JsonNode body = response.body().isBlank() ? Json.object() : Json.parse(response.body());
    if (response.statusCode() != 200 || !body.path("access_token").isString()) {
      throw new ExchangeException(body.path("error").asString("server_error"),
          body.path("error_description").asString("HTTP " + response.statusCode()));
    }
    return body.get("access_token").asString();
  }

  /** The authorization server refused the exchange. */
  public static final class ExchangeException extends IOException {
    private final String error;

    ExchangeException(String error, String description) {
      super(error + ": " + description);
      this.error = error;
    }

    /** The OAuth error code, e.g. {@code invalid_target}. */
    public String error() {
      return error;
    }
  }

  private static String form(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
