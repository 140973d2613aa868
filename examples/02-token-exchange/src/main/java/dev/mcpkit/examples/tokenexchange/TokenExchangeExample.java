package dev.mcpkit.examples.tokenexchange;

import dev.mcpkit.auth.resource.JwtValidator;
import dev.mcpkit.auth.resource.ResourceServerGuard;
import dev.mcpkit.auth.server.AuthorizationServer;
import dev.mcpkit.auth.server.ClientRegistration;
import dev.mcpkit.auth.server.PasswordHasher;
import dev.mcpkit.auth.server.ProtectedResource;
import dev.mcpkit.auth.server.UserAccount;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.server.Caller;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.JettyServers;
import dev.mcpkit.server.http.McpHttpServer;
import dev.mcpkit.store.Hashes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The Go workshop's module 02 ("token passthrough") done safely. Three parties on 127.0.0.1:
 *
 * <ul>
 *   <li>mcpkit's embedded <b>authorization server</b> (users alice and bob; the public client {@value #APP_CLIENT}
 *       people sign in with; the MCP server's own confidential client {@value #MCP_CLIENT}, allowed to exchange
 *       tokens for the reports API);
 *   <li>the <b>MCP server</b>, protected by {@link ResourceServerGuard}: its tool {@code list_reports} calls the
 *       reports API with a token it obtains by RFC 8693 token exchange ({@link TokenExchange}), never with the
 *       caller's token;
 *   <li>the <b>reports API</b> ({@link ReportsApi}), which accepts only tokens issued for itself.
 * </ul>
 *
 * <pre>
 * java -jar mcpkit-example-token-exchange.jar [--mcp-port N] [--as-port N] [--api-port N]   (0: a free port)
 * </pre>
 */
public final class TokenExchangeExample implements AutoCloseable {

  /** The public client people sign in with (PKCE, loopback redirects on any port). */
  public static final String APP_CLIENT = "reports-app";
  /** The MCP server's own client at the authorization server, for token exchange. */
  public static final String MCP_CLIENT = "reports-mcp";
  /** The scope every request to the MCP server needs. */
  public static final String MCP_SCOPE = "mcp:read";
  /** The environment variable that sets the demo users' password (else a random one is printed). */
  public static final String PASSWORD_ENV = "EXAMPLE_PASSWORD";

  public final String issuer;
  public final String mcpUrl;
  public final String password;
  public final ReportsApi api;
  private final AuthorizationServer as;
  private final ResourceServerGuard guard;
  private final McpHttpServer mcp;

  private TokenExchangeExample(int mcpPort, int asPort, int apiPort, String password) throws Exception {
    this.password = password;
    // The issuer and the MCP server's URL (its resource) contain their ports: both are bound first, the servers
    // built with the URLs, then served on those same sockets (a port picked with 0 is never free in between). The
    // MCP server's tool needs the token exchange, which needs the URL: it reaches it through a holder set below.
    ServerSocketChannel asChannel = JettyServers.bind("127.0.0.1", asPort);
    issuer = "http://127.0.0.1:" + asChannel.socket().getLocalPort();
    api = new ReportsApi(apiPort, issuer);
    AtomicReference<TokenExchange> exchangeRef = new AtomicReference<>();
    McpHttpServer.Builder mcpBuilder = McpHttpServer.builder(server(exchangeRef::get, api.resource())).port(mcpPort);
    mcpUrl = "http://127.0.0.1:" + mcpBuilder.bind() + "/mcp";
    String mcpSecret = random(24); // a random 192-bit secret: SHA-256 is a sufficient hash for it
    String hash = PasswordHasher.hash(password);
    as = AuthorizationServer.builder().issuer(URI.create(issuer))
        .users(List.of(new UserAccount("alice", hash, "Alice"), new UserAccount("bob", hash, "Bob")))
        // The user's token for the MCP server also carries reports:read, her consent that the MCP server may read
        // her reports: a token exchange never gives more than the subject token's scopes.
        .protectedResources(List.of(ProtectedResource.of(mcpUrl, MCP_SCOPE, ReportsApi.SCOPE),
            ProtectedResource.of(api.resource(), ReportsApi.SCOPE)))
        .clients(List.of(
            ClientRegistration.publicClient(APP_CLIENT, "Reports app", "http://127.0.0.1/callback"),
            // resource: the MCP server is this resource, so it may present tokens issued for it as subject tokens;
            // token_exchange_targets: and trade them for tokens for the reports API only, with reports:read only.
            ClientRegistration.builder(MCP_CLIENT).name("Reports MCP server").authMethod("client_secret_basic")
                .secretHash("sha256:" + Hashes.sha256(mcpSecret)).grantTypes(Set.of(TokenExchange.GRANT))
                .scopes(Set.of(ReportsApi.SCOPE)).resource(mcpUrl).exchangeTargets(Set.of(api.resource())).build()))
        .build();
    as.start(asChannel);
    guard = ResourceServerGuard.builder(mcpUrl).authorizationServers(issuer)
        .scopesSupported(MCP_SCOPE, ReportsApi.SCOPE).baseScopes(MCP_SCOPE, ReportsApi.SCOPE)
        .resourceName("Reports MCP server")
        .validator(JwtValidator.builder().jwks(issuer, URI.create(issuer + "/jwks")).build())
        .build();
    TokenExchange exchange = new TokenExchange(guard, URI.create(issuer + "/token"), MCP_CLIENT, mcpSecret);
    exchangeRef.set(exchange);
    mcp = mcpBuilder.guard(exchange).handler(guard.metadataHandler()).build().start();
  }

