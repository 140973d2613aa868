package dev.mcpkit.examples.mixup;

import dev.mcpkit.auth.resource.JwtValidator;
import dev.mcpkit.auth.resource.ResourceServerGuard;
import dev.mcpkit.auth.server.AuthorizationServer;
import dev.mcpkit.auth.server.ClientRegistration;
import dev.mcpkit.auth.server.PasswordHasher;
import dev.mcpkit.auth.server.ProtectedResource;
import dev.mcpkit.auth.server.UserAccount;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import java.net.URI;
import java.util.List;

/**
 * The honest side: alice's company MCP server, guarded by {@link ResourceServerGuard}, and its authorization server
 * (mcpkit's), on one 127.0.0.1 origin. The AS knows the public client {@value #CLIENT} that alice uses, and it sends
 * RFC 9207 {@code iss} with every authorization response, as mcpkit's AS always does.
 */
public final class HonestSide implements AutoCloseable {

  /** The public client alice uses (PKCE, loopback redirects), registered at the honest AS. */
  public static final String CLIENT = "mixup-demo-app";
  public static final String SCOPE = "mcp:read";

  public final String resource;
  public final String issuer;
  private final AuthorizationServer as;
  private final ResourceServerGuard guard;
  private final McpHttpServer http;

  public HonestSide(String alicePassword) throws Exception {
    McpServer server = McpServer.builder().name("company-mcp").version("1.0.0").requireScopes(SCOPE)
        .tool(ServerTool.builder("who_am_i").description("Says whose token this is")
            .handler(call -> ToolResults.text(call.caller().orElseThrow().subject())).build())
        .build();
    // the issuer and the resource contain the port: bound first, then served on as bound (never free in between)
    McpHttpServer.Builder builder = McpHttpServer.builder(server).port(0);
    int port = builder.bind();
    resource = "http://127.0.0.1:" + port + "/mcp";
    issuer = "http://127.0.0.1:" + port + "/auth";
    as = AuthorizationServer.builder().issuer(URI.create(issuer))
        .users(List.of(new UserAccount("alice", PasswordHasher.hash(alicePassword), "Alice")))
        .clients(List.of(ClientRegistration.publicClient(CLIENT, "Mix-up demo app", "http://127.0.0.1/callback")))
        .protectedResources(List.of(ProtectedResource.of(resource, SCOPE)))
        .build();
    guard = ResourceServerGuard.builder(resource).authorizationServers(issuer).scopesSupported(SCOPE)
        .baseScopes(SCOPE).resourceName("alice's company MCP server")
        .validator(JwtValidator.builder().jwks(issuer, URI.create(issuer + "/jwks")).build()).build();
    http = builder.guard(guard).handler(guard.metadataHandler()).handler(as.handler()).build().start();
  }

  @Override
  public void close() {
    http.close();
    guard.close();
    as.close();
  }
}
