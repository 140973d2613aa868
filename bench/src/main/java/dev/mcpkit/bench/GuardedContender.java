package dev.mcpkit.bench;

import dev.mcpkit.auth.resource.JwtValidator;
import dev.mcpkit.auth.resource.ResourceServerGuard;
import dev.mcpkit.auth.server.AuthorizationServer;
import dev.mcpkit.auth.server.ClientRegistration;
import dev.mcpkit.auth.server.ProtectedResource;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.server.http.HttpOptions;
import dev.mcpkit.server.http.McpHttpServer;
import dev.mcpkit.store.Hashes;
import dev.mcpkit.store.Stores;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Workload (f): the mcpkit contender behind the resource-server guard, as {@code mcpkit up} runs it:
 * the embedded authorization server on the same origin issues an RFC 9068 JWT by client
 * credentials, and every {@code tools/call} is validated (signature against the cached JWKS,
 * {@code typ}, {@code iss}, {@code aud}, times, scopes). Prints {@code TOKEN <jwt>} before {@code
 * READY <port>} so that the load generator can send it.
 *
 * <p>Workload (h) runs it as one of several instances behind HAProxy, set by the environment: {@code BENCH_STORE}
 * (a {@code redis://} URL: the authorization server's state there, and every call checked against it for revocation,
 * as {@code mcpkit up --store} does), {@code BENCH_PUBLIC_URL} (the balancer's origin: issuer and resource),
 * {@code BENCH_SECRET} (the service client's secret, the same on every instance) and {@code BENCH_INSTANCE} (the
 * {@code Mcpkit-Instance} header). With a store it also runs in cluster mode on that Redis ({@link ClusterSetup}).
 */
final class GuardedContender {

  private GuardedContender() {}

  static void serve(int port, HttpOptions options) throws Exception {
    // with a shared store in cluster mode too, as mcpkit up --store runs it
    ClusterSetup cluster = ClusterSetup.fromEnv();
    McpHttpServer.Builder hb = cluster.readiness(McpHttpServer.builder(cluster.server(Contenders::mcpkitBuilder))
        .port(port));
    // bound before the issuer and the resource are made from its port, and served on as bound (as mcpkit up does)
    int bound = hb.bind();
    String local = "http://127.0.0.1:" + bound;
    String publicUrl = System.getenv("BENCH_PUBLIC_URL");
    String origin = publicUrl != null ? publicUrl : local;
    String resource = origin + "/mcp";
    String issuer = origin + "/auth";
    String storeSpec = System.getenv("BENCH_STORE");
    String secret = System.getenv().getOrDefault("BENCH_SECRET", "bench-secret-" + System.nanoTime());
    String instance = System.getenv("BENCH_INSTANCE");
    if (instance != null) {
      options = options.toBuilder().instanceName(instance).build();
    }
    dev.mcpkit.store.Store store = Stores.open(storeSpec == null ? "memory" : storeSpec);
    AuthorizationServer as = AuthorizationServer.builder().issuer(URI.create(issuer)).store(store)
        .accessTokenTtl(Duration.ofHours(2)) // the whole run uses one token
        .clients(List.of(ClientRegistration.serviceClient("bench", "bench", "sha256:" + Hashes.sha256(secret),
            "mcp:read")))
        .protectedResources(List.of(new ProtectedResource(resource, List.of("mcp:read"), List.of("mcp:read"))))
        .build();
    ResourceServerGuard guard = ResourceServerGuard.builder(resource).authorizationServers(issuer)
        .scopesSupported("mcp:read").baseScopes("mcp:read")
        .validator(storeSpec == null ? JwtValidator.builder().jwks(issuer, URI.create(issuer + "/jwks")).build()
            // as mcpkit up runs it with a shared store: keys from this instance, every token checked for revocation
            : JwtValidator.builder().jwks(issuer, URI.create(local + "/auth/jwks")).revocations(as.revocations())
                .build())
        .build();
    hb.options(cluster.options(options)).guard(guard);
    if (publicUrl != null) {
      hb.allowHosts(URI.create(publicUrl).getHost(), URI.create(publicUrl).getRawAuthority());
    }
    McpHttpServer http = hb
        .handler(guard.metadataHandler()).handler(as.handler()).build().start();
    String form = "grant_type=client_credentials&scope=mcp%3Aread&resource=" + URLEncoder.encode(resource, StandardCharsets.UTF_8);
    // from this instance itself: the balancer may not be up yet
    HttpResponse<String> token = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(local + "/auth/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("bench:" + secret).getBytes(StandardCharsets.UTF_8)))
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    if (token.statusCode() != 200) {
      throw new IllegalStateException("no token from the embedded authorization server: " + token.body());
    }
    System.err.println("TOKEN " + Json.parse(token.body()).path("access_token").asString());
    Contenders.ready(http.port());
    http.join();
  }
}