  /** Starts the three servers on 127.0.0.1 (a port of 0 picks a free one). */
  public static TokenExchangeExample start(int mcpPort, int asPort, int apiPort, String password) throws Exception {
    return new TokenExchangeExample(mcpPort, asPort, apiPort, password);
  }

  /** The MCP server: one tool that reads the caller's reports from the API, on the caller's behalf. */
  static McpServer server(Supplier<TokenExchange> exchange, String apiResource) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return McpServer.builder().name("reports-mcp").version("1.0.0").requireScopes(MCP_SCOPE)
        .tool(ServerTool.builder("list_reports")
            .description("Lists your reports from the reports API (called on your behalf, with its own token)")
            .handler(call -> {
              Caller caller = call.caller().orElseThrow();
              String apiToken; // not the caller's token: a new one, for the API, naming this server in "act"
              try {
                apiToken = exchange.get().exchange(caller, apiResource, ReportsApi.SCOPE);
              } catch (TokenExchange.ExchangeException e) {
                return ToolResults.error("The authorization server refused the token exchange: " + e.getMessage());
              }
              HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(apiResource + "/reports"))
                  .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + apiToken).GET().build(),
                  HttpResponse.BodyHandlers.ofString());
              if (r.statusCode() != 200) {
                return ToolResults.error("The reports API answered HTTP " + r.statusCode() + ": " + r.body());
              }
              return ToolResults.structured(Json.parse(r.body()));
            }).build())
        .build();
  }

  @Override
  public void close() {
    mcp.close();
    guard.close();
    as.close();
    api.close();
  }

  public static void main(String[] args) throws Exception {
    int[] ports = {8102, 9102, 7102}; // MCP server, authorization server, reports API
    List<String> names = List.of("--mcp-port", "--as-port", "--api-port");
    for (int i = 0; i < args.length; i += 2) {
      if (!names.contains(args[i]) || i + 1 >= args.length || !args[i + 1].matches("\\d{1,5}")) {
        System.err.println("usage: java -jar mcpkit-example-token-exchange.jar [--mcp-port N] [--as-port N] "
            + "[--api-port N]   (0: a free port)");
        System.exit(2);
      }
      ports[names.indexOf(args[i])] = Integer.parseInt(args[i + 1]);
    }
    String configured = System.getenv(PASSWORD_ENV);
    String password = configured != null && !configured.isEmpty() ? configured : random(12);
    TokenExchangeExample ex = start(ports[0], ports[1], ports[2], password);
    Runtime.getRuntime().addShutdownHook(new Thread(ex::close, "token-exchange-shutdown"));
    System.err.printf("""

        token exchange example: three servers on 127.0.0.1
          MCP server            %s  (needs a token for it with %s %s; tool list_reports)
          authorization server  %s  (users alice and bob, password %s%s)
          reports API           %s/reports  (accepts only tokens whose aud is %s)
          public client         %s  (PKCE, redirects to http://127.0.0.1:<any port>/callback)

        Ctrl-C stops.
        """, ex.mcpUrl, MCP_SCOPE, ReportsApi.SCOPE, ex.issuer, password, configured != null && !configured.isEmpty()
        ? " from " + PASSWORD_ENV : ", random; set " + PASSWORD_ENV + " to choose it", ex.api.resource(),
        ex.api.resource(), APP_CLIENT);
    ex.mcp.join();
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
