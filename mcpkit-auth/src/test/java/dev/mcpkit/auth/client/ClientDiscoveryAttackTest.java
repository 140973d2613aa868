package dev.mcpkit.auth.client;

import static dev.mcpkit.auth.client.ClientOAuthSecurityTest.challenge;
import static dev.mcpkit.auth.client.ClientOAuthSecurityTest.client;
import static dev.mcpkit.auth.client.ClientOAuthSecurityTest.withMetadata;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.mcpkit.auth.client.FakePeer.Reply;
import dev.mcpkit.auth.fetch.HostResolver;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.auth.AuthChallenge;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * SSRF in discovery (SEC-SSRF-01 … 08), spoofing (SEC-SPF-01, 02, 03, 05, 07, 08), the URL opener
 * (SEC-CI-15, 16), token storage and the loopback listener (SEC-CL-18, 19) and log hygiene
 * (SEC-AUD-03, SEC-CTX-15) of the OAuth client. "Internal" addresses are never connected to: the
 * decisions are made before any connection, and loopback canary listeners show that nothing arrived.
 */
class ClientDiscoveryAttackTest {

  @TempDir Path tmp;

  /** A listener that counts connections: it must see none. */
  static final class Canary implements AutoCloseable {
    final ServerSocket socket;
    final AtomicInteger connections = new AtomicInteger();

    Canary() throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread.ofVirtual().start(() -> {
        while (!socket.isClosed()) {
          try (Socket s = socket.accept()) {
            connections.incrementAndGet();
          } catch (IOException e) {
            return;
          }
        }
      });
    }

