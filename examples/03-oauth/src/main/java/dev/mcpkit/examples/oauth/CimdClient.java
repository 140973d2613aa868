package dev.mcpkit.examples.oauth;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.mcpkit.auth.client.BrowserLauncher;
import dev.mcpkit.auth.client.ClientMetadataDocument;
import dev.mcpkit.auth.client.OAuthClient;
import dev.mcpkit.auth.client.UserAgent;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.JsonNode;

/**
 * Client ID Metadata Documents (CIMD; MCP 2026-07-28's preferred registration): the client id is the https URL of a
 * JSON document in which the client describes itself (name, redirect URIs, no secret). The authorization server
 * fetches it when the client shows up; nobody registers anything beforehand. This program publishes its own document
 * on {@code https://127.0.0.1:<port>/oauth/client.json} (a development certificate), then signs in like the code-flow
 * client with that URL as its client id.
 *
 * <p><b>Development only.</b> A real metadata document is served over https from a public address with a
 * certificate browsers trust; mcpkit's authorization server refuses loopback and private addresses (SSRF protection)
 * unless its operator turns on the loopback switch, which {@code server --cimd-dev-cert} does for this demo.
 *
 * <pre>cimd URL --keystore FILE.p12 --keystore-password-env VARIABLE [--port N]</pre>
 */
public final class CimdClient {

  private CimdClient() {}

  /** The client's own origin: serves its metadata document, and nothing else, over HTTPS on 127.0.0.1. */
  public static final class MetadataOrigin implements AutoCloseable {
    public final URI clientId;
    private final HttpsServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    public MetadataOrigin(Path keystore, char[] password, int port) throws Exception {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keystore)) {
        ks.load(in, password);
      }
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, password);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(kmf.getKeyManagers(), null, null);
      server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(tls));
      clientId = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/oauth/client.json");
      byte[] document = ClientMetadataDocument.create(clientId, "OAuth example (metadata document)").toPrettyString()
          .getBytes(StandardCharsets.UTF_8);
      server.createContext("/oauth/client.json", x -> {
        try (x) {
          boolean exact = x.getRequestURI().getRawPath().equals("/oauth/client.json");
          boolean get = x.getRequestMethod().equals("GET") || x.getRequestMethod().equals("HEAD");
          x.getResponseHeaders().add("X-Content-Type-Options", "nosniff");
          if (!exact || !get) {
            x.sendResponseHeaders(exact ? 405 : 404, -1);
            return;
          }
          x.getResponseHeaders().add("Content-Type", "application/json");
          x.getResponseHeaders().add("Cache-Control", "no-store"); // changes show at the next sign-in
          x.sendResponseHeaders(200, x.getRequestMethod().equals("HEAD") ? -1 : document.length);
          x.getResponseBody().write(x.getRequestMethod().equals("HEAD") ? new byte[0] : document);
        }
      });
      server.setExecutor(threads);
      server.start();
    }

    @Override
    public void close() {
      server.stop(0);
      threads.close();
    }
  }

  /** Publishes the document, signs in with its URL as the client id, and calls {@code who_am_i}. */
  public static JsonNode whoAmI(URI server, MetadataOrigin origin, UserAgent browser) {
    try (OAuthClient oauth = OAuthClient.builder().clientMetadataUrl(origin.clientId).userAgent(browser).build()) {
      return CodeFlowClient.whoAmI(server, oauth);
    }
  }

  public static void main(String[] args) throws Exception {
    if (!(args.length == 5 || args.length == 7 && args[5].equals("--port")) || !args[1].equals("--keystore")
        || !args[3].equals("--keystore-password-env")) {
      throw new IllegalArgumentException("usage: cimd URL --keystore FILE.p12 --keystore-password-env VARIABLE "
          + "[--port N]");
    }
    String password = System.getenv(args[4]);
    if (password == null) {
      throw new IllegalArgumentException("the environment variable " + args[4] + " is not set");
    }
    try (MetadataOrigin origin = new MetadataOrigin(Path.of(args[2]), password.toCharArray(),
        args.length == 7 ? Integer.parseInt(args[6]) : 0)) {
      System.err.println("cimd: client id (metadata document) " + origin.clientId);
      System.out.println(whoAmI(URI.create(args[0]), origin, BrowserLauncher.system(new PrintWriter(System.err, true)))
          .toPrettyString());
    }
  }
}
