package dev.mcpkit.auth.server.testing;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * A small upstream identity provider for federated-login tests: OpenID discovery, an authorization endpoint that
 * approves at once (as a provider does when the user consented before, the "consent cookie" case), a token endpoint
 * that checks the client secret, the redirect URI and PKCE and returns an RS256 ID token, a JWKS, and a GitHub-style
 * user API.
 */
public final class FakeUpstream implements AutoCloseable {

  public static final String CLIENT_ID = "mcpkit-at-fake";
  public static final String CLIENT_SECRET = "fake-upstream-secret";

  private record Grant(String redirectUri, String challenge, String nonce) {}

  private final Server server = new Server();
  private final RSAKey key;
  private final Map<String, Grant> codes = new ConcurrentHashMap<>();
  public final List<String> issuedAccessTokens = new CopyOnWriteArrayList<>();
  public final AtomicInteger authorizeRequests = new AtomicInteger();
  public final List<Map<String, String>> authorizeParams = new CopyOnWriteArrayList<>();
  public volatile String subject = "u-123";
  public volatile String nonceOverride;
  public volatile String audienceOverride;
  /** When set, the OpenID discovery document served as is ({@code $ISSUER} stands for the issuer). */
  public volatile String discoveryOverride;
  /** When set, the token endpoint's 200 answer served as is, after its checks. */
  public volatile String tokenAnswerOverride;
  public final int port;
  public final String issuer;

  public FakeUpstream() {
    try {
      key = new RSAKeyGenerator(2048).keyID("fake-1").generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    ServerConnector c = new ServerConnector(server);
    c.setHost("127.0.0.1");
    server.addConnector(c);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        route(request, response, callback);
        return true;
      }
    });
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    port = c.getLocalPort();
    issuer = "http://127.0.0.1:" + port;
  }

  private void route(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    switch (path) {
      case "/.well-known/openid-configuration" -> json(response, callback, 200, discoveryOverride != null
          ? discoveryOverride.replace("$ISSUER", issuer) : "{\"issuer\":\"" + issuer
          + "\",\"authorization_endpoint\":\"" + issuer + "/authorize\",\"token_endpoint\":\"" + issuer
          + "/token\",\"jwks_uri\":\"" + issuer + "/jwks\",\"userinfo_endpoint\":\"" + issuer + "/user\"}");
      case "/jwks" -> json(response, callback, 200, new JWKSet(key.toPublicJWK()).toString());
      case "/authorize" -> {
        authorizeRequests.incrementAndGet();
        Fields q = Request.extractQueryParameters(request);
        Map<String, String> p = new ConcurrentHashMap<>();
        q.forEach(f -> p.put(f.getName(), f.getValue()));
        authorizeParams.add(p);
        if (!CLIENT_ID.equals(p.get("client_id"))) {
          json(response, callback, 400, "{\"error\":\"unauthorized_client\"}");
          return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, new Grant(p.get("redirect_uri"), p.get("code_challenge"), p.get("nonce")));
        response.setStatus(302);
        response.getHeaders().put("Location", p.get("redirect_uri") + "?code=" + code + "&state="
            + java.net.URLEncoder.encode(p.get("state"), StandardCharsets.UTF_8));
        callback.succeeded();
      }
      case "/token" -> {
        Fields f = Request.getParameters(request);
        String auth = request.getHeaders().get("Authorization");
        String expectedBasic = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET)
            .getBytes(StandardCharsets.UTF_8));
        boolean authenticated = expectedBasic.equals(auth)
            || (CLIENT_ID.equals(f.getValue("client_id")) && CLIENT_SECRET.equals(f.getValue("client_secret")));
        Grant g = codes.remove(String.valueOf(f.getValue("code")));
        if (!authenticated) {
          json(response, callback, 401, "{\"error\":\"invalid_client\"}");
          return;
        }
        if (g == null || !g.redirectUri().equals(f.getValue("redirect_uri"))
            || !Pkce.s256(String.valueOf(f.getValue("code_verifier"))).equals(g.challenge())) {
          json(response, callback, 400, "{\"error\":\"invalid_grant\"}");
          return;
        }
        if (tokenAnswerOverride != null) {
          json(response, callback, 200, tokenAnswerOverride);
          return;
        }
        String at = "upstream-secret-" + UUID.randomUUID();
        issuedAccessTokens.add(at);
        String idToken = null;
        if (g.nonce() != null) {
          JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject(subject)
              .audience(audienceOverride != null ? audienceOverride : CLIENT_ID)
              .expirationTime(new Date(System.currentTimeMillis() + 300_000)).issueTime(new Date())
              .claim("nonce", nonceOverride != null ? nonceOverride : g.nonce()).claim("name", "Uma Upstream").build();
          SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
          jwt.sign(new RSASSASigner(key));
          idToken = jwt.serialize();
        }
        json(response, callback, 200, "{\"access_token\":\"" + at + "\",\"token_type\":\"Bearer\""
            + (idToken == null ? "" : ",\"id_token\":\"" + idToken + "\"") + "}");
      }
      case "/user" -> {
        String auth = request.getHeaders().get("Authorization");
        if (auth == null || !issuedAccessTokens.contains(auth.replace("Bearer ", ""))) {
          json(response, callback, 401, "{\"message\":\"Bad credentials\"}");
          return;
        }
        json(response, callback, 200, "{\"id\":4242,\"login\":\"octocat\"}");
      }
      default -> json(response, callback, 404, "{}");
    }
  }

  private static void json(Response response, Callback callback, int status, String body) {
    response.setStatus(status);
    response.getHeaders().put("Content-Type", "application/json");
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception ignored) {
      // closing
    }
  }
}
