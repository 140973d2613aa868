package dev.mcpkit.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mcpkit.auth.resource.JwtValidator;
import dev.mcpkit.auth.resource.ResourceServerGuard;
import dev.mcpkit.core.jsonrpc.JsonRpcRequest;
import dev.mcpkit.server.Caller;
import dev.mcpkit.server.http.RequestGuard;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.server.Request;

/**
 * What the tests of the gateway's upstream credentials put around an upstream: a guard that records the headers of
 * every request the upstream receives ({@link Recorder}), the guard of an upstream that trusts one issuer
 * ({@link #guard}), and an authorization server that only publishes metadata ({@link MetadataOnly}), for the checks
 * the gateway makes when it loads a configuration.
 */
final class UpstreamAuthFixtures {

  private UpstreamAuthFixtures() {}

  /** A guard that records the headers of every request to the MCP endpoint, then asks {@code delegate} (if any). */
  static final class Recorder implements RequestGuard {
    /** One map per request: header names in lower case (repeated ones joined by a line break), and {@code :method}. */
    final List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
    private final RequestGuard delegate;

    Recorder(RequestGuard delegate) {
      this.delegate = delegate;
    }

    @Override
    public Decision authenticate(Request request) {
      Map<String, String> headers = new LinkedHashMap<>();
      request.getHeaders().forEach(f -> headers.merge(f.getName().toLowerCase(Locale.ROOT), f.getValue(),
          (a, b) -> a + "\n" + b));
      headers.put(":method", request.getMethod());
      seen.add(headers);
      return delegate == null ? Decision.allow(null) : delegate.authenticate(request);
    }

    @Override
    public Decision authorize(Caller caller, JsonRpcRequest request, Set<String> scopes) {
      return delegate == null ? Decision.allow(caller) : delegate.authorize(caller, request, scopes);
    }

    /** The {@code Authorization} header of each request, {@code null} where there was none. */
    List<String> authorizations() {
      return seen.stream().map(h -> h.get("authorization")).toList();
    }
  }

  /** The guard of an upstream at {@code url} that takes the tokens {@code issuer} signs (its JWKS at /jwks). */
  static ResourceServerGuard guard(String url, String issuer, String scope) {
    return ResourceServerGuard.builder(url).authorizationServers(issuer).scopesSupported(scope)
        .validator(JwtValidator.builder().jwks(issuer, URI.create(issuer + "/jwks")).build()).build();
  }

  /**
   * An upstream's protected-resource metadata ({@code /mcp}) naming an authorization server on the same origin whose
   * metadata offers only {@code grantTypes}: nothing else answers (no MCP, no token endpoint).
   */
  static final class MetadataOnly implements AutoCloseable {
    private final HttpServer server;
    /** {@code http://127.0.0.1:PORT}: the upstream's origin and its authorization server's issuer. */
    final String origin;

    MetadataOnly(String... grantTypes) throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      origin = "http://127.0.0.1:" + server.getAddress().getPort();
      server.createContext("/.well-known/oauth-protected-resource/mcp", x -> reply(x, "{\"resource\":\"" + origin
          + "/mcp\",\"authorization_servers\":[\"" + origin + "\"]}"));
      server.createContext("/.well-known/oauth-authorization-server", x -> reply(x, "{\"issuer\":\"" + origin
          + "\",\"token_endpoint\":\"" + origin + "/token\",\"grant_types_supported\":[\""
          + String.join("\",\"", grantTypes) + "\"]}"));
      server.start();
    }

    /** Writes {@code gateway.json} in {@code dir}: one upstream {@code up} here, {@code gateway} as its "gateway". */
    Path config(Path dir, String gateway) throws IOException {
      return Files.writeString(dir.resolve("gateway.json"), "{\"mcpServers\": {\"up\": {\"url\": \"" + origin
          + "/mcp\"}}, \"gateway\": " + gateway + "}");
    }

    @Override
    public void close() {
      server.stop(0);
    }

    private static void reply(HttpExchange x, String body) throws IOException {
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().add("Content-Type", "application/json");
      x.sendResponseHeaders(200, b.length);
      x.getResponseBody().write(b);
      x.close();
    }
  }
}
