package dev.mcpkit.examples.oauth;

import dev.mcpkit.client.McpAuthorizationException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The OAuth variants of the Go workshop's module 03, as sub-programs of one jar:
 *
 * <pre>
 * server [--port N] [--introspection [--cache-seconds N]] [--jwt-service-key PUBLIC.pem] [--cimd-dev-cert CERT.pem]
 * login URL [--client-id ID]                                            authorization code + PKCE
 * service URL --client-id ID (--secret-env VARIABLE | --private-key KEY.pem)   client credentials
 * cimd URL --keystore FILE.p12 --keystore-password-env VARIABLE [--port N]     Client ID Metadata Document
 * </pre>
 */
public final class OAuthExamples {

  static final String USAGE = """
      usage: java -jar mcpkit-example-oauth.jar COMMAND ...
        server [--port N] [--introspection [--cache-seconds N]] [--jwt-service-key PUB.pem] [--cimd-dev-cert CERT.pem]
        login URL [--client-id ID]
        service URL --client-id ID (--secret-env VARIABLE | --private-key KEY.pem)
        cimd URL --keystore FILE.p12 --keystore-password-env VARIABLE [--port N]""";

  private OAuthExamples() {}

  public static void main(String[] args) throws Exception {
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    try {
      switch (args.length == 0 ? "" : args[0]) {
        case "server" -> server(rest);
        case "login" -> CodeFlowClient.main(rest);
        case "service" -> ServiceClient.main(rest);
        case "cimd" -> CimdClient.main(rest);
        default -> throw new IllegalArgumentException(USAGE);
      }
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage().startsWith("usage:") ? USAGE : e.getMessage());
      System.exit(2);
    } catch (McpAuthorizationException e) { // the OAuth client's refusals say what was refused and why
      System.err.println("refused: " + e.getMessage());
      System.exit(3);
    }
  }

  private static void server(String[] args) throws Exception {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--introspection" -> o.put(args[i], "");
        case "--port", "--cache-seconds", "--jwt-service-key", "--cimd-dev-cert" -> {
          if (i + 1 == args.length) {
            throw new IllegalArgumentException("usage:");
          }
          o.put(args[i], args[++i]);
        }
        default -> throw new IllegalArgumentException("usage:");
      }
    }
    if (o.containsKey("--cimd-dev-cert")) {
      trustForMetadataDocuments(Path.of(o.get("--cimd-dev-cert")));
    }
    String password = env("EXAMPLE_PASSWORD", 12);
    String secret = env("EXAMPLE_SERVICE_SECRET", 24);
    OAuthServer server = new OAuthServer(new OAuthServer.Options(Integer.parseInt(o.getOrDefault("--port", "8103")),
        password, secret, o.containsKey("--jwt-service-key") ? Files.readString(Path.of(o.get("--jwt-service-key")))
            : null,
        o.containsKey("--introspection") ? Duration.ofSeconds(Long.parseLong(o.getOrDefault("--cache-seconds", "30")))
            : null,
        o.containsKey("--cimd-dev-cert")));
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "oauth-example-shutdown"));
    System.err.printf("""

        OAuth example server on 127.0.0.1 (tokens checked by %s)
          MCP endpoint          %s  (tool who_am_i; every request needs %s)
          authorization server  %s
          user                  alice / %s
          public client         %s  (PKCE; or let the client register itself)
          service client        %s / %s  (client credentials, client_secret_basic)%s%s

        Ctrl-C stops.
        """, o.containsKey("--introspection") ? "introspection, answers kept " + o.getOrDefault("--cache-seconds", "30")
            + " s" : "JWT signature with the AS's keys", server.resource, OAuthServer.SCOPE, server.issuer, password,
        OAuthServer.APP, OAuthServer.SERVICE, secret,
        o.containsKey("--jwt-service-key") ? "\n  service client        " + OAuthServer.JWT_SERVICE
            + "  (client credentials, private_key_jwt with the given public key)" : "",
        o.containsKey("--cimd-dev-cert") ? "\n  metadata documents    also on loopback addresses, with the given "
            + "development certificate (development only)" : "");
    server.join();
  }

  /** The value of an environment variable, else a fresh random string (printed by the caller). */
  private static String env(String name, int randomBytes) {
    String v = System.getenv(name);
    return v != null && !v.isEmpty() ? v : Ports.random(randomBytes);
  }

  /**
   * Development only: trusts {@code certificate} (besides the JDK's usual authorities) when this process fetches
   * https URLs, so that the authorization server can fetch a metadata document from a local origin with a
   * self-made certificate, as the workshop's mkcert step did.
   */
  static void trustForMetadataDocuments(Path certificate) throws Exception {
    KeyStore trust = KeyStore.getInstance(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts")
        .toFile(), "changeit".toCharArray());
    try (InputStream in = Files.newInputStream(certificate)) {
      trust.setCertificateEntry("mcpkit-example-dev-cert", CertificateFactory.getInstance("X.509")
          .generateCertificate(in));
    }
    Path file = Files.createTempFile("mcpkit-example-trust", ".p12");
    file.toFile().deleteOnExit();
    String password = Ports.random(12);
    try (var out = Files.newOutputStream(file)) {
      trust.store(out, password.toCharArray());
    }
    System.setProperty("javax.net.ssl.trustStore", file.toString());
    System.setProperty("javax.net.ssl.trustStorePassword", password);
    System.setProperty("javax.net.ssl.trustStoreType", trust.getType());
  }
}
