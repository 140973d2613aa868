package dev.mcpkit.examples.mixup;

import dev.mcpkit.auth.client.BrowserLauncher;
import dev.mcpkit.auth.client.OAuthClient;
import dev.mcpkit.auth.client.PreRegisteredClient;
import dev.mcpkit.auth.client.UserAgent;
import dev.mcpkit.client.McpAuthorizationException;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.core.schema.TextContent;
import java.io.PrintWriter;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The mix-up attack, live. alice uses a client app registered at her company's (honest) authorization server. She
 * adds a new, harmless-looking MCP server, which belongs to the attacker and names the attacker's authorization
 * server ({@link EvilAs}). Signing in there sends her browser to her company's real login page...
 *
 * <pre>
 * naive  [--hide-iss-support]   the deliberately naive client ({@link NaiveClient}): the attack succeeds
 * mcpkit [--hide-iss-support]   mcpkit's OAuthClient: refused by the RFC 9207 iss check, nothing leaks
 * </pre>
 *
 * <p>{@code --hide-iss-support}: the evil AS does not claim RFC 9207 support in its metadata (hoping the client then
 * skips the check). The honest AS's response still carries {@code iss}, and a present {@code iss} is always compared.
 */
public final class MixupDemo {

  private MixupDemo() {}

  /** The attacker's next step with a stolen token: calls the honest MCP server as the victim. */
  public static String whoAmI(String resource, String token) {
    try (McpClient c = McpClient.builder().url(resource).header("Authorization", "Bearer " + token).connect()) {
      return ((TextContent) c.callTool("who_am_i", Map.of()).content().getFirst()).text();
    }
  }

  /**
   * mcpkit's client connects to {@code server} (and calls {@code who_am_i}); a 401 makes it sign in with the AS
   * the server names. The client id is the one registered at the honest AS, not pinned to it (pinning it, {@code
   * new PreRegisteredClient(id, null, honestIssuer)}, would stop the attack even earlier).
   *
   * @throws McpAuthorizationException when the OAuth client refuses (the message says what and why)
   */
  public static String mcpkitConnect(URI server, UserAgent browser) {
    try (OAuthClient oauth = OAuthClient.builder()
            .preRegistered(new PreRegisteredClient(HonestSide.CLIENT, null, null)).userAgent(browser).build();
        McpClient c = McpClient.builder().url(server).auth(oauth).connect()) {
      return ((TextContent) c.callTool("who_am_i", Map.of()).content().getFirst()).text();
    }
  }

  public static void main(String[] args) throws Exception {
    boolean hide = args.length == 2 && args[1].equals("--hide-iss-support");
    if (args.length < 1 || args.length > 2 || !(args[0].equals("naive") || args[0].equals("mcpkit"))
        || args.length == 2 && !hide) {
      System.err.println("usage: java -jar mcpkit-example-mixup.jar naive|mcpkit [--hide-iss-support]");
      System.exit(2);
    }
    String password = System.getenv("EXAMPLE_PASSWORD");
    if (password == null || password.isEmpty()) {
      byte[] b = new byte[12];
      new SecureRandom().nextBytes(b);
      password = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
    PrintWriter err = new PrintWriter(System.err, true);
    try (HonestSide honest = new HonestSide(password);
        EvilAs evil = new EvilAs(honest.issuer, honest.resource, !hide)) {
      err.printf("""

          mix-up demo on 127.0.0.1
            honest MCP server            %s
            honest authorization server  %s  (alice / %s)
            attacker's "new" MCP server  %s  (its authorization server: %s%s)

          alice's %s client signs in to the attacker's server. Sign in as alice in the browser: it is the honest
          login page. Then watch where the code goes.

          """, honest.resource, honest.issuer, password, evil.mcpUrl, evil.issuer,
          hide ? ", metadata without RFC 9207 support" : "", args[0]);
      UserAgent browser = BrowserLauncher.system(err);
      if (args[0].equals("naive")) {
        NaiveClient.Result r = NaiveClient.signIn(URI.create(evil.mcpUrl), HonestSide.CLIENT, browser);
        err.println("naive client: signed in; it redeemed the code at " + r.tokenEndpoint() + " and got a token");
        for (String stolen : evil.stolenTokens()) {
          err.println("attacker: calls " + honest.resource + " with the stolen token; who_am_i says: "
              + whoAmI(honest.resource, stolen));
        }
      } else {
        try {
          mcpkitConnect(URI.create(evil.mcpUrl), browser);
          err.println("mcpkit client: connected (unexpected)");
        } catch (McpAuthorizationException e) {
          err.println("mcpkit client: " + e.getMessage());
        }
        err.println("attacker: captured " + evil.captured().size() + " codes, stole " + evil.stolenTokens().size()
            + " tokens");
      }
    }
  }
}
