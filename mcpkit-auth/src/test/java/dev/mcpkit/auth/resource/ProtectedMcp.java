package dev.mcpkit.auth.resource;

import static dev.mcpkit.auth.server.testing.TestAuthServer.BASIC;
import static dev.mcpkit.auth.server.testing.TestAuthServer.POST;
import static dev.mcpkit.auth.server.testing.TestAuthServer.SECRET;

import dev.mcpkit.auth.server.ProtectedResource;
import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.auth.server.testing.Pkce;
import dev.mcpkit.auth.server.testing.TestAuthServer;
import dev.mcpkit.core.schema.GetPromptResult;
import dev.mcpkit.core.schema.ResourceContents;
import dev.mcpkit.core.testing.LoopbackPorts;
import dev.mcpkit.server.Caller;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerPrompt;
import dev.mcpkit.server.ServerResource;
import dev.mcpkit.server.ServerResourceTemplate;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import dev.mcpkit.server.testing.HttpTestClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A protected mcpkit server next to a real authorization server, both on ephemeral 127.0.0.1 ports: the AS issues
 * tokens for {@link #resource} (scopes mcp:read, mcp:write, mcp:share, mcp:admin; default mcp:read), and the
 * MCP server is guarded by a {@link ResourceServerGuard} validating them (by default with the AS's JWKS). The MCP
 * server needs mcp:read for everything; {@code write} needs mcp:write; {@code share} needs mcp:write and mcp:share;
 * the prompt {@code admin_prompt}, the resource {@code test://private} and the template {@code test://notes/{id}}
 * need mcp:admin, mcp:write and mcp:write; {@code greet} asks the client for a name (an input round in 2026-07-28).
 * The guard says mcp:admin implies mcp:write and mcp:share.
 */
final class ProtectedMcp implements AutoCloseable {

  final int port = LoopbackPorts.free();
  final String resource = "http://127.0.0.1:" + port + "/mcp";
  final TestAuthServer as;
  final ResourceServerGuard guard;
  final McpHttpServer http;
  /** Every tool, prompt or resource handler that ran, by name. */
  final List<String> ran = new CopyOnWriteArrayList<>();
  /** The callers handlers saw. */
  final List<Caller> callers = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  ProtectedMcp() {
    this(b -> b, ProtectedMcp::defaultValidator);
  }

  /** JWT validation with the AS's JWKS at its configured URL. */
  static TokenValidator defaultValidator(ProtectedMcp p) {
    return JwtValidator.builder().jwks(p.as.issuer, URI.create(p.as.endpoint("/jwks"))).build();
  }

  ProtectedMcp(UnaryOperator<ResourceServerGuard.Builder> customize, Function<ProtectedMcp, TokenValidator> validator) {
    as = new TestAuthServer(b -> b.protectedResources(List.of(new ProtectedResource(resource,
        List.of("mcp:read", "mcp:write", "mcp:share", "mcp:admin"), List.of("mcp:read")))));
    guard = customize.apply(ResourceServerGuard.builder(resource)
        .authorizationServers(as.issuer)
        .scopesSupported("mcp:read", "mcp:write")
        .baseScopes("mcp:read")
        .scopeImplies("mcp:admin", "mcp:write", "mcp:share")
        .clock(as.clock)
        .validator(validator.apply(this))).build();
    try {
      http = McpHttpServer.builder(server()).port(port).guard(guard).handler(guard.metadataHandler()).build().start();
    } catch (Exception e) {
      as.close();
      throw new IllegalStateException(e);
    }
  }

  private McpServer server() {
    return McpServer.builder().name("protected").requireScopes("mcp:read")
        .tool(ServerTool.builder("whoami").handler(call -> {
          Caller c = call.caller().orElseThrow();
          ran.add("whoami");
          callers.add(c);
          return ToolResults.text(c.subject() + "|" + c.clientId() + "|" + String.join(" ", new TreeSet<>(c.scopes())));
        }).build())
        .tool(dev.mcpkit.server.testing.TestTools.greet())
        .tool(ServerTool.builder("write").requiredScopes("mcp:write").handler(call -> {
          ran.add("write");
          return ToolResults.text("written");
        }).build())
        .tool(ServerTool.builder("share").requiredScopes("mcp:write", "mcp:share").handler(call -> {
          ran.add("share");
          return ToolResults.text("shared");
        }).build())
        .prompt(ServerPrompt.of("admin_prompt", "Needs mcp:admin", req -> {
          ran.add("admin_prompt");
          return GetPromptResult.of(null);
        }).toBuilder().requiredScopes("mcp:admin").build())
        .resource(ServerResource.builder("test://private", "private").mimeType("text/plain").reader(read -> {
              ran.add("test://private");
              return List.of(ResourceContents.text(read.uri(), "text/plain", "secret"));
            }).requiredScopes("mcp:write").build())
        .resourceTemplate(ServerResourceTemplate.builder("test://notes/{id}", "notes").mimeType("text/plain").reader(read -> {
          ran.add(read.uri());
          return List.of(ResourceContents.text(read.uri(), "text/plain", "note"));
        }).requiredScopes("mcp:write").build())
        .build();
  }

  /** A client of the MCP endpoint that sends {@code Authorization: Bearer <token>} (none when null). */
  HttpTestClient client(String token) {
    HttpTestClient c = new HttpTestClient(http);
    if (token != null) {
      c.always("Authorization", "Bearer " + token);
    }
    toClose.add(c);
    return c;
  }

  /** An access token for {@code resource} by client credentials, as basic-client (subject "basic-client"). */
  String token(String scope) {
    return clientCredentials(BASIC, scope, resource);
  }

  /** The same for another caller: post-client. */
  String otherToken(String scope) {
    return clientCredentials(POST, scope, resource);
  }

  String clientCredentials(String client, String scope, String forResource) {
    try (HttpUser u = new HttpUser()) {
      Map<String, String> form = new java.util.HashMap<>(Map.of("grant_type", "client_credentials",
          "resource", forResource, "scope", scope));
      Map<String, String> headers = Map.of();
      if (client.equals(BASIC)) {
        headers = Map.of("Authorization", TestAuthServer.basic(BASIC, SECRET));
      } else {
        form.put("client_id", client);
        form.put("client_secret", SECRET);
      }
      HttpUser.Reply r = u.post(as.endpoint("/token"), form, headers);
      if (r.status() != 200) {
        throw new AssertionError("token request failed: " + r.status() + " " + r.body());
      }
      return TestAuthServer.json(r).get("access_token").asString();
    }
  }

  /** alice's token and refresh token by the authorization-code flow (public client, PKCE). */
  String[] aliceTokens(String scope) {
    try (HttpUser browser = new HttpUser(); HttpUser app = new HttpUser()) {
      Pkce pkce = Pkce.create();
      HttpUser.Reply r = as.authorize(browser, as.authorizeUrl(pkce, Map.of("resource", resource, "scope", scope)));
      String code = HttpUser.query(r.location()).get("code").getFirst();
      HttpUser.Reply t = app.post(as.endpoint("/token"), Map.of("grant_type", "authorization_code", "code", code,
          "code_verifier", pkce.verifier(), "redirect_uri", "http://127.0.0.1:45678/callback",
          "client_id", TestAuthServer.PUBLIC, "resource", resource));
      if (t.status() != 200) {
        throw new AssertionError("code redemption failed: " + t.status() + " " + t.body());
      }
      var json = TestAuthServer.json(t);
      return new String[] {json.get("access_token").asString(), json.path("refresh_token").asString(null)};
    }
  }

  @Override
  public void close() {
    for (AutoCloseable c : toClose) {
      try {
        c.close();
      } catch (Exception ignored) {
        // closing
      }
    }
    http.close();
    guard.close();
    as.close();
  }
}
