package dev.mcpkit.auth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;

/** The three ways to make {@link ClientCredentials}, each with exactly one kind of credential. */
class ClientCredentialsTest {

  @Test
  void eachFactoryHoldsOneKindOfCredential() throws Exception {
    ClientCredentials s = ClientCredentials.secret("svc", "s3cret");
    assertThat(s.clientSecret()).isEqualTo("s3cret");
    assertThat(s.privateKey()).isNull();
    assertThat(s.authMethod()).isNull(); // the server's listed method is used
    assertThat(s.toString()).doesNotContain("s3cret");
    assertThat(ClientCredentials.secret("svc", "s3cret", "client_secret_post").authMethod())
        .isEqualTo("client_secret_post");
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    ClientCredentials k = ClientCredentials.privateKeyJwt("svc", (ECPrivateKey) g.generateKeyPair().getPrivate(), "k1");
    assertThat(k.clientSecret()).isNull();
    assertThat(k.keyId()).isEqualTo("k1");
    assertThat(k.authMethod()).isEqualTo("private_key_jwt");
  }

  @Test
  void missingPartsAreRefused() {
    assertThatThrownBy(() -> ClientCredentials.secret(" ", "s")).hasMessageContaining("client id");
    assertThatThrownBy(() -> ClientCredentials.secret("svc", null)).hasMessageContaining("secret or a private key");
    assertThatThrownBy(() -> ClientCredentials.privateKeyJwt("svc", null, null))
        .hasMessageContaining("secret or a private key");
    assertThatThrownBy(() -> ClientCredentials.secret("svc", "s", "private_key_jwt"))
        .hasMessageContaining("client_secret_basic or client_secret_post");
  }
}
