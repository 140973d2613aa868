package dev.mcpkit.examples.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.client.OAuthClient;
import dev.mcpkit.auth.client.PreRegisteredClient;
import dev.mcpkit.auth.client.UserAgent;
import dev.mcpkit.auth.server.testing.Chromium;
import dev.mcpkit.client.McpAuthorizationException;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * Each OAuth variant for real: the example's server (embedded AS + guarded MCP server) on a free 127.0.0.1 port, the
 * example's clients, tokens from the real AS; where a person signs in, headless Chromium does it on the real login
 * and consent pages. The client-credentials programs run as child JVMs (their {@code main}, arguments, environment
 * and exit codes).
 */
class OAuthVariantsTest {

  private static final String PASSWORD = "a long example password";
  private static final String SECRET = "an example service secret of some length";

  private static OAuthServer server(String publicKeyPem, Duration introspectionCache, boolean loopbackCimd)
      throws Exception {
    return new OAuthServer(new OAuthServer.Options(0, PASSWORD, SECRET, publicKeyPem, introspectionCache,
        loopbackCimd));
  }

  /** alice in a real browser: signs in if asked, approves, and waits until she is back at the client. */
  private static UserAgent alice(Chromium browser) {
    return (url, redirect) -> {
      browser.driver().get(url.toString());
      new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(d ->
          !d.findElements(By.id("username")).isEmpty() || !d.findElements(By.id("approve")).isEmpty());
      if (!browser.driver().findElements(By.id("username")).isEmpty()) {
        browser.logIn("alice", PASSWORD);
      }
      browser.approve();
      browser.waitForUrl(redirect.toString());
    };
  }

  private static void assertWhoAmI(JsonNode who, OAuthServer s, String subject, String clientId, String validatedBy) {
    assertThat(who.get("subject").asString()).isEqualTo(subject);
    assertThat(who.get("clientId").asString()).isEqualTo(clientId);
    assertThat(who.get("issuer").asString()).isEqualTo(s.issuer);
    assertThat(who.get("audience").asString()).isEqualTo(s.resource);
    assertThat(who.get("scopes").toString()).isEqualTo("[\"" + OAuthServer.SCOPE + "\"]");
    assertThat(who.get("validatedBy").asString()).isEqualTo(validatedBy);
  }

  private static int whoAmIStatus(OAuthServer s, String token) {
    try (McpClient c = McpClient.builder().url(s.mcpUrl()).header("Authorization", "Bearer " + token).connect()) {
      c.callTool("who_am_i", Map.of());
      return 200;
    } catch (McpAuthorizationException e) {
      return e.status();
    }
  }

  @Test
  void authorizationCodeWithPkceAndAPreRegisteredClient() throws Exception {
    try (OAuthServer s = server(null, null, false); Chromium browser = new Chromium();
        OAuthClient oauth = OAuthClient.builder().preRegistered(new PreRegisteredClient(OAuthServer.APP, null, null))
            .userAgent(alice(browser)).build()) {
      assertWhoAmI(CodeFlowClient.whoAmI(s.mcpUrl(), oauth), s, "alice", OAuthServer.APP, "jwt");
      // JWT validation is local: after logout (revocation at the AS) the old token still passes until it expires.
      String token = oauth.grant(s.mcpUrl()).orElseThrow().accessToken();
      oauth.logout(s.mcpUrl());
      assertThat(whoAmIStatus(s, token)).isEqualTo(200);
    }
  }

  @Test
  void authorizationCodeWithDynamicRegistrationAgainstTheIntrospectionVariant() throws Exception {
    try (OAuthServer s = server(null, Duration.ZERO, false); Chromium browser = new Chromium();
        OAuthClient oauth = OAuthClient.builder().userAgent(alice(browser)).build()) {
      JsonNode who = CodeFlowClient.whoAmI(s.mcpUrl(), oauth);
      String registered = who.get("clientId").asString();
      assertThat(registered).isNotEqualTo(OAuthServer.APP); // a client id from dynamic registration
      assertWhoAmI(who, s, "alice", registered, "introspection");
      // Introspection asks the AS (here on every request): a revoked token is refused at once.
      String token = oauth.grant(s.mcpUrl()).orElseThrow().accessToken();
      assertThat(whoAmIStatus(s, token)).isEqualTo(200);
      oauth.logout(s.mcpUrl());
      assertThat(whoAmIStatus(s, token)).isEqualTo(401);
    }
  }

