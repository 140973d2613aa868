package dev.mcpkit.examples.oauth;

import dev.mcpkit.auth.client.BrowserLauncher;
import dev.mcpkit.auth.client.OAuthClient;
import dev.mcpkit.auth.client.PreRegisteredClient;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.core.schema.CallToolResult;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Authorization code + PKCE: {@link McpClient} with mcpkit's {@link OAuthClient} as its auth provider. On the
 * server's 401 the OAuth client reads the protected-resource metadata, discovers the authorization server, registers
 * (a pre-registered client id, else dynamic registration), opens the browser, receives the code on a one-shot
 * 127.0.0.1 listener (checking {@code state} and RFC 9207 {@code iss}), redeems it with the PKCE verifier and the
 * RFC 8707 {@code resource}, and retries the request with the token.
 *
 * <pre>login URL [--client-id ID]</pre>
 */
public final class CodeFlowClient {

  private CodeFlowClient() {}

  /** Connects (signing in on the way, if the server asks) and calls {@code who_am_i}. */
  public static JsonNode whoAmI(URI server, OAuthClient oauth) {
    try (McpClient client = McpClient.builder().url(server).auth(oauth).connect()) {
      CallToolResult r = client.callTool("who_am_i", Map.of());
      return r.structuredContent();
    }
  }

  public static void main(String[] args) throws Exception {
    if (!(args.length == 1 || args.length == 3 && args[1].equals("--client-id"))) {
      throw new IllegalArgumentException("usage: login URL [--client-id ID]");
    }
    OAuthClient.Builder b = OAuthClient.builder().userAgent(BrowserLauncher.system(new PrintWriter(System.err, true)));
    if (args.length == 3) {
      b.preRegistered(new PreRegisteredClient(args[2], null, null)); // else: dynamic client registration
    }
    try (OAuthClient oauth = b.build()) {
      System.out.println(whoAmI(URI.create(args[0]), oauth).toPrettyString());
    }
  }
}
