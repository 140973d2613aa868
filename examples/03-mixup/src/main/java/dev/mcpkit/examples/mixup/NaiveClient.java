package dev.mcpkit.examples.mixup;

import com.sun.net.httpserver.HttpServer;
import dev.mcpkit.auth.client.UserAgent;
import dev.mcpkit.core.json.Json;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * <b>!!! A DELIBERATELY NAIVE OAuth client, for this demo only. Do not copy it; it is not part of mcpkit. !!!</b>
 *
 * <p>It does what many hand-written clients do, and looks careful: protected-resource discovery, PKCE S256, a random
 * {@code state} checked on the way back, a one-shot loopback listener. What it does not do is check the RFC 9207
 * {@code iss} parameter of the authorization response, so it cannot tell which authorization server the code came
 * from: it redeems the code at the token endpoint of the server it <em>thinks</em> it is talking to. mcpkit's
 * {@code OAuthClient} records the issuer before sending the browser away and refuses a response from another one.
 */
public final class NaiveClient {

  private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  /** What the naive client ended up with: a token, from the token endpoint it chose. */
  public record Result(String accessToken, String tokenEndpoint) {}

  private NaiveClient() {}

  public static Result signIn(URI mcpServer, String clientId, UserAgent browser) throws Exception {
    // 1. The MCP server's 401 names its protected-resource metadata, which names its authorization server.
    HttpResponse<String> probe = HTTP.send(HttpRequest.newBuilder(mcpServer).POST(HttpRequest.BodyPublishers.ofString(
        "{}")).header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    Matcher m = Pattern.compile("resource_metadata=\"([^\"]+)\"").matcher(
        probe.headers().firstValue("WWW-Authenticate").orElse(""));
    if (!m.find()) {
      throw new IllegalStateException("no resource_metadata in the server's challenge");
    }
    JsonNode prm = get(URI.create(m.group(1)));
    String resource = prm.get("resource").asString();
    String issuer = prm.get("authorization_servers").get(0).asString();
    JsonNode as = get(URI.create(issuer + "/.well-known/oauth-authorization-server"));

    // 2. PKCE, state, and a one-shot listener for the redirect.
    String verifier = random();
    String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    String state = random();
    CompletableFuture<Map<String, String>> response = new CompletableFuture<>();
    HttpServer callback = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    callback.createContext("/callback", x -> {
      response.complete(parse(x.getRequestURI().getRawQuery()));
      byte[] page = "Signed in. You can close this window.".getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(200, page.length);
      x.getResponseBody().write(page);
      x.close();
    });
    callback.start();
    try {
      String redirect = "http://127.0.0.1:" + callback.getAddress().getPort() + "/callback";
      Map<String, String> q = new LinkedHashMap<>();
      q.put("response_type", "code");
      q.put("client_id", clientId);
      q.put("redirect_uri", redirect);
      q.put("code_challenge", challenge);
      q.put("code_challenge_method", "S256");
      q.put("state", state);
      q.put("scope", HonestSide.SCOPE);
      q.put("resource", resource);
      browser.open(URI.create(as.get("authorization_endpoint").asString() + "?" + form(q)), URI.create(redirect));
      Map<String, String> answer = response.get(5, TimeUnit.MINUTES);

      // 3. The state matches, so the response belongs to this sign-in...
      if (!state.equals(answer.get("state")) || answer.get("code") == null) {
        throw new IllegalStateException("bad authorization response");
      }
      // ...but WHICH authorization server issued the code? The response says so in "iss" (RFC 9207). NAIVE: not
      // checked. The code goes to the token endpoint of the server this client started with.
      String tokenEndpoint = as.get("token_endpoint").asString();
      HttpResponse<String> token = HTTP.send(HttpRequest.newBuilder(URI.create(tokenEndpoint))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "authorization_code",
              "code", answer.get("code"), "redirect_uri", redirect, "client_id", clientId, "code_verifier", verifier,
              "resource", resource)))).build(), HttpResponse.BodyHandlers.ofString());
      if (token.statusCode() != 200) {
        throw new IllegalStateException("token request failed: HTTP " + token.statusCode());
      }
      return new Result(Json.parse(token.body()).get("access_token").asString(), tokenEndpoint);
    } finally {
      callback.stop(0);
    }
  }

  private static JsonNode get(URI uri) throws Exception {
    return Json.parse(HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body());
  }

  private static String random() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static Map<String, String> parse(String query) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String pair : query == null ? new String[0] : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return m;
  }

  private static String form(Map<String, String> m) {
    return m.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
  }
}