  @Test
  void clientCredentialsWithASecret() throws Exception {
    try (OAuthServer s = server(null, null, false)) {
      Run ok = run(Map.of("SERVICE_SECRET", SECRET), "service", s.resource, "--client-id", OAuthServer.SERVICE,
          "--secret-env", "SERVICE_SECRET");
      assertThat(ok.exit).as(ok.err).isZero();
      assertWhoAmI(Json.parse(ok.out), s, OAuthServer.SERVICE, OAuthServer.SERVICE, "jwt");

      Run wrong = run(Map.of("SERVICE_SECRET", "not the secret"), "service", s.resource, "--client-id",
          OAuthServer.SERVICE, "--secret-env", "SERVICE_SECRET");
      assertThat(wrong.exit).isEqualTo(3);
      assertThat(wrong.err).contains("invalid_client");
      assertThat(wrong.out).isEmpty();
    }
  }

  @Test
  void clientCredentialsWithPrivateKeyJwt(@TempDir Path dir) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = g.generateKeyPair();
    Path privateKey = dir.resolve("service-key.pem");
    Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    String publicKey = pem("PUBLIC KEY", pair.getPublic().getEncoded());
    try (OAuthServer s = server(publicKey, null, false)) {
      Run ok = run(Map.of(), "service", s.resource, "--client-id", OAuthServer.JWT_SERVICE, "--private-key",
          privateKey.toString());
      assertThat(ok.exit).as(ok.err).isZero();
      assertWhoAmI(Json.parse(ok.out), s, OAuthServer.JWT_SERVICE, OAuthServer.JWT_SERVICE, "jwt");

      // Another key (the AS holds only the registered public key): refused.
      Path otherKey = dir.resolve("other-key.pem");
      Files.writeString(otherKey, pem("PRIVATE KEY", g.generateKeyPair().getPrivate().getEncoded()));
      Run wrong = run(Map.of(), "service", s.resource, "--client-id", OAuthServer.JWT_SERVICE, "--private-key",
          otherKey.toString());
      assertThat(wrong.exit).isEqualTo(3);
      assertThat(wrong.err).contains("invalid_client");
    }
  }

  @Test
  void clientIdMetadataDocumentOnALocalOrigin(@TempDir Path dir) throws Exception {
    Path keystore = dir.resolve("cimd.p12");
    Path cert = dir.resolve("cimd.pem");
    keytool("-genkeypair", "-alias", "cimd", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
        "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
        "-storepass", "changeit");
    keytool("-exportcert", "-rfc", "-alias", "cimd", "-keystore", keystore.toString(), "-storepass", "changeit",
        "-file", cert.toString());
    OAuthExamples.trustForMetadataDocuments(cert); // what `server --cimd-dev-cert cimd.pem` does
    try (OAuthServer s = server(null, null, true);
        CimdClient.MetadataOrigin origin = new CimdClient.MetadataOrigin(keystore, "changeit".toCharArray(), 0);
        Chromium browser = new Chromium()) {
      assertThat(origin.clientId.toString()).matches("https://127\\.0\\.0\\.1:\\d+/oauth/client\\.json");
      JsonNode who = CimdClient.whoAmI(s.mcpUrl(), origin, alice(browser));
      assertWhoAmI(who, s, "alice", origin.clientId.toString(), "jwt"); // the client id is the document's URL
    }
  }

  // --- helpers

  private record Run(int exit, String out, String err) {}

  /** The example's jar main in a child JVM with this test's class path. */
  private static Run run(Map<String, String> env, String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), OAuthExamples.class.getName()));
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.environment().putAll(env);
    Process p = pb.start();
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out, err.get(60, TimeUnit.SECONDS));
  }

  private static void keytool(String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    argv.addAll(List.of(args));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + type + "-----\n";
  }
}
