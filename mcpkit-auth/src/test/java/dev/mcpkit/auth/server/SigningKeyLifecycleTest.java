package dev.mcpkit.auth.server;

import static dev.mcpkit.auth.server.testing.TestAuthServer.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.auth.server.testing.TestAuthServer;
import dev.mcpkit.store.RedisServer;
import dev.mcpkit.store.StoredSigningKey;
import dev.mcpkit.store.redis.RedisStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The JWKS publishes the signing key from start-up and the next key before it signs anything; two instances that
 * share one real Redis agree on a single active key when they start and when they rotate at the same moment.
 */
class SigningKeyLifecycleTest {

  private static String token(TestAuthServer t, HttpUser c) {
    return json(c.post(t.endpoint("/token"), Map.of("grant_type", "client_credentials", "resource", RESOURCE),
        Map.of("Authorization", basic(BASIC, SECRET)))).get("access_token").asString();
  }

  private static String kid(String jwt) throws Exception {
    return SignedJWT.parse(jwt).getHeader().getKeyID();
  }

  private static List<String> jwks(TestAuthServer t, HttpUser c) throws Exception {
    return JWKSet.parse(c.get(t.endpoint("/jwks")).body()).getKeys().stream().map(JWK::getKeyID).toList();
  }

  private static long activeKeys(TestAuthServer t) {
    Instant now = Instant.now();
    return t.store.signingKeys().stream().filter(k -> k.retiredAt() == null && !k.activation().isAfter(now)).count();
  }

  @Test
  void theJwksPublishesTheSigningKeyAndTheNextKeyFromStartUp() throws Exception {
    try (TestAuthServer t = new TestAuthServer(); HttpUser c = new HttpUser()) {
      List<String> atStart = jwks(t, c);
      assertThat(atStart).hasSize(2); // before any token: the active key and the next one
      String first = token(t, c);
      assertThat(atStart).contains(kid(first));
      String next = atStart.stream().filter(k -> !k.equals(kidUnchecked(first))).findFirst().orElseThrow();
      t.as.rotateSigningKey();
      // the key that signs after the rotation is the one that was published before it
      assertThat(kid(token(t, c))).isEqualTo(next);
      assertThat(jwks(t, c)).contains(kid(first), next).hasSize(3);
    }
  }

  private static String kidUnchecked(String jwt) {
    try {
      return kid(jwt);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void twoInstancesOnOneRedisNeverMakeTwoActiveKeys() throws Exception {
    try (RedisServer redis = RedisServer.throwaway(); HttpUser c = new HttpUser()) {
      // both start at once, each with its own connection to the same Redis
      List<Callable<TestAuthServer>> starts = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        starts.add(() -> new TestAuthServer(RedisStore.connect(redis.uri()), "", b -> {}));
      }
      List<TestAuthServer> servers = new ArrayList<>();
      try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
        for (Future<TestAuthServer> f : pool.invokeAll(starts)) {
          servers.add(f.get());
        }
      }
      try (TestAuthServer a = servers.get(0); TestAuthServer b = servers.get(1)) {
        assertThat(jwks(a, c)).hasSize(2).containsExactlyInAnyOrderElementsOf(jwks(b, c));
        assertThat(activeKeys(a)).isEqualTo(1);
        assertThat(kid(token(a, c))).isEqualTo(kid(token(b, c)));
        // both rotate at the same moment, several times
        for (int round = 0; round < 3; round++) {
          List<Callable<Void>> rotations = List.of(() -> {
            a.as.rotateSigningKey();
            return null;
          }, () -> {
            b.as.rotateSigningKey();
            return null;
          });
          try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (Future<Void> f : pool.invokeAll(rotations)) {
              f.get();
            }
          }
          assertThat(activeKeys(a)).isEqualTo(1);
          assertThat(a.store.signingKeys().stream().filter(k -> k.retiredAt() == null).count()).isEqualTo(2);
          Set<String> signers = new HashSet<>();
          for (int i = 0; i < 3; i++) {
            signers.add(kid(token(a, c)));
            signers.add(kid(token(b, c)));
          }
          assertThat(signers).hasSize(1);
          assertThat(jwks(a, c)).containsAll(signers).containsExactlyInAnyOrderElementsOf(jwks(b, c));
        }
        assertThat(a.store.signingKeys()).extracting(StoredSigningKey::keyId).doesNotHaveDuplicates();
      }
    }
  }
}
