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
public final class ClientCredentials {

  private final String clientId;
  private final String clientSecret;
  private final ECPrivateKey privateKey;
  private final String keyId;
  private final String authMethod;

  /** A secret; {@code method} is {@code null} (the server's choice) or a client-secret method. */
  private ClientCredentials(String clientId, String clientSecret, String method) {
    this.clientId = requireId(clientId);
    if (clientSecret == null) {
      throw new IllegalArgumentException("client credentials need either a secret or a private key");
    }
    this.clientSecret = clientSecret;
    this.privateKey = null;
    this.keyId = null;
    this.authMethod = method;
  }

  /** A private key for {@code private_key_jwt}. */
  private ClientCredentials(String clientId, ECPrivateKey key, String keyId) {
    this.clientId = requireId(clientId);
    if (key == null) {
      throw new IllegalArgumentException("client credentials need either a secret or a private key");
    }
    this.clientSecret = null;
    this.privateKey = key;
    this.keyId = keyId;
    this.authMethod = "private_key_jwt";
  }

  private static String requireId(String clientId) {
    if (clientId == null || clientId.isBlank()) {
      throw new IllegalArgumentException("client credentials need a client id");
    }
    return clientId;
  }

  /**
   * A secret, sent the way the server lists first (client_secret_basic, else client_secret_post).
   *
   * @param clientId the client id
   * @param clientSecret the secret
   * @return the credentials
   * @throws IllegalArgumentException when either is missing
   */
  public static ClientCredentials secret(String clientId, String clientSecret) {
    return new ClientCredentials(clientId, clientSecret, (String) null);
  }

  /**
   * A secret, always sent with {@code method} ({@code client_secret_basic} or {@code client_secret_post}).
   *
   * @param clientId the client id
   * @param clientSecret the secret
   * @param method {@code client_secret_basic} or {@code client_secret_post}
   * @return the credentials
   * @throws IllegalArgumentException for another method, or when the id or secret is missing
   */
  public static ClientCredentials secret(String clientId, String clientSecret, String method) {
    if (!method.equals("client_secret_basic") && !method.equals("client_secret_post")) {
      throw new IllegalArgumentException("a secret is sent with client_secret_basic or client_secret_post");
    }
    return new ClientCredentials(clientId, clientSecret, method);
  }

  /**
   * An EC P-256 key for {@code private_key_jwt}: each token request carries a fresh ES256 assertion.
   *
   * @param clientId the client id ({@code iss} and {@code sub} of the assertion)
   * @param key the private key
   * @param keyId the {@code kid} put in the assertion's header, or {@code null} for none
   * @return the credentials
   * @throws IllegalArgumentException when the id or key is missing
   */
  public static ClientCredentials privateKeyJwt(String clientId, ECPrivateKey key, String keyId) {
    return new ClientCredentials(clientId, key, keyId);
  }

  /** @return the client id */
  public String clientId() {
    return clientId;
  }

  /** @return the secret, or {@code null} for {@code private_key_jwt} */
  public String clientSecret() {
    return clientSecret;
  }

  /** @return the private key for {@code private_key_jwt}, or {@code null} for a secret */
  public ECPrivateKey privateKey() {
    return privateKey;
  }

  /** @return the {@code kid} of the private key, or {@code null} */
  public String keyId() {
    return keyId;
  }

  /**
   * @return the client authentication method to use, or {@code null} when a secret goes the way the server lists
   *     first
   */
  public String authMethod() {
    return authMethod;
  }

  /**
   * Reads an unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}) holding an EC key.
   *
   * @param pem the PEM text
   * @return the key
   * @throws IllegalArgumentException when the text is not such a key
   */
  public static ECPrivateKey ecPrivateKeyFromPem(String pem) {
    String b64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
    try {
      byte[] der = Base64.getDecoder().decode(b64);
      return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (Exception e) {
      throw new IllegalArgumentException("not an unencrypted PKCS#8 EC private key in PEM form");
    }
  }

  /** Names the client id and the kind of credential, never the secret or key. */
  @Override
  public String toString() {
    return "ClientCredentials[" + clientId + (clientSecret != null ? ", secret=***" : ", private_key_jwt") + "]";
  }
}
