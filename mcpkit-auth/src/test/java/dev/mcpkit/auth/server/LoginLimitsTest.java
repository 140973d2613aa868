package dev.mcpkit.auth.server;

import static dev.mcpkit.auth.server.testing.TestAuthServer.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.auth.server.testing.Pkce;
import dev.mcpkit.auth.server.testing.TestAuthServer;
import dev.mcpkit.store.RedisServer;
import dev.mcpkit.store.Store;
import dev.mcpkit.store.redis.RedisStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Failed-login limits per account across addresses and per address across user names, counted before the password
 * is checked, and a bound on password hashes in progress; with the memory store and with a real Redis.
 */
class LoginLimitsTest {

  @AfterEach
  void restoreHashBound() {
    PasswordHasher.resetConcurrency();
  }

  /** Posts {@code n} logins at once from one browser's login page and returns their statuses. */
  private static List<HttpUser.Reply> parallelLogins(TestAuthServer t, HttpUser u, HttpUser.Reply page, int n,
      String username, String password) throws Exception {
    List<Callable<HttpUser.Reply>> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      calls.add(() -> t.logIn(u, page, username, password));
    }
    List<HttpUser.Reply> replies = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
      for (Future<HttpUser.Reply> f : pool.invokeAll(calls)) {
        replies.add(f.get());
      }
    }
    return replies;
  }

  private static void twentyParallelWrongPasswordsGetFiveChecks(Store store) throws Exception {
    PasswordHasher.limitConcurrency(32); // this test is about the counter, not the hash bound
    try (TestAuthServer t = new TestAuthServer(store, "", b -> b.loginFailuresPerWindow(5));
        HttpUser u = new HttpUser()) {
      HttpUser.Reply page = u.get(t.authorizeUrl(Pkce.create(), Map.of()));
      List<HttpUser.Reply> replies = parallelLogins(t, u, page, 20, ALICE, "wrong");
      long checked = replies.stream().filter(r -> r.status() == 200).count();
      long refused = replies.stream().filter(r -> r.status() == 429).count();
      assertThat(checked).as("passwords checked").isEqualTo(5);
      assertThat(refused).isEqualTo(15);
      // five failures: even the right password is refused now, from this or any other address
      assertThat(t.logIn(u, page, ALICE, ALICE_PASSWORD).status()).isEqualTo(429);
    }
  }

  @Test
  void twentyParallelWrongPasswordsGetAtMostFiveChecks() throws Exception {
    twentyParallelWrongPasswordsGetFiveChecks(null);
  }

  @Test
  void twentyParallelWrongPasswordsGetAtMostFiveChecksWithRedis() throws Exception {
    try (RedisServer redis = RedisServer.throwaway()) {
      twentyParallelWrongPasswordsGetFiveChecks(RedisStore.connect(redis.uri()));
    }
  }

  @Test
  void oneAddressCannotTryManyUserNames() {
    // per account 2, per address 4 x 2 = 8 failures across all names
    try (TestAuthServer t = new TestAuthServer(b -> b.loginFailuresPerWindow(2)); HttpUser u = new HttpUser()) {
      HttpUser.Reply page = u.get(t.authorizeUrl(Pkce.create(), Map.of()));
      for (int i = 0; i < 8; i++) {
        assertThat(t.logIn(u, page, "user" + i, "guess").status()).isEqualTo(200);
      }
      HttpUser.Reply refused = t.logIn(u, page, "user-new", "guess");
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.body()).contains("Too many failed attempts");
      // bob's right password from this address too: the address is spent for the window
      assertThat(t.logIn(u, page, "bob", ALICE_PASSWORD).status()).isEqualTo(429);
      // another address is not affected
      try (HttpUser other = new HttpUser("127.0.0.2")) {
        HttpUser.Reply p = other.get(t.authorizeUrl(Pkce.create(), Map.of()));
        assertThat(t.logIn(other, p, "bob", ALICE_PASSWORD).status()).isEqualTo(303);
      }
    }
  }

  @Test
  void oneAccountIsLimitedAcrossAddresses() {
    try (TestAuthServer t = new TestAuthServer(b -> b.loginFailuresPerWindow(3))) {
      for (int i = 2; i <= 4; i++) {
        try (HttpUser u = new HttpUser("127.0.0." + i)) {
          HttpUser.Reply page = u.get(t.authorizeUrl(Pkce.create(), Map.of()));
          assertThat(t.logIn(u, page, ALICE.toUpperCase(), "wrong").status()).isEqualTo(200);
        }
      }
      try (HttpUser u = new HttpUser("127.0.0.5")) {
        HttpUser.Reply page = u.get(t.authorizeUrl(Pkce.create(), Map.of()));
        assertThat(t.logIn(u, page, ALICE, ALICE_PASSWORD).status()).isEqualTo(429);
        // a successful login is not a failure: bob's count from the same address is untouched
        assertThat(t.logIn(u, page, "bob", ALICE_PASSWORD).status()).isEqualTo(303);
      }
    }
  }

  @Test
  void passwordHashesInProgressAreBoundedWithAClearAnswer() throws Exception {
    PasswordHasher.limitConcurrency(1);
    try (TestAuthServer t = new TestAuthServer(b -> b.loginFailuresPerWindow(100)); HttpUser u = new HttpUser()) {
      HttpUser.Reply page = u.get(t.authorizeUrl(Pkce.create(), Map.of()));
      List<HttpUser.Reply> replies = parallelLogins(t, u, page, 16, ALICE, "wrong");
      List<HttpUser.Reply> busy = replies.stream().filter(r -> r.status() == 503).toList();
      assertThat(replies).allSatisfy(r -> assertThat(r.status()).isIn(200, 503));
      assertThat(busy).isNotEmpty();
      assertThat(busy.getFirst().header("Retry-After")).isEqualTo("1");
      assertThat(busy.getFirst().body()).contains("busy");
      // a refused attempt was never checked, so it did not count: the page still signs alice in afterwards
      assertThat(t.logIn(u, page, ALICE, ALICE_PASSWORD).status()).isEqualTo(303);
    }
  }
}
