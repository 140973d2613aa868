package dev.mcpkit.gateway.internal;

import dev.mcpkit.auth.client.ClientCredentials;
import dev.mcpkit.auth.client.CredentialStore;
import dev.mcpkit.auth.client.OAuthClient;
import dev.mcpkit.auth.oauth.WellKnown;
import dev.mcpkit.client.auth.AuthProvider;
import dev.mcpkit.core.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The OAuth credential strategies of an upstream, with mcpkit-auth's {@link OAuthClient} (only this class and {@link
 * TokenExchange} need mcpkit-auth): {@code client_credentials} (the gateway's own client at the upstream's
 * authorization server), {@code login} (an operator's {@code mcpkit login URL}, from the token store the CLI uses,
 * refreshed; never interactive) and {@code token_exchange} (each caller's token exchanged, RFC 8693, {@link
 * TokenExchange}). Before it is used, the upstream's protected-resource metadata (RFC 9728) and its authorization
 * server's metadata (RFC 8414) are read: a server whose {@code grant_types_supported} lacks the strategy's grant is
 * refused at load, naming the JSON path. An upstream that cannot be reached now is not refused (it is reported as
 * unavailable at start instead).
 */
final class OAuthCredentials {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NEVER).build();

  private OAuthCredentials() {}

  static AuthProvider provider(String type, JsonNode cred, String path, Path file, Function<String, String> env,
      String url) {
    Set<String> scopes = new HashSet<>();
    cred.path("scopes").forEach(s -> scopes.add(s.asString()));
    if (type.equals("token_exchange")) {
      // the exchange for each caller's session, client credentials for the gateway's own listing connection
      requireGrant(URI.create(url), TokenExchange.GRANT, type, path, file);
      requireGrant(URI.create(url), "client_credentials", type, path, file);
      String secret = Secrets.resolve(cred.path("clientSecret"), path + "/clientSecret", file, env);
      String id = cred.path("clientId").asString();
      return new TokenExchange(url, id, secret, scopes, OAuthClient.builder()
          .clientCredentials(ClientCredentials.secret(id, secret)).scopes(scopes).build());
    }
    String grant = type.equals("client_credentials") ? "client_credentials" : "authorization_code";
    requireGrant(URI.create(url), grant, type, path, file);
    if (type.equals("client_credentials")) {
      String secret = Secrets.resolve(cred.path("clientSecret"), path + "/clientSecret", file, env);
      return OAuthClient.builder().clientCredentials(ClientCredentials.secret(cred.path("clientId").asString(), secret))
          .scopes(scopes).build();
    }
    Path store = cred.has("store") ? file.toAbsolutePath().resolveSibling(cred.get("store").asString())
        : CredentialStore.defaultPath();
    return OAuthClient.builder().store(CredentialStore.file(store)).interactive(false).scopes(scopes).build();
  }

  /** Refuses a strategy the upstream's authorization server does not list the grant of. */
  private static void requireGrant(URI upstream, String grant, String type, String path, Path file) {
    JsonNode prm = fetch(WellKnown.protectedResourceCandidates(upstream));
    if (prm == null) {
      return; // down now, or no metadata: said when it is reached (401 without a way to sign in)
    }
    JsonNode servers = prm.path("authorization_servers");
    if (!servers.isArray() || servers.isEmpty()) {
      throw Secrets.invalid(file, path + "/type", "\"" + type + "\" needs an authorization server, and the"
          + " upstream's protected-resource metadata names none");
    }
    String issuer = servers.get(0).asString();
    JsonNode as = fetch(WellKnown.authorizationServerCandidates(URI.create(issuer)));
    if (as == null) {
      return;
    }
    // RFC 8414 §2: an absent grant_types_supported means ["authorization_code", "implicit"]
    List<String> grants = as.has("grant_types_supported")
        ? dev.mcpkit.auth.oauth.AuthorizationServerMetadata.strings(as.get("grant_types_supported"))
        : List.of("authorization_code", "implicit");
    if (!grants.contains(grant)) {
      throw Secrets.invalid(file, path + "/type", "the upstream's authorization server " + issuer
          + " does not support the " + grant + " grant (its grant_types_supported: " + String.join(", ", grants)
          + "), so \"" + type + "\" cannot get a token there");
    }
  }

  /** The first candidate URL's JSON document (200), or {@code null} when none answers with one. */
  static JsonNode fetch(List<URI> candidates) {
    for (URI u : candidates) {
      try {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(u).timeout(Duration.ofSeconds(5))
            .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return Json.parse(r.body());
        }
      } catch (java.io.IOException | RuntimeException e) {
        LoggerFactory.getLogger(OAuthCredentials.class).debug("{}: {}", u, e.toString());
        return null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }
}
