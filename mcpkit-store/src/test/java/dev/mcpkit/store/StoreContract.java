package dev.mcpkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Store} must have. Each implementation's test extends this class and supplies a
 * fresh store; the same assertions then run against memory and against a real Redis.
 */
public abstract class StoreContract {

  protected Store store;

  /** A fresh, empty store. */
  protected abstract Store newStore();

  /** Makes {@code d} pass for the store (a clock move for memory, a real wait for Redis). */
  protected abstract void elapse(Duration d);

  @BeforeEach
  void open() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  protected Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  private static String id() {
    return UUID.randomUUID().toString();
  }

  private StoredCode code(String hash, String family, Instant expires) {
    return StoredCode.builder()
        .codeHash(hash)
        .clientId("client-1")
        .redirectUri("http://127.0.0.1:3000/callback")
        .codeChallenge("challenge")
        .resource("https://mcp.test/mcp")
        .scope("mcp:read")
        .subject("alice")
        .familyId(family)
        .authTime(now())
        .expiresAt(expires).build();
  }

  @Test
  void clientsRoundTripAndDoNotExpire() {
    StoredClient c = new StoredClient("c-" + id(), "{\"client_name\":\"x\"}", "sha256:ab", now());
    store.saveClient(c);
    assertThat(store.findClient(c.clientId())).contains(c);
    assertThat(store.findClient("nope")).isEmpty();
  }

  @Test
  void aCodeIsRedeemedOnceAndItsReplayNamesTheFamily() {
    String hash = Hashes.sha256(id());
    StoredCode c = code(hash, "fam-1", now().plusSeconds(60));
    store.saveCode(c);
    assertThat(store.redeemCode(hash, Duration.ofMinutes(5))).isEqualTo(new CodeRedemption.Redeemed(c));
    assertThat(store.redeemCode(hash, Duration.ofMinutes(5))).isEqualTo(new CodeRedemption.Replayed("fam-1"));
    assertThat(store.redeemCode(Hashes.sha256("never issued"), Duration.ofMinutes(5)))
        .isInstanceOf(CodeRedemption.Unknown.class);
  }

