package dev.mcpkit.auth.resource;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mcpkit.auth.server.testing.DocServer;
import dev.mcpkit.auth.server.testing.MutableClock;
import dev.mcpkit.core.testing.LoopbackPorts;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import dev.mcpkit.server.testing.HttpTestClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A protected MCP server whose authorization server is a test JWKS (served by a {@link DocServer}) plus Nimbus, so
 * that tests can mint tokens with any header and claims: the catalogue's "token minting" harness. The issuer is
 * {@link #ISSUER}; the JWKS holds an EC P-256 key {@code ec-1} and an RSA 2048 key {@code rsa-1}.
 */
final class MintedTokens implements AutoCloseable {

  static final String ISSUER = "https://as.test";

  final ECKey ec = ecKey("ec-1");
  final RSAKey rsa = rsaKey("rsa-1", 2048);
  final DocServer jwks = new DocServer();
  final MutableClock clock = new MutableClock();
  final int port = LoopbackPorts.free();
  final String resource = "http://127.0.0.1:" + port + "/mcp";
  final AtomicInteger calls = new AtomicInteger();
  final JwtValidator validator;
  final ResourceServerGuard guard;
  final McpHttpServer http;
  final HttpTestClient client;

  MintedTokens() {
    publish(ec, rsa);
    validator = JwtValidator.builder().jwks(ISSUER, URI.create(jwks.url("/jwks"))).build();
    guard = ResourceServerGuard.builder(resource).authorizationServers(ISSUER).baseScopes("mcp:read").clock(clock)
        .validator(validator).build();
    try {
      http = McpHttpServer.builder(McpServer.builder().name("minted")
          .tool(ServerTool.builder("whoami").handler(call -> {
            calls.incrementAndGet();
            return ToolResults.text(call.caller().orElseThrow().subject());
          }).build()).build()).port(port).guard(guard).build().start();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    client = new HttpTestClient(http);
  }

  /** Replaces the published key set. */
  void publish(JWK... keys) {
    List<JWK> pub = java.util.Arrays.stream(keys).map(JWK::toPublicJWK).toList();
    jwks.put("/jwks", DocServer.Doc.json(new JWKSet(pub).toString()));
  }

  /** The claims of a good token for this resource. */
  JWTClaimsSet.Builder claims() {
    Instant now = clock.instant();
    return new JWTClaimsSet.Builder().issuer(ISSUER).subject("user-1").audience(resource).claim("client_id", "app")
        .claim("scope", "mcp:read").issueTime(Date.from(now)).notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(300))).jwtID(UUID.randomUUID().toString());
  }

  String es256(Consumer<JWTClaimsSet.Builder> claims) {
    return sign(JWSAlgorithm.ES256, ec, h -> {}, claims);
  }

  /** Signs with {@code key} (its kid in the header unless {@code header} changes it). */
  String sign(JWSAlgorithm alg, JWK key, Consumer<JWSHeader.Builder> header, Consumer<JWTClaimsSet.Builder> claims) {
    JWSHeader.Builder h = new JWSHeader.Builder(alg).type(new JOSEObjectType("at+jwt")).keyID(key.getKeyID());
    header.accept(h);
    JWTClaimsSet.Builder c = claims();
    claims.accept(c);
    SignedJWT jwt = new SignedJWT(h.build(), c.build());
    try {
      // Weak RSA keys are allowed here on purpose: the test shows the resource server refusing them.
      JWSSigner signer = key instanceof ECKey e ? new ECDSASigner(e) : new RSASSASigner(((RSAKey) key).toPrivateKey(),
          java.util.Set.of(com.nimbusds.jose.crypto.opts.AllowWeakRSAKey.getInstance()));
      jwt.sign(signer);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  /** An HS256 token whose HMAC secret is the RSA public key's encoding: the algorithm-confusion attack. */
  String hs256WithPublicKey() throws Exception {
    byte[] secret = rsa.toRSAPublicKey().getEncoded();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt"))
        .keyID(rsa.getKeyID()).build(), claims().build());
    jwt.sign(new MACSigner(secret));
    return jwt.serialize();
  }

  /** An unsecured JWT ({@code alg: none}) with good claims. */
  String unsecured() {
    String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"at+jwt\"}".getBytes(StandardCharsets.UTF_8))
        .toString();
    return header + "." + Base64URL.encode(claims().build().toString().getBytes(StandardCharsets.UTF_8)) + ".";
  }

  static ECKey ecKey(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static RSAKey rsaKey(String kid, int bits) {
    try {
      if (bits >= 2048) {
        return new RSAKeyGenerator(bits).keyID(kid).generate();
      }
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(bits);
      var pair = g.generateKeyPair();
      return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
          .keyID(kid).build();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  HttpTestClient.Reply call(String token) {
    return client.call(1, "whoami", null).header("Authorization", "Bearer " + token).send();
  }

  @Override
  public void close() {
    client.close();
    http.close();
    guard.close();
    jwks.close();
  }
}
