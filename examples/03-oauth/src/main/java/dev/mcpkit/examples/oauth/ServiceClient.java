package dev.mcpkit.examples.oauth;

import dev.mcpkit.auth.client.ClientCredentials;
import dev.mcpkit.auth.client.OAuthClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Client credentials (no user): the client authenticates to the token endpoint with a secret
 * ({@code client_secret_basic}) or with a signed assertion ({@code private_key_jwt}, RFC 7523: an ES256 JWT made with
 * its private key; the authorization server holds only the public key), and gets a token for the MCP server
 * ({@code resource} sent, RFC 8707). Nobody signs in; a token is fetched again when the old one expires.
 *
 * <pre>service URL --client-id ID (--secret-env VARIABLE | --private-key KEY.pem)</pre>
 */
public final class ServiceClient {

  private ServiceClient() {}

  public static ClientCredentials credentials(String clientId, String option, String value) throws Exception {
    return switch (option) {
      case "--secret-env" -> {
        String secret = System.getenv(value);
        if (secret == null || secret.isEmpty()) {
          throw new IllegalArgumentException("the environment variable " + value + " holds no secret");
        }
        yield ClientCredentials.secret(clientId, secret);
      }
      case "--private-key" -> ClientCredentials.privateKeyJwt(clientId,
          ClientCredentials.ecPrivateKeyFromPem(Files.readString(Path.of(value))), null);
      default -> throw new IllegalArgumentException("usage: service URL --client-id ID (--secret-env VARIABLE | "
          + "--private-key KEY.pem)");
    };
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 5 || !args[1].equals("--client-id")) {
      throw new IllegalArgumentException("usage: service URL --client-id ID (--secret-env VARIABLE | "
          + "--private-key KEY.pem)");
    }
    try (OAuthClient oauth = OAuthClient.builder().clientCredentials(credentials(args[2], args[3], args[4])).build()) {
      System.out.println(CodeFlowClient.whoAmI(URI.create(args[0]), oauth).toPrettyString());
    }
  }
}