  @Test
  void concurrentRedemptionsOfOneCodeHaveExactlyOneWinner() throws Exception {
    String hash = Hashes.sha256(id());
    store.saveCode(code(hash, "fam-2", now().plusSeconds(60)));
    List<Callable<CodeRedemption>> tasks = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      tasks.add(() -> store.redeemCode(hash, Duration.ofMinutes(5)));
    }
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      long winners = 0;
      for (Future<CodeRedemption> f : pool.invokeAll(tasks)) {
        if (f.get() instanceof CodeRedemption.Redeemed) {
          winners++;
        }
      }
      assertThat(winners).isEqualTo(1);
    }
  }

  @Test
  void anExpiredCodeIsUnknown() {
    String hash = Hashes.sha256(id());
    store.saveCode(code(hash, "fam-3", now().plusMillis(300)));
    elapse(Duration.ofMillis(600));
    assertThat(store.redeemCode(hash, Duration.ofMinutes(5))).isInstanceOf(CodeRedemption.Unknown.class);
  }

  @Test
  void tokensAreFoundByKeyUntilTheyExpireOrAreDeleted() {
    // warm-up: the first write of a store (JSON serializers, a pooled connection) can take longer than the 400 ms
    // below on a loaded machine, and a token saved after its expiry is rightly never found
    store.saveToken(StoredToken.builder()
        .key(id())
        .kind(StoredToken.Kind.ACCESS)
        .familyId("fam")
        .clientId("c")
        .subject("s")
        .resource("r")
        .issuedAt(now())
        .expiresAt(now().plusSeconds(60)).build());
    StoredToken t = StoredToken.builder()
        .key(Hashes.sha256(id()))
        .kind(StoredToken.Kind.REFRESH)
        .familyId("fam")
        .clientId("client-1")
        .subject("alice")
        .scope("mcp:read")
        .resource("https://mcp.test/mcp")
        .issuedAt(now())
        .expiresAt(now().plusMillis(400)).build();
    store.saveToken(t);
    assertThat(store.findToken(t.key())).contains(t);
    StoredToken other = StoredToken.builder()
        .key(id())
        .kind(StoredToken.Kind.ACCESS)
        .familyId("fam")
        .clientId("client-1")
        .subject("alice")
        .scope("mcp:read")
        .resource("https://mcp.test/mcp")
        .issuedAt(now())
        .expiresAt(now().plusSeconds(60)).build();
    store.saveToken(other);
    store.deleteToken(other.key());
    assertThat(store.findToken(other.key())).isEmpty();
    elapse(Duration.ofMillis(800));
    assertThat(store.findToken(t.key())).isEmpty();
  }

  @Test
  void aRefreshTokenCanBeMarkedUsedOnlyOnce() {
    StoredToken t = StoredToken.builder()
        .key(Hashes.sha256(id()))
        .kind(StoredToken.Kind.REFRESH)
        .familyId("fam")
        .clientId("client-1")
        .subject("alice")
        .scope("mcp:read")
        .resource("https://mcp.test/mcp")
        .issuedAt(now())
        .expiresAt(now().plusSeconds(60)).build();
    store.saveToken(t);
    assertThat(store.isTokenUsed(t.key())).isFalse();
    assertThat(store.markTokenUsed(t.key())).isTrue();
    assertThat(store.isTokenUsed(t.key())).isTrue();
    assertThat(store.markTokenUsed(t.key())).isFalse();
  }

  @Test
  void aRevokedFamilyStaysRevokedUntilItsDeadline() {
    String fam = id();
    assertThat(store.isFamilyRevoked(fam)).isFalse();
    store.revokeFamily(fam, now().plusMillis(300));
    assertThat(store.isFamilyRevoked(fam)).isTrue();
    elapse(Duration.ofMillis(600));
    assertThat(store.isFamilyRevoked(fam)).isFalse();
  }

  @Test
  void consentsAreKeyedBySubjectClientAndResource() {
    StoredConsent c = StoredConsent.builder()
        .subject("alice")
        .clientId("client-1")
        .resource("https://mcp.test/mcp")
        .scope("mcp:read")
        .clientFingerprint("fp")
        .grantedAt(now())
        .expiresAt(now().plusSeconds(60)).build();
    store.saveConsent(c);
    assertThat(store.findConsent("alice", "client-1", "https://mcp.test/mcp")).contains(c);
    assertThat(store.findConsent("alice", "client-2", "https://mcp.test/mcp")).isEmpty();
    assertThat(store.findConsent("bob", "client-1", "https://mcp.test/mcp")).isEmpty();
    assertThat(store.findConsent("alice", "client-1", "https://other.test/mcp")).isEmpty();
    // Names that would collide if the key were a plain concatenation stay apart.
    assertThat(store.findConsent("aliceclient-1", "", "https://mcp.test/mcp")).isEmpty();
  }

  @Test
  void aDeletedConsentIsForgottenAndOnlyThatOne() {
    StoredConsent c = StoredConsent.builder()
        .subject("alice")
        .clientId("client-1")
        .resource("https://mcp.test/mcp")
        .scope("mcp:read")
        .clientFingerprint("fp")
        .grantedAt(now())
        .expiresAt(now().plusSeconds(60)).build();
    StoredConsent other = StoredConsent.builder()
        .subject("alice")
        .clientId("client-2")
        .resource("https://mcp.test/mcp")
        .scope("mcp:read")
        .clientFingerprint("fp")
        .grantedAt(now())
        .expiresAt(now().plusSeconds(60)).build();
    store.saveConsent(c);
    store.saveConsent(other);
    store.deleteConsent("alice", "client-1", "https://mcp.test/mcp");
    assertThat(store.findConsent("alice", "client-1", "https://mcp.test/mcp")).isEmpty();
    assertThat(store.findConsent("alice", "client-2", "https://mcp.test/mcp")).contains(other);
    store.deleteConsent("nobody", "client-1", "https://mcp.test/mcp"); // nothing stored: no error
  }

  @Test
  void signingKeysAreListedNewestFirstAndCanBeReplacedAndDeleted() {
    StoredSigningKey old = StoredSigningKey.active("k1", "{}", now().minusSeconds(10));
    StoredSigningKey young = StoredSigningKey.active("k2", "{}", now());
    store.saveSigningKey(old);
    store.saveSigningKey(young);
    assertThat(store.signingKeys()).extracting(StoredSigningKey::keyId).containsExactly("k2", "k1");
    StoredSigningKey retired = StoredSigningKey.builder()
        .keyId("k1")
        .privateJwk("{}")
        .createdAt(old.createdAt())
        .retiredAt(now())
        .expiresAt(now().plusSeconds(60)).build();
    store.saveSigningKey(retired);
    assertThat(store.signingKeys()).contains(retired).hasSize(2);
    store.deleteSigningKey("k1");
    assertThat(store.signingKeys()).containsExactly(young);
  }

  @Test
  void countersCountWithinAWindowThenStartAgain() {
    String c = id();
    assertThat(store.increment(c, Duration.ofMillis(400))).isEqualTo(1);
    assertThat(store.increment(c, Duration.ofMillis(400))).isEqualTo(2);
    elapse(Duration.ofMillis(800));
    assertThat(store.increment(c, Duration.ofMillis(400))).isEqualTo(1);
  }

  @Test
  void parallelIncrementsEachSeeTheirOwnValueAndDecrementsGiveThemBack() throws Exception {
    String c = id();
    List<Callable<Long>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      calls.add(() -> store.increment(c, Duration.ofSeconds(60)));
    }
    List<Long> seen = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
      for (Future<Long> f : pool.invokeAll(calls)) {
        seen.add(f.get());
      }
    }
    // every caller saw a distinct value: a limit check on the returned value admits exactly `limit` callers
    assertThat(seen).containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.rangeClosed(1, 20).boxed()
        .toList());
    assertThat(store.decrement(c)).isEqualTo(19);
    assertThat(store.increment(c, Duration.ofSeconds(60))).isEqualTo(20);
    assertThat(store.decrement(id())).isZero(); // an unknown counter stays at zero
  }

  @Test
  void signingKeysAreReplacedOnlyFromTheVersionTheWriterRead() throws Exception {
    store.replaceSigningKeys(store.signingKeySet().version(), List.of()); // a Redis store is shared by the tests
    SigningKeySet empty = store.signingKeySet();
    StoredSigningKey a = StoredSigningKey.active("ka", "{}", now());
    StoredSigningKey b = StoredSigningKey.builder()
        .keyId("kb")
        .privateJwk("{}")
        .createdAt(now())
        .activatesAt(now().plusSeconds(60)).build();
    // two writers read the same version; only the first replacement lands
    assertThat(store.replaceSigningKeys(empty.version(), List.of(a, b))).isTrue();
    assertThat(store.replaceSigningKeys(empty.version(), List.of(StoredSigningKey.active("kc", "{}", now())))).isFalse();
    SigningKeySet after = store.signingKeySet();
    assertThat(after.keys()).containsExactlyInAnyOrder(a, b);
    assertThat(after.version()).isNotEqualTo(empty.version());
    // a plain save also moves the version, so a replacement computed before it fails
    store.saveSigningKey(StoredSigningKey.active("kd", "{}", now()));
    assertThat(store.replaceSigningKeys(after.version(), List.of(a))).isFalse();
    // many racing writers from one version: exactly one wins
    SigningKeySet base = store.signingKeySet();
    List<Callable<Boolean>> calls = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String kid = "race-" + i;
      calls.add(() -> store.replaceSigningKeys(base.version(), List.of(StoredSigningKey.active(kid, "{}", now()))));
    }
    int wins = 0;
    try (ExecutorService pool = Executors.newFixedThreadPool(10)) {
      for (Future<Boolean> f : pool.invokeAll(calls)) {
        wins += f.get() ? 1 : 0;
      }
    }
    assertThat(wins).isEqualTo(1);
    assertThat(store.signingKeys()).hasSize(1);
    store.replaceSigningKeys(store.signingKeySet().version(), List.of());
  }

  @Test
  void aMarkerIsClaimedOnce() {
    String m = id();
    assertThat(store.claimOnce(m, Duration.ofSeconds(60))).isTrue();
    assertThat(store.claimOnce(m, Duration.ofSeconds(60))).isFalse();
  }

  @Test
  void stateCanBeReadTakenOnceAndExpires() {
    String k = id();
    store.putState(k, "v", Duration.ofSeconds(60));
    assertThat(store.getState(k)).contains("v");
    assertThat(store.takeState(k)).contains("v");
    assertThat(store.takeState(k)).isEmpty();
    store.putState(k, "w", Duration.ofMillis(300));
    elapse(Duration.ofMillis(600));
    assertThat(store.getState(k)).isEmpty();
    store.putState(k, "x", Duration.ofSeconds(60));
    store.deleteState(k);
    assertThat(store.getState(k)).isEmpty();
  }

  @Test
  void aSharedHashKeepsTheFirstValueOfAFieldUnlessItsGuardDiffers() {
    String h = id();
    assertThat(store.hash(h)).isEmpty();
    assertThat(store.putAbsent(h, "id", java.util.Map.of("id", "A", "x", "1"))).containsOnly(
        java.util.Map.entry("id", "A"), java.util.Map.entry("x", "1"));
    assertThat(store.putAbsent(h, "id", java.util.Map.of("id", "A", "x", "2", "y", "3")))
        .as("a field it has keeps its value; a missing one is added").containsOnly(java.util.Map.entry("id", "A"),
            java.util.Map.entry("x", "1"), java.util.Map.entry("y", "3"));
    assertThat(store.putAbsent(h, "id", java.util.Map.of("id", "B", "z", "4"))).as("another guard value: nothing set")
        .doesNotContainKey("z").containsEntry("id", "A");
    store.putFields(h, java.util.Map.of("x", "5", "w", "6"));
    assertThat(store.hash(h)).containsEntry("x", "5").containsEntry("w", "6").hasSize(4);
    store.replaceHash(h, java.util.Map.of("id", "B"));
    assertThat(store.hash(h)).containsOnly(java.util.Map.entry("id", "B"));
    store.replaceHash(h, java.util.Map.of());
    assertThat(store.hash(h)).isEmpty();
  }

  @Test
  void racingPutAbsentCallsAgreeOnOneValue() throws Exception {
    String h = id();
    List<Callable<java.util.Map<String, String>>> racers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String mine = "v" + i;
      racers.add(() -> store.putAbsent(h, "id", java.util.Map.of("id", "same", "pin", mine)));
    }
    List<String> seen = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      for (Future<java.util.Map<String, String>> f : pool.invokeAll(racers)) {
        seen.add(f.get().get("pin"));
      }
    }
    assertThat(seen).as("every caller got the winner's value back").containsOnly(store.hash(h).get("pin"));
  }

  @Test
  void describeNeverShowsAPassword() {
    assertThat(store.describe()).doesNotContain("@");
  }
}
