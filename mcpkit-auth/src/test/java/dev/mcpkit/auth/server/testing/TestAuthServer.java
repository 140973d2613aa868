package dev.mcpkit.auth.server.testing;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.mcpkit.auth.server.AuthorizationServer;
import dev.mcpkit.auth.server.ClientRegistration;
import dev.mcpkit.auth.server.PasswordHasher;
import dev.mcpkit.auth.server.ProtectedResource;
import dev.mcpkit.auth.server.UserAccount;
import dev.mcpkit.core.testing.LoopbackPorts;
import dev.mcpkit.store.Store;
import dev.mcpkit.store.memory.MemoryStore;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An authorization server on a free 127.0.0.1 port with a known cast: user alice, a public client, confidential
 * clients for each authentication method, an MCP server allowed to exchange tokens, two protected resources.
 */
public final class TestAuthServer implements AutoCloseable {

  public static final String RESOURCE = "http://127.0.0.1:18080/mcp";
  public static final String DOWNSTREAM = "http://127.0.0.1:18081/mcp";
  public static final String PUBLIC = "public-client";
  public static final String LOOPBACK_REDIRECT = "http://127.0.0.1/callback";
  public static final String APP_REDIRECT = "https://app.test/cb";
  public static final String BASIC = "basic-client";
  public static final String POST = "post-client";
  public static final String JWT = "jwt-client";
  public static final String SECRET = "s3cret-value";
  public static final String MCP_SERVER = "mcp-server";
  public static final String ALICE = "alice";
  /** The scope list the operator gave the confidential clients (client_credentials needs an explicit one). */
  public static final Set<String> OPERATOR_SCOPES = Set.of("mcp:read", "mcp:write", "mcp:share", "mcp:admin",
      "files:read", "files:write");
  public static final String ALICE_PASSWORD = "correct horse battery staple";
  public static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String ALICE_HASH = PasswordHasher.hash(ALICE_PASSWORD);
  public static final ECKey CLIENT_KEY = newKey();

  public final int port;
  public final String issuer;
  public final MutableClock clock = new MutableClock();
  public final Store store;
  public final AuthorizationServer as;

  public TestAuthServer() {
    this(b -> {});
  }

  public TestAuthServer(Consumer<AuthorizationServer.Builder> customize) {
    this(null, "", customize);
  }

  /** @param store a store to use (e.g. Redis), or {@code null} for a memory store on the test clock */
  public TestAuthServer(Store store, String issuerPath, Consumer<AuthorizationServer.Builder> customize) {
    this(store, LoopbackPorts.free(), issuerPath, customize);
  }

