package dev.mcpkit.examples.tokenexchange;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mcpkit.auth.resource.JwtValidator;
import dev.mcpkit.auth.resource.TokenValidator;
import dev.mcpkit.core.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The downstream API: a small fake "reports" service on its own port. Like any OAuth resource server it accepts only
 * access tokens issued <em>for itself</em> ({@code aud} = {@link #resource()}), by the authorization server it
 * trusts, with the {@value #SCOPE} scope, and serves the reports of the token's subject.
 *
 * <pre>
 * GET /api/reports   Authorization: Bearer &lt;token for this API&gt;
 * 200 {"owner":"alice","reports":[...],"token_seen":{"sub":"alice","aud":"...","client_id":"...","act":{...}}}
 * 401 WWW-Authenticate: Bearer error="invalid_token", error_description="..."
 * </pre>
 */
public final class ReportsApi implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReportsApi.class);
  /** The scope {@code GET /api/reports} needs. */
  public static final String SCOPE = "reports:read";
  private static final Map<String, List<String>> REPORTS = Map.of(
      "alice", List.of("Q3 revenue", "Hiring plan"),
      "bob", List.of("Incident review"));

  private final HttpServer server;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final String resource;
  private final String issuer;
  private final JwtValidator validator;
  private final List<Map<String, Object>> accepted = new CopyOnWriteArrayList<>();

  /**
   * Starts the API on 127.0.0.1.
   *
   * @param port the port (0: any free one)
   * @param issuer the authorization server whose tokens it accepts (its keys at {@code <issuer>/jwks})
   */
  public ReportsApi(int port, String issuer) throws IOException {
    this.issuer = issuer;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    this.resource = "http://127.0.0.1:" + server.getAddress().getPort() + "/api";
    this.validator = JwtValidator.builder().jwks(issuer, URI.create(issuer + "/jwks")).build();
    server.createContext("/api/reports", this::reports);
    server.setExecutor(threads);
    server.start();
  }

  /** This API's resource identifier (RFC 8707): the audience its tokens must carry. */
  public String resource() {
    return resource;
  }

  /** The claims of every token this API accepted, oldest first (the tokens themselves are not kept). */
  public List<Map<String, Object>> accepted() {
    return List.copyOf(accepted);
  }

  private void reports(HttpExchange x) throws IOException {
    try (x) {
      List<String> auth = x.getRequestHeaders().getOrDefault("Authorization", List.of());
      if (!x.getRequestMethod().equals("GET")) {
        send(x, 405, json("error", "method_not_allowed"));
      } else if (auth.size() != 1 || !auth.getFirst().regionMatches(true, 0, "Bearer ", 0, 7)) {
        x.getResponseHeaders().add("WWW-Authenticate", "Bearer");
        send(x, 401, json("error", "unauthorized", "error_description", "A bearer token is required"));
      } else {
        TokenValidator.Expectations expected = new TokenValidator.Expectations(resource, Set.of(issuer),
            Clock.systemUTC(), Duration.ofSeconds(30));
        switch (validator.validate(auth.getFirst().substring(7).strip(), expected)) {
          case TokenValidator.Valid v when !v.scopes().contains(SCOPE) ->
              refuse(x, 403, "insufficient_scope", "This API needs the scope " + SCOPE);
          case TokenValidator.Valid v -> {
            accepted.add(v.claims());
            LOG.info("reports-api: accepted a token for sub={} from client_id={} acting for it: {}", v.subject(),
                v.clientId(), v.claims().get("act"));
            Map<String, Object> seen = new LinkedHashMap<>();
            for (String claim : List.of("sub", "aud", "client_id", "act", "scope")) {
              seen.put(claim, v.claims().get(claim));
            }
            send(x, 200, json("owner", v.subject(), "reports", REPORTS.getOrDefault(v.subject(), List.of()),
                "token_seen", seen));
          }
          case TokenValidator.Invalid i -> {
            LOG.info("reports-api: refused a token ({})", i.reason());
            refuse(x, 401, "invalid_token", i.description());
          }
          case TokenValidator.Unavailable u -> send(x, 503, json("error", "temporarily_unavailable"));
        }
      }
    }
  }

  private static void refuse(HttpExchange x, int status, String error, String description) throws IOException {
    x.getResponseHeaders().add("WWW-Authenticate", "Bearer error=\"" + error + "\", error_description=\""
        + description.replace("\"", "'") + "\"");
    send(x, status, json("error", error, "error_description", description));
  }

  /** A JSON object with its members in this order. */
  private static Map<String, Object> json(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  private static void send(HttpExchange x, int status, Object body) throws IOException {
    byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.getResponseHeaders().add("Cache-Control", "no-store");
    x.sendResponseHeaders(status, bytes.length);
    x.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.close();
    validator.close();
  }
}
