package dev.mcpkit.examples.oauth;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import dev.mcpkit.auth.resource.IntrospectionValidator;
import dev.mcpkit.auth.resource.JwtValidator;
import dev.mcpkit.auth.resource.ResourceServerGuard;
import dev.mcpkit.auth.resource.TokenValidator;
import dev.mcpkit.auth.server.AuthorizationServer;
import dev.mcpkit.auth.server.CimdPolicy;
import dev.mcpkit.auth.server.ClientRegistration;
import dev.mcpkit.auth.server.PasswordHasher;
import dev.mcpkit.auth.server.ProtectedResource;
import dev.mcpkit.auth.server.UserAccount;
import dev.mcpkit.core.jsonschema.Description;
import dev.mcpkit.server.Caller;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import dev.mcpkit.store.Hashes;
import java.net.URI;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The protected side of every OAuth variant: an MCP server guarded by {@link ResourceServerGuard} and mcpkit's
 * embedded authorization server, on one 127.0.0.1 origin (the AS's issuer is {@code <origin>/auth}). The server has
 * one tool, {@code who_am_i}, that says what the guard learned from the token.
 *
 * <p>Cast at the AS: user alice; the public client {@value #APP} (PKCE; dynamic registration is on as well); the
 * service clients {@value #SERVICE} (client credentials, secret) and {@value #JWT_SERVICE} (client credentials,
 * {@code private_key_jwt}, when a public key is given); with introspection, the resource server's own confidential
 * client {@value #RS}.
 */
public final class OAuthServer implements AutoCloseable {

  public static final String APP = "oauth-example-app";
  public static final String SERVICE = "oauth-example-service";
  public static final String JWT_SERVICE = "oauth-example-jwt-service";
  public static final String RS = "oauth-example-rs";
  public static final String SCOPE = "mcp:read";

  /**
   * @param port the port on 127.0.0.1 (0: a free one)
   * @param password alice's password
   * @param serviceSecret the secret of {@value #SERVICE}
   * @param servicePublicKeyPem the EC P-256 public key (PEM) of {@value #JWT_SERVICE}, or {@code null} for none
   * @param introspectionCache {@code null}: validate JWTs with the AS's keys; else introspect (RFC 7662) and keep
   *     answers this long
   * @param loopbackMetadataDocuments accept Client ID Metadata Documents on loopback addresses (development only)
   */
  record Options(int port, String password, String serviceSecret, String servicePublicKeyPem,
      Duration introspectionCache, boolean loopbackMetadataDocuments) {}

  /** What {@code who_am_i} returns: the token's facts as the guard established them, never the token. */
  public record WhoAmI(@Description("sub: the user, or the client for client credentials") String subject,
      @Description("client_id: the OAuth client that obtained the token") String clientId,
      @Description("iss: the authorization server") String issuer,
      @Description("aud: the resource the token is for") String audience,
      @Description("the scopes granted") List<String> scopes,
      @Description("how the guard checked the token: jwt or introspection") String validatedBy) {}

  public final String resource;
  public final String issuer;
  private final AuthorizationServer as;
  private final ResourceServerGuard guard;
  private final McpHttpServer http;

  public OAuthServer(Options o) throws Exception {
    String validatedBy = o.introspectionCache() == null ? "jwt" : "introspection";
    // the issuer and the resource contain the port: bound first, then served on as bound (never free in between)
    McpHttpServer.Builder builder = McpHttpServer.builder(McpServer.builder().name("oauth-example").version("1.0.0")
            .requireScopes(SCOPE)
            .tool(ServerTool.builder("who_am_i").description("Says who the caller is, as the access token says")
                .outputSchema(WhoAmI.class)
                .handler(call -> ToolResults.structured(whoAmI(call.caller().orElseThrow(), validatedBy))).build())
            .build())
        .port(o.port());
    int port = builder.bind();
    String origin = "http://127.0.0.1:" + port;
    resource = origin + "/mcp";
    issuer = origin + "/auth";
    String rsSecret = Ports.random(24);
    List<ClientRegistration> clients = new ArrayList<>(List.of(
        ClientRegistration.publicClient(APP, "OAuth example app", "http://127.0.0.1/callback"),
        ClientRegistration.serviceClient(SERVICE, "OAuth example service", "sha256:" + Hashes.sha256(o.serviceSecret()),
            SCOPE),
        // The resource server's own credentials, for the introspection endpoint (without redirect URIs it can
        // obtain no tokens by the default grants).
        ClientRegistration.builder(RS).name("OAuth example resource server").authMethod("client_secret_basic")
            .secretHash("sha256:" + Hashes.sha256(rsSecret)).build()));
    if (o.servicePublicKeyPem() != null) {
      clients.add(ClientRegistration.builder(JWT_SERVICE).name("OAuth example service (private_key_jwt)")
          .authMethod("private_key_jwt").jwks(new JWKSet(publicJwk(o.servicePublicKeyPem())).toString())
          .grantTypes(Set.of("client_credentials")).scopes(Set.of(SCOPE)).build());
    }
    as = AuthorizationServer.builder().issuer(URI.create(issuer))
        .users(List.of(new UserAccount("alice", PasswordHasher.hash(o.password()), "Alice")))
        .protectedResources(List.of(ProtectedResource.of(resource, SCOPE)))
        .clients(clients)
        .cimd(new CimdPolicy(true, List.of(), o.loopbackMetadataDocuments()))
        .build();
    TokenValidator validator = o.introspectionCache() == null
        ? JwtValidator.builder().jwks(issuer, URI.create(issuer + "/jwks")).build()
        : IntrospectionValidator.builder(URI.create(issuer + "/introspect"), RS, rsSecret)
            .cacheTtl(o.introspectionCache()).build();
    guard = ResourceServerGuard.builder(resource).authorizationServers(issuer).scopesSupported(SCOPE)
        .baseScopes(SCOPE).resourceName("OAuth example server").validator(validator).build();
    http = builder.guard(guard).handler(guard.metadataHandler()).handler(as.handler()).build().start();
  }

  /** An EC P-256 public key in PEM ({@code -----BEGIN PUBLIC KEY-----}, as {@code openssl pkey -pubout} writes it). */
  static ECKey publicJwk(String pem) throws Exception {
    byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", ""));
    ECPublicKey key = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
    return new ECKey.Builder(Curve.P_256, key).build();
  }

  static WhoAmI whoAmI(Caller c, String validatedBy) {
    Object aud = c.claims().get("aud");
    return new WhoAmI(c.subject(), c.clientId(), String.valueOf(c.claims().get("iss")),
        aud instanceof List<?> l ? String.valueOf(l.getFirst()) : String.valueOf(aud), List.copyOf(new TreeSet<>(
            c.scopes())), validatedBy);
  }

  public URI mcpUrl() {
    return URI.create(resource);
  }

  public void join() throws InterruptedException {
    http.join();
  }

  @Override
  public void close() {
    http.close();
    guard.close();
    as.close();
  }
}