  public TestAuthServer(Store store, int port, String issuerPath, Consumer<AuthorizationServer.Builder> customize) {
    this.port = port;
    this.issuer = "http://127.0.0.1:" + port + issuerPath;
    this.store = store != null ? store : new MemoryStore(clock);
    String sha = "sha256:" + dev.mcpkit.store.Hashes.sha256(SECRET);
    AuthorizationServer.Builder b = AuthorizationServer.builder()
        .issuer(URI.create(issuer))
        .store(this.store)
        .clock(clock)
        .users(List.of(new UserAccount(ALICE, ALICE_HASH, "Alice Example"), new UserAccount("bob", ALICE_HASH, null)))
        .protectedResources(List.of(
            // files:read here too: a user who consents to it lets the MCP server exchange the token for files:read
            // downstream (an exchange never gives more than the subject token has).
            new ProtectedResource(RESOURCE, List.of("mcp:read", "mcp:write", "files:read"), List.of("mcp:read")),
            ProtectedResource.of(DOWNSTREAM, "files:read", "files:write")))
        .clients(List.of(
            ClientRegistration.publicClient(PUBLIC, "Public <b>Client</b>", LOOPBACK_REDIRECT, APP_REDIRECT,
                "http://localhost/cb"),
            ClientRegistration.builder(BASIC).name("Basic client").redirectUris(List.of(APP_REDIRECT))
                .authMethod("client_secret_basic").secretHash(sha)
                .grantTypes(Set.of("authorization_code", "refresh_token", "client_credentials")).scopes(OPERATOR_SCOPES)
                .build(),
            ClientRegistration.builder(POST).name("Post client").redirectUris(List.of(APP_REDIRECT))
                .authMethod("client_secret_post").secretHash(PasswordHasher.hash(SECRET))
                .grantTypes(Set.of("authorization_code", "client_credentials")).scopes(OPERATOR_SCOPES).build(),
            ClientRegistration.builder(JWT).name("JWT client").redirectUris(List.of(APP_REDIRECT))
                .authMethod("private_key_jwt").jwks(new JWKSet(CLIENT_KEY.toPublicJWK()).toString())
                .grantTypes(Set.of("authorization_code", "client_credentials")).scopes(OPERATOR_SCOPES).build(),
            ClientRegistration.builder(MCP_SERVER).name("MCP server").authMethod("client_secret_basic").secretHash(sha)
                .grantTypes(Set.of("urn:ietf:params:oauth:grant-type:token-exchange")).scopes(Set.of("files:read"))
                .resource(RESOURCE).exchangeTargets(Set.of(DOWNSTREAM)).build()));
    customize.accept(b);
    this.as = b.build();
    try {
      as.start("127.0.0.1", port);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public String endpoint(String path) {
    return issuer + path;
  }

  /** An authorization URL for the public client with PKCE, a state and the resource; {@code extra} overrides. */
  public String authorizeUrl(Pkce pkce, Map<String, String> extra) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("response_type", "code");
    p.put("client_id", PUBLIC);
    p.put("redirect_uri", "http://127.0.0.1:45678/callback");
    p.put("code_challenge", pkce.challenge());
    p.put("code_challenge_method", "S256");
    p.put("state", "state-123");
    p.put("resource", RESOURCE);
    p.putAll(extra);
    StringBuilder b = new StringBuilder(endpoint("/authorize"));
    char sep = '?';
    for (Map.Entry<String, String> e : p.entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      b.append(sep).append(enc(e.getKey())).append('=').append(enc(e.getValue()));
      sep = '&';
    }
    return b.toString();
  }

  public static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Logs alice in on the login page shown by {@code loginPage}; returns the reply (a 303 to /interaction). */
  public HttpUser.Reply logIn(HttpUser user, HttpUser.Reply loginPage, String username, String password) {
    return user.submit(endpoint("/login"), Map.of("request", loginPage.hidden("request"),
        "csrf", loginPage.hidden("csrf"), "username", username, "password", password));
  }

  /** Drives authorize → login (alice) → consent (approve) and returns the final redirect to the client. */
  public HttpUser.Reply authorize(HttpUser user, String authorizeUrl) {
    HttpUser.Reply page = user.get(authorizeUrl);
    if (page.body().contains("id=\"username\"")) {
      HttpUser.Reply afterLogin = logIn(user, page, ALICE, ALICE_PASSWORD);
      if (afterLogin.status() != 303) {
        throw new AssertionError("login failed: " + afterLogin.status() + " " + afterLogin.body());
      }
      page = user.get(afterLogin.location());
    }
    if (page.status() == 303) {
      return page; // consent remembered
    }
    if (!page.body().contains("id=\"approve\"")) {
      throw new AssertionError("expected the consent page, got " + page.status() + ": " + page.body());
    }
    return user.submit(endpoint("/consent"), Map.of("request", page.hidden("request"), "csrf", page.hidden("csrf"),
        "decision", "approve", "remember", "yes"));
  }

  /** Runs the whole browser part for the public client and returns the code. */
  public String code(HttpUser user, Pkce pkce) {
    HttpUser.Reply r = authorize(user, authorizeUrl(pkce, Map.of()));
    return HttpUser.query(r.location()).get("code").getFirst();
  }

  /** Redeems a code for the public client. */
  public HttpUser.Reply redeem(HttpUser user, String code, Pkce pkce) {
    return user.post(endpoint("/token"), Map.of("grant_type", "authorization_code", "code", code,
        "code_verifier", pkce.verifier(), "redirect_uri", "http://127.0.0.1:45678/callback", "client_id", PUBLIC,
        "resource", RESOURCE));
  }

  public static JsonNode json(HttpUser.Reply r) {
    return JSON.readTree(r.body());
  }

  public static String basic(String id, String secret) {
    return "Basic " + java.util.Base64.getEncoder().encodeToString((enc(id) + ":" + enc(secret))
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static ECKey newKey() {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID("client-key-1").generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    as.close();
    store.close();
  }
}