    int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  @Test
  void SEC_SSRF_01_aResourceMetadataUrlOnTheMetadataServiceIsBlocked() {
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      for (String url : List.of("http://169.254.169.254/latest/meta-data/", "https://169.254.169.254/latest/meta-data/")) {
        assertThatThrownBy(() -> c.onChallenge(challenge(p, "Bearer resource_metadata=\"" + url + "\"")))
            .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.reason()).isEqualTo(OAuthException.Reason.UNSAFE_URL))
            .hasMessageNotContaining("ami-id");
      }
      assertThat(p.to("/authorize")).isEmpty();
    }
  }

  @Test
  void SEC_SSRF_02_authorizationServersOnInternalAddressesAreBlocked() {
    try (OAuthClient c = client()) {
      Discovery d = new Discovery(new OAuthHttp(HostResolver.system(), Duration.ofSeconds(2), "test"));
      for (String issuer : List.of("http://10.0.0.5", "http://192.168.1.1", "http://172.16.0.1", "http://[fd00::1]",
          "http://[fe80::1]", "http://[::ffff:127.0.0.1]", "http://0x7f000001", "http://2130706433", "http://0177.0.0.1",
          "http://127.1", "http://0.0.0.0", "http://100.64.0.1", "http://[::]", "https://10.0.0.5", "https://[fd00::1]",
          "https://100.64.0.1", "https://0.0.0.0")) {
        assertThatThrownBy(() -> d.authorizationServer(issuer, false)).as(issuer)
            .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.reason()).isEqualTo(OAuthException.Reason.UNSAFE_URL));
      }
    }
  }

  @Test
  void SEC_SSRF_03_aNameThatResolvesToLoopbackIsBlockedAtConnectTime() throws Exception {
    // The name passes every static check; only its (single, pinned) resolution reveals loopback.
    try (Canary canary = new Canary()) {
      AtomicInteger lookups = new AtomicInteger();
      HostResolver rebinding = host -> {
        lookups.incrementAndGet();
        return List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
      };
      OAuthHttp http = new OAuthHttp(rebinding, Duration.ofSeconds(2), "test");
      try (http) {
        URI token = URI.create("https://rebind.attacker.test:" + canary.port() + "/token");
        assertThatThrownBy(() -> http.postForm(token, Map.of("grant_type", "client_credentials"), Map.of(), false))
            .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.reason()).isEqualTo(OAuthException.Reason.UNSAFE_URL))
            .hasMessageContaining("loopback");
        assertThatThrownBy(() -> http.getDocument(URI.create("https://rebind.attacker.test:" + canary.port()
            + "/.well-known/oauth-authorization-server"), false)).isInstanceOf(OAuthException.class);
      }
      assertThat(lookups.get()).isPositive();
      Thread.sleep(200);
      assertThat(canary.connections).hasValue(0);
    }
  }

  @Test
  void SEC_SSRF_04_aRedirectFromAMetadataUrlIsNotFollowed() throws Exception {
    try (Canary canary = new Canary(); FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      p.route("GET", "/.well-known/oauth-protected-resource/mcp", s -> Reply.redirect("http://127.0.0.1:" + canary.port() + "/"));
      p.route("GET", "/.well-known/oauth-authorization-server", s -> Reply.redirect("http://127.0.0.1:" + canary.port() + "/"));
      assertThatThrownBy(() -> c.onChallenge(challenge(p, withMetadata(p)))).isInstanceOf(OAuthException.class);
      Thread.sleep(200);
      assertThat(canary.connections).hasValue(0);
      assertThat(p.to("/authorize")).isEmpty();
    }
  }

  @Test
  void SEC_SSRF_05_endpointsOnInternalAddressesAreRefusedBeforeAnyRequest() {
    for (String field : List.of("token_endpoint", "registration_endpoint", "authorization_endpoint", "revocation_endpoint")) {
      for (String internal : List.of("https://10.0.0.5/x", "https://169.254.169.254/x", "https://[fd00::1]/x")) {
        try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
          String meta = FakePeer.asMetadata(p.url, "").replaceAll("\"" + field + "\":\"[^\"]*\"", "\"" + field + "\":\"" + internal + "\"");
          p.route("GET", "/.well-known/oauth-authorization-server", s -> Reply.json(200, meta));
          assertThatThrownBy(() -> c.onChallenge(challenge(p, withMetadata(p)))).as(field + " " + internal)
              .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.reason()).isEqualTo(OAuthException.Reason.UNSAFE_URL));
          assertThat(p.to("/token")).isEmpty();
          assertThat(p.to("/register")).isEmpty();
          assertThat(p.to("/authorize")).isEmpty();
        }
      }
    }
  }

  @Test
  void SEC_SSRF_06_otherSchemesAreRejectedEverywhere() {
    for (String bad : List.of("file:///etc/passwd", "jar:file:/x.jar!/a", "ftp://x.test/a", "gopher://x.test/", "ldap://x.test/")) {
      try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
        assertThatThrownBy(() -> c.onChallenge(challenge(p, "Bearer resource_metadata=\"" + bad + "\""))).as(bad)
            .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.reason()).isEqualTo(OAuthException.Reason.UNSAFE_URL));
        p.route("GET", "/.well-known/oauth-protected-resource/mcp", s -> Reply.json(200, "{\"resource\":\"" + p.url
            + "/mcp\",\"authorization_servers\":[\"" + bad + "\"]}"));
        assertThatThrownBy(() -> c.onChallenge(challenge(p, withMetadata(p)))).as(bad).isInstanceOf(OAuthException.class);
        p.honest();
        p.route("GET", "/.well-known/oauth-authorization-server", s -> Reply.json(200, FakePeer.asMetadata(p.url, "")
            .replace("\"" + p.url + "/token\"", "\"" + bad + "\"")));
        assertThatThrownBy(() -> c.onChallenge(challenge(p, withMetadata(p)))).as(bad)
            .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.reason()).isEqualTo(OAuthException.Reason.UNSAFE_URL));
        assertThat(p.to("/authorize")).isEmpty();
      }
    }
  }

  @Test
  void SEC_SSRF_07_loopbackAuthorizationServersOnlyWithTheDevelopmentSwitchOrALocalServer() {
    try (FakePeer p = new FakePeer().honest()) {
      // A public server whose metadata points at this machine.
      URI server = URI.create("https://mcp.public.test/mcp");
      p.route("GET", "/prm", s -> Reply.json(200, "{\"resource\":\"" + server + "\",\"authorization_servers\":[\"" + p.url + "\"]}"));
      AuthChallenge ch = new AuthChallenge(401, server, List.of("Bearer resource_metadata=\"" + p.url + "/prm\""));
      try (OAuthClient off = client()) {
        assertThatThrownBy(() -> off.onChallenge(ch))
            .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.reason()).isEqualTo(OAuthException.Reason.UNSAFE_URL));
        assertThat(p.seen).isEmpty();
      }
      try (OAuthClient on = client(b -> b.allowLoopback(true))) {
        assertThat(on.onChallenge(ch)).isTrue();
        assertThat(p.to("/.well-known/oauth-authorization-server")).hasSize(1);
        assertThat(p.to("/token")).hasSize(1);
      }
    }
  }

  @Test
  void SEC_SSRF_08_oversizedAndSlowMetadataAreCutOff() {
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client(b -> b.httpTimeout(Duration.ofSeconds(1)))) {
      String huge = "{\"resource\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}";
      p.route("GET", "/.well-known/oauth-protected-resource/mcp", s -> Reply.json(200, huge));
      assertThatThrownBy(() -> c.onChallenge(challenge(p, withMetadata(p)))).isInstanceOf(OAuthException.class);
      p.route("GET", "/.well-known/oauth-protected-resource/mcp", s -> {
        try {
          Thread.sleep(4000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return Reply.json(200, "{}");
      });
      assertThatThrownBy(() -> c.onChallenge(challenge(p, withMetadata(p)))).isInstanceOf(OAuthException.class)
          .hasMessageContaining("timed out");
      assertThat(p.to("/authorize")).isEmpty();
    }
  }

  @Test
  void SEC_SPF_01_metadataForAnotherResourceIsRefusedBeforeAuthorizing() {
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      for (String other : List.of("https://evil.test/mcp", p.url + "/mcpx", p.url.replace("127.0.0.1", "localhost") + "/mcp",
          p.url + "/mcp#x", p.url + "/other")) {
        p.route("GET", "/.well-known/oauth-protected-resource/mcp", s -> Reply.json(200, "{\"resource\":\"" + other
            + "\",\"authorization_servers\":[\"" + p.url + "\"]}"));
        assertThatThrownBy(() -> c.onChallenge(challenge(p, withMetadata(p)))).as(other)
            .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.reason()).isEqualTo(OAuthException.Reason.RESOURCE_MISMATCH));
      }
      assertThat(p.to("/authorize")).isEmpty();
      assertThat(p.to("/register")).isEmpty();
      // A prefix on the same origin (scheme and host in another case) is accepted.
      p.route("GET", "/.well-known/oauth-protected-resource/mcp", s -> Reply.json(200, "{\"resource\":\""
          + p.url.replace("http://", "HTTP://") + "\",\"authorization_servers\":[\"" + p.url + "\"]}"));
      assertThat(c.onChallenge(challenge(p, withMetadata(p)))).isTrue();
    }
  }

  @Test
  void SEC_SPF_02_metadataClaimingAnotherIssuerIsNotUsed() {
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      p.route("GET", "/.well-known/oauth-authorization-server", s -> Reply.json(200, FakePeer.asMetadata("https://honest.test", "")));
      assertThatThrownBy(() -> c.onChallenge(challenge(p, withMetadata(p))))
          .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.reason()).isEqualTo(OAuthException.Reason.ISSUER_MISMATCH));
      assertThat(p.to("/register")).isEmpty();
      assertThat(p.to("/authorize")).isEmpty();
      assertThat(p.to("/token")).isEmpty();
    }
  }

  @Test
  void SEC_SPF_03_aTrailingSlashMakesAnotherIssuer() {
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      p.route("GET", "/.well-known/oauth-protected-resource/mcp", s -> Reply.json(200, "{\"resource\":\"" + p.url
          + "/mcp\",\"authorization_servers\":[\"" + p.url + "/\"]}"));
      assertThatThrownBy(() -> c.onChallenge(challenge(p, withMetadata(p))))
          .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.reason()).isEqualTo(OAuthException.Reason.ISSUER_MISMATCH));
      assertThat(p.to("/authorize")).isEmpty();
    }
  }

  @Test
  void SEC_SPF_05_aRedirectFromTheMcpServerIsNotFollowedWithTheToken() throws Exception {
    try (Canary canary = new Canary(); FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      c.onChallenge(challenge(p, withMetadata(p)));
      p.route("POST", "/mcp", s -> new Reply(307, Map.of("Location", "http://127.0.0.1:" + canary.port() + "/mcp"), ""));
      assertThatThrownBy(() -> McpClient.builder().url(p.mcp()).auth(c).connectTimeout(Duration.ofSeconds(3))
          .requestTimeout(Duration.ofSeconds(3)).connect().close()).isInstanceOf(RuntimeException.class);
      assertThat(p.to("/mcp").getFirst().authorization()).startsWith("Bearer tok-");
      Thread.sleep(200);
      assertThat(canary.connections).hasValue(0);
    }
  }

  @Test
  void SEC_SPF_07_anUntrustedCertificateIsRefused() throws Exception {
    Path ks = tmp.resolve("self-signed.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "as", "-keyalg", "EC", "-groupname", "secp256r1", "-keystore", ks.toString(),
        "-storetype", "PKCS12", "-storepass", "changeit", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
        "-validity", "2").redirectErrorStream(true).start();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    org.eclipse.jetty.server.Server tls = new org.eclipse.jetty.server.Server();
    var ssl = new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
    ssl.setKeyStorePath(ks.toString());
    ssl.setKeyStorePassword("changeit");
    var connector = new org.eclipse.jetty.server.ServerConnector(tls, ssl);
    connector.setHost("127.0.0.1");
    tls.addConnector(connector);
    AtomicInteger served = new AtomicInteger();
    tls.setHandler(new org.eclipse.jetty.server.Handler.Abstract() {
      @Override
      public boolean handle(org.eclipse.jetty.server.Request r, org.eclipse.jetty.server.Response w,
          org.eclipse.jetty.util.Callback cb) {
        served.incrementAndGet();
        w.setStatus(200);
        cb.succeeded();
        return true;
      }
    });
    tls.start();
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      String issuer = "https://127.0.0.1:" + connector.getLocalPort();
      p.route("GET", "/.well-known/oauth-protected-resource/mcp", s -> Reply.json(200, "{\"resource\":\"" + p.url
          + "/mcp\",\"authorization_servers\":[\"" + issuer + "\"]}"));
      assertThatThrownBy(() -> c.onChallenge(challenge(p, withMetadata(p)))).isInstanceOf(OAuthException.class);
      assertThat(served).hasValue(0); // the handshake failed: no request was ever sent
    } finally {
      tls.stop();
    }
  }

  @Test
  void SEC_SPF_08_aMovedServerGetsANewRegistrationAndNeverTheOldClientId() {
    try (FakePeer rs = new FakePeer().honest(); FakePeer as1 = new FakePeer().honest(); FakePeer as2 = new FakePeer().honest();
        OAuthClient c = client(b -> b.preRegistered(null))) {
      as1.route("POST", "/register", s -> Reply.json(201, "{\"client_id\":\"as1-client\",\"client_secret\":\"as1-secret\"}"));
      as2.route("POST", "/register", s -> Reply.json(201, "{\"client_id\":\"as2-client\"}"));
      as2.route("POST", "/token", s -> Reply.json(200, "{\"access_token\":\"as2-token\",\"token_type\":\"Bearer\"}"));
      String[] current = {as1.url};
      rs.route("GET", "/.well-known/oauth-protected-resource/mcp", s -> Reply.json(200, "{\"resource\":\"" + rs.url
          + "/mcp\",\"authorization_servers\":[\"" + current[0] + "\"]}"));
      assertThat(c.onChallenge(challenge(rs, withMetadata(rs)))).isTrue();
      String first = c.headers(rs.mcp()).get("Authorization");
      current[0] = as2.url;
      assertThat(c.onChallenge(new AuthChallenge(401, rs.mcp(), List.of(withMetadata(rs))).withAttempt(1, first))).isTrue();
      assertThat(as2.to("/register")).hasSize(1);
      for (FakePeer.Seen s : as2.seen) {
        assertThat(String.valueOf(s.query()) + s.form() + s.authorization() + s.body()).doesNotContain("as1-client")
            .doesNotContain("as1-secret");
      }
      assertThat(c.headers(rs.mcp()).get("Authorization")).isEqualTo("Bearer as2-token");
      assertThat(c.store().client(as1.url)).isPresent(); // still keyed by its own issuer
      assertThat(c.store().client(as2.url).orElseThrow().clientId()).isEqualTo("as2-client");
    }
    // Pre-registered credentials bound to one issuer are refused for another, with an error.
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client(b -> b.preRegistered(
        new PreRegisteredClient("pre", "pre-secret", "https://other-as.example")))) {
      assertThatThrownBy(() -> c.onChallenge(challenge(p, withMetadata(p))))
          .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.reason()).isEqualTo(OAuthException.Reason.WRONG_AUTHORIZATION_SERVER));
      assertThat(p.to("/authorize")).isEmpty();
      assertThat(p.to("/token")).isEmpty();
    }
  }

  @Test
  void SEC_CI_15_theBrowserIsStartedWithTheUrlAsOneArgumentAndNoShell() throws Exception {
    Path canary = tmp.resolve("canary");
    Path argsFile = tmp.resolve("args");
    Path spy = tmp.resolve("spy.sh");
    Files.writeString(spy, "#!/bin/sh\nprintf '%s\\n' \"$#\" > '" + argsFile + "'\nprintf '%s' \"$1\" >> '" + argsFile + "'\n");
    Files.setPosixFilePermissions(spy, PosixFilePermissions.fromString("rwx------"));
    var out = new java.io.StringWriter();
    BrowserLauncher launcher = new BrowserLauncher(List.of(spy.toString()), new java.io.PrintWriter(out));
    String url = "https://as.example/authorize?a=$(touch%20" + canary + ")&b=;touch%20" + canary + "&c=`id`".replace("`", "%60");
    launcher.open(URI.create(url), URI.create("http://127.0.0.1:1/callback"));
    for (int i = 0; i < 50 && (!Files.exists(argsFile) || Files.readAllLines(argsFile).size() < 2); i++) {
      Thread.sleep(100);
    }
    List<String> lines = Files.readAllLines(argsFile);
    assertThat(lines.get(0)).isEqualTo("1");
    assertThat(lines.get(1)).isEqualTo(url);
    assertThat(canary).doesNotExist();
    assertThat(out.toString()).contains(url); // the URL is also shown
    for (String bad : List.of("javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "file:///C:/Windows/System32/calc.exe",
        "vbscript:msgbox(1)", "http://evil.example/$(calc)", "https://x.example/?a=$(Start-Process calc)",
        "https://x.example/\"&calc&\"")) {
      assertThatThrownBy(() -> BrowserLauncher.checkOpenable(bad)).as(bad).isInstanceOf(OAuthException.class);
      // And as an authorization endpoint in metadata, it is refused before anything is opened.
      try (FakePeer p = new FakePeer().honest()) {
        List<URI> opened = new ArrayList<>();
        try (OAuthClient c = OAuthClient.builder().userAgent((u, r) -> opened.add(u)).loginTimeout(Duration.ofSeconds(2)).build()) {
          String meta = FakePeer.asMetadata(p.url, "").replace("\"authorization_endpoint\":\"" + p.url + "/authorize\"",
              "\"authorization_endpoint\":" + OAuthHttp.JSON.writeValueAsString(bad));
          p.route("GET", "/.well-known/oauth-authorization-server", s -> Reply.json(200, meta));
          assertThatThrownBy(() -> c.onChallenge(challenge(p, withMetadata(p)))).as(bad).isInstanceOf(OAuthException.class);
        }
        assertThat(opened).isEmpty();
        assertThat(p.to("/register")).isEmpty();
      }
    }
  }

  @Test
  void SEC_CI_16_aPlainHttpAuthorizationEndpointOnARemoteHostIsRefused() {
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client()) {
      p.route("GET", "/.well-known/oauth-authorization-server", s -> Reply.json(200, FakePeer.asMetadata(p.url, "")
          .replace("\"authorization_endpoint\":\"" + p.url + "/authorize\"", "\"authorization_endpoint\":\"http://as.example.com/authorize\"")));
      assertThatThrownBy(() -> c.onChallenge(challenge(p, withMetadata(p))))
          .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.reason()).isEqualTo(OAuthException.Reason.UNSAFE_URL));
      assertThat(BrowserLauncher.class).isNotNull();
      assertThatThrownBy(() -> BrowserLauncher.checkOpenable("http://as.example.com/authorize")).isInstanceOf(OAuthException.class);
      assertThat(BrowserLauncher.checkOpenable("http://127.0.0.1:9000/authorize")).isNotNull();
    }
  }

  @Test
  void SEC_CL_18_tokensAreStoredInAFileOnlyTheOwnerCanRead() throws Exception {
    Path file = tmp.resolve("home/.mcpkit/credentials.json");
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client(b -> b.store(CredentialStore.file(file)))) {
      c.onChallenge(challenge(p, withMetadata(p)));
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
      String saved = Files.readString(file);
      assertThat(saved).contains(p.url).contains("\"access_token\"").contains("\"refresh_token\"");
      // Another process (a new client on the same file) uses the stored tokens without signing in again.
      try (OAuthClient again = client(b -> b.store(CredentialStore.file(file)))) {
        assertThat(again.headers(p.mcp())).isEqualTo(c.headers(p.mcp()));
      }
      // A file someone made readable by others is made private again when read.
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
      CredentialStore.file(file).bindings();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
  }

  @Test
  void SEC_CL_19_theLoopbackListenerTakesExactlyOneMatchingResponseAndThenCloses() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    try (LoopbackCallback cb = LoopbackCallback.open()) {
      URI redirect = cb.redirectUri();
      assertThat(redirect.getHost()).isEqualTo("127.0.0.1");
      assertThat(redirect.getPort()).isPositive();
      // Bound to 127.0.0.1 only: another loopback address of this machine does not reach it.
      try (Socket s = new Socket()) {
        assertThatThrownBy(() -> s.connect(new InetSocketAddress("127.0.0.2", redirect.getPort()), 1000))
            .isInstanceOf(IOException.class);
      }
      cb.expect("the-state", params -> new LoopbackCallback.Verdict(true, null));
      HttpResponse<String> other = http.send(HttpRequest.newBuilder(redirect.resolve("/elsewhere?code=x&state=the-state")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(other.statusCode()).isEqualTo(404);
      HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(redirect + "?code=x&state=forged")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(forged.statusCode()).isEqualTo(400);
      HttpResponse<String> real = http.send(HttpRequest.newBuilder(URI.create(redirect + "?code=secret-code&state=the-state"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(real.statusCode()).isEqualTo(200);
      assertThat(real.headers().firstValue("Referrer-Policy")).contains("no-referrer");
      assertThat(real.headers().firstValue("Cache-Control")).contains("no-store");
      assertThat(real.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'none'");
      assertThat(real.body()).doesNotContain("secret-code").doesNotContain("the-state");
      assertThat(cb.await(Duration.ofSeconds(5))).containsEntry("code", "secret-code");
      // Closed after its answer: a second callback cannot even connect.
      assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create(redirect + "?code=y&state=the-state")).build(),
          HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }
    // And it gives up after its timeout.
    try (LoopbackCallback cb = LoopbackCallback.open()) {
      cb.expect("s", params -> new LoopbackCallback.Verdict(true, null));
      assertThatThrownBy(() -> cb.await(Duration.ofMillis(300)))
          .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.reason()).isEqualTo(OAuthException.Reason.TIMED_OUT));
    }
    // The page escapes what it shows.
    try (LoopbackCallback cb = LoopbackCallback.open()) {
      cb.expect("s", params -> new LoopbackCallback.Verdict(false, "<script>alert(1)</script>"));
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(cb.redirectUri() + "?code=c&state=s")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.body()).doesNotContain("<script>").contains("&lt;script&gt;");
    }
  }

  @Test
  void SEC_AUD_03_and_SEC_CTX_15_noTokenSecretCodeOrVerifierIsLogged() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger mcpkit = (Logger) LoggerFactory.getLogger("dev.mcpkit");
    Level before = mcpkit.getLevel();
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    mcpkit.setLevel(Level.TRACE);
    MutableClockHolder clock = new MutableClockHolder();
    try (FakePeer p = new FakePeer().honest(); OAuthClient c = client(b -> b.clock(clock.clock)
        .preRegistered(new PreRegisteredClient("pre-id", "pre-SECRET-value", null)))) {
      c.onChallenge(challenge(p, withMetadata(p)));
      clock.clock.advance(Duration.ofSeconds(595));
      c.headers(p.mcp());
      c.logout(p.mcp());
      List<String> secrets = new ArrayList<>(List.of("pre-SECRET-value"));
      for (FakePeer.Seen s : p.to("/token")) {
        secrets.add(s.form().getOrDefault("code", "pre-SECRET-value"));
        secrets.add(s.form().getOrDefault("code_verifier", "pre-SECRET-value"));
        secrets.add(s.form().getOrDefault("refresh_token", "pre-SECRET-value"));
      }
      secrets.add(p.to("/authorize").getFirst().query().get("state"));
      for (FakePeer.Seen s : p.to("/revoke")) {
        secrets.add(s.form().get("token"));
      }
      assertThat(logs.list).isNotEmpty();
      for (ILoggingEvent e : logs.list) {
        String line = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage());
        for (String s : secrets) {
          assertThat(line).doesNotContain(s);
        }
      }
    } finally {
      root.detachAppender(logs);
      mcpkit.setLevel(before);
    }
  }

  private static final class MutableClockHolder {
    final dev.mcpkit.auth.server.testing.MutableClock clock = new dev.mcpkit.auth.server.testing.MutableClock();
  }
}
