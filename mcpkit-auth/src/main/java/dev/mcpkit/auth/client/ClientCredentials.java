package dev.mcpkit.auth.client;

import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The {@code client_credentials} grant (a client acting on its own behalf, no user): a client id and
 * either a secret ({@code client_secret_basic} or {@code client_secret_post}, whichever the server
 * lists) or an EC P-256 private key for {@code private_key_jwt} (RFC 7523 assertions signed ES256
 * with {@code iss} = {@code sub} = the client id and {@code aud} = the authorization server's
 * issuer).
 */
public record ClientCredentials(String clientId, String clientSecret, ECPrivateKey privateKey, String keyId,
    String authMethod) {

  public ClientCredentials {
    if (clientId == null || clientId.isBlank()) {
      throw new IllegalArgumentException("client credentials need a client id");
    }
    if ((clientSecret == null) == (privateKey == null)) {
      throw new IllegalArgumentException("client credentials need either a secret or a private key");
    }
  }

  /** A secret, sent the way the server lists first (client_secret_basic, else client_secret_post). */
  public static ClientCredentials secret(String clientId, String clientSecret) {
    return new ClientCredentials(clientId, clientSecret, null, null, null);
  }

  /** A secret, always sent with {@code method} ({@code client_secret_basic} or {@code client_secret_post}). */
  public static ClientCredentials secret(String clientId, String clientSecret, String method) {
    if (!method.equals("client_secret_basic") && !method.equals("client_secret_post")) {
      throw new IllegalArgumentException("a secret is sent with client_secret_basic or client_secret_post");
    }
    return new ClientCredentials(clientId, clientSecret, null, null, method);
  }

  public static ClientCredentials privateKeyJwt(String clientId, ECPrivateKey key, String keyId) {
    return new ClientCredentials(clientId, null, key, keyId, "private_key_jwt");
  }

  /** Reads an unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}) holding an EC key. */
  public static ECPrivateKey ecPrivateKeyFromPem(String pem) {
    String b64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
    try {
      byte[] der = Base64.getDecoder().decode(b64);
      return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (Exception e) {
      throw new IllegalArgumentException("not an unencrypted PKCS#8 EC private key in PEM form");
    }
  }

  @Override
  public String toString() {
    return "ClientCredentials[" + clientId + (clientSecret != null ? ", secret=***" : ", private_key_jwt") + "]";
  }
}
