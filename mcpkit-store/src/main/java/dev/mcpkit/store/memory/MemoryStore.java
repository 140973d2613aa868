package dev.mcpkit.store.memory;

import dev.mcpkit.store.CodeRedemption;
import dev.mcpkit.store.SigningKeySet;
import dev.mcpkit.store.Store;
import dev.mcpkit.store.StoredClient;
import dev.mcpkit.store.StoredCode;
import dev.mcpkit.store.StoredConsent;
import dev.mcpkit.store.StoredSigningKey;
import dev.mcpkit.store.StoredToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The default store: everything in this JVM's memory. It loses every client registered at run time, every code,
 * token, consent and signing key when the process stops, so tokens issued before a restart no longer verify.
 * Use {@link dev.mcpkit.store.redis.RedisStore} to survive restarts or to share state between instances.
 */
public final class MemoryStore implements Store {

  /** A value and the instant it expires ({@code null}: never). */
  private record Entry<T>(T value, Instant expiresAt) {}

  private final Clock clock;
  private final Map<String, Entry<Object>> entries = new ConcurrentHashMap<>();
  private final AtomicLong writes = new AtomicLong();
  private final Map<String, Map<String, String>> hashes = new ConcurrentHashMap<>();
  private final AtomicReference<SigningKeySet> keys = new AtomicReference<>(new SigningKeySet(0, List.of()));

  /** An empty store on the system UTC clock. */
  public MemoryStore() {
    this(Clock.systemUTC());
  }

  /** A store whose expiry follows {@code clock} (tests move time forward without sleeping). */
  public MemoryStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void saveClient(StoredClient client) {
    put("client:" + client.clientId(), client, null);
  }

  @Override
  public Optional<StoredClient> findClient(String clientId) {
    return get("client:" + clientId, StoredClient.class);
  }

  @Override
  public void saveCode(StoredCode code) {
    put("code:" + code.codeHash(), code, code.expiresAt());
  }

  @Override
  public CodeRedemption redeemCode(String codeHash, Duration remember) {
    Entry<Object> taken = entries.remove("code:" + codeHash);
    if (taken != null && live(taken)) {
      StoredCode code = (StoredCode) taken.value();
      put("code-used:" + codeHash, code.familyId(), now().plus(remember));
      return new CodeRedemption.Redeemed(code);
    }
    return get("code-used:" + codeHash, String.class)
        .<CodeRedemption>map(CodeRedemption.Replayed::new)
        .orElseGet(CodeRedemption.Unknown::new);
  }

  @Override
  public void saveToken(StoredToken token) {
    put("token:" + token.key(), token, token.expiresAt());
  }

  @Override
  public Optional<StoredToken> findToken(String key) {
    return get("token:" + key, StoredToken.class);
  }

  @Override
  public boolean markTokenUsed(String key) {
    Optional<StoredToken> token = findToken(key);
    Instant until = token.map(StoredToken::expiresAt).orElse(now().plus(Duration.ofDays(1)));
    return claim("token-used:" + key, until);
  }

  @Override
  public boolean isTokenUsed(String key) {
    return get("token-used:" + key, Boolean.class).isPresent();
  }

  @Override
  public void deleteToken(String key) {
    entries.remove("token:" + key);
  }

  @Override
  public void revokeFamily(String familyId, Instant until) {
    put("family-revoked:" + familyId, Boolean.TRUE, until);
  }

  @Override
  public boolean isFamilyRevoked(String familyId) {
    return get("family-revoked:" + familyId, Boolean.class).isPresent();
  }

  @Override
  public void saveConsent(StoredConsent consent) {
    put(consentKey(consent.subject(), consent.clientId(), consent.resource()), consent, consent.expiresAt());
  }

  @Override
  public Optional<StoredConsent> findConsent(String subject, String clientId, String resource) {
    return get(consentKey(subject, clientId, resource), StoredConsent.class);
  }

  @Override
  public void deleteConsent(String subject, String clientId, String resource) {
    entries.remove(consentKey(subject, clientId, resource));
  }

  private static String consentKey(String subject, String clientId, String resource) {
    // Length-prefixed so that no choice of names can collide with another triple.
    return "consent:" + subject.length() + ":" + subject + clientId.length() + ":" + clientId + resource;
  }

  @Override
  public void saveSigningKey(StoredSigningKey key) {
    keys.updateAndGet(set -> {
      List<StoredSigningKey> next = new ArrayList<>(set.keys());
      next.removeIf(k -> k.keyId().equals(key.keyId()));
      next.add(key);
      return new SigningKeySet(set.version() + 1, newestFirst(next));
    });
  }

  @Override
  public List<StoredSigningKey> signingKeys() {
    return keys.get().keys();
  }

  @Override
  public void deleteSigningKey(String keyId) {
    keys.updateAndGet(set -> new SigningKeySet(set.version() + 1, set.keys().stream()
        .filter(k -> !k.keyId().equals(keyId)).toList()));
  }

  @Override
  public SigningKeySet signingKeySet() {
    return keys.get();
  }

  @Override
  public boolean replaceSigningKeys(long expectedVersion, List<StoredSigningKey> replacement) {
    SigningKeySet current = keys.get();
    return current.version() == expectedVersion
        && keys.compareAndSet(current, new SigningKeySet(expectedVersion + 1, newestFirst(replacement)));
  }

  private static List<StoredSigningKey> newestFirst(List<StoredSigningKey> keys) {
    return keys.stream().sorted(Comparator.comparing(StoredSigningKey::createdAt).reversed()).toList();
  }

  @Override
  public long increment(String counter, Duration window) {
    Instant now = now();
    @SuppressWarnings("unchecked")
    Entry<Object> e = entries.compute("counter:" + counter, (k, old) -> {
      if (old == null || !live(old)) {
        return new Entry<>(new AtomicLong(1), now.plus(window));
      }
      ((AtomicLong) old.value()).incrementAndGet();
      return old;
    });
    return ((AtomicLong) e.value()).get();
  }

  @Override
  public long decrement(String counter) {
    long[] value = {0};
    entries.computeIfPresent("counter:" + counter, (k, old) -> {
      if (!live(old)) {
        return null;
      }
      AtomicLong n = (AtomicLong) old.value();
      value[0] = n.updateAndGet(v -> Math.max(0, v - 1));
      return old;
    });
    return value[0];
  }

  @Override
  public boolean claimOnce(String marker, Duration ttl) {
    return claim("marker:" + marker, now().plus(ttl));
  }

  private boolean claim(String key, Instant until) {
    boolean[] claimed = {false};
    entries.compute(key, (k, old) -> {
      if (old != null && live(old)) {
        return old;
      }
      claimed[0] = true;
      return new Entry<>(Boolean.TRUE, until);
    });
    return claimed[0];
  }

  @Override
  public void putState(String key, String value, Duration ttl) {
    put("state:" + key, value, now().plus(ttl));
  }

  @Override
  public Optional<String> getState(String key) {
    return get("state:" + key, String.class);
  }

  @Override
  public Optional<String> takeState(String key) {
    Entry<Object> e = entries.remove("state:" + key);
    return e != null && live(e) ? Optional.of((String) e.value()) : Optional.empty();
  }

  @Override
  public void deleteState(String key) {
    entries.remove("state:" + key);
  }

  @Override
  public Map<String, String> hash(String name) {
    Map<String, String> h = hashes.get(name);
    return h == null ? Map.of() : Map.copyOf(h);
  }

  @Override
  public Map<String, String> putAbsent(String name, String guardField, Map<String, String> fields) {
    // compute runs atomically per key: two racing callers see each other's fields, never half of them
    Map<String, String> after = hashes.compute(name, (n, old) -> {
      Map<String, String> h = old == null ? new LinkedHashMap<>() : new LinkedHashMap<>(old);
      String guard = h.get(guardField);
      if (guard == null || guard.equals(fields.get(guardField))) {
        fields.forEach(h::putIfAbsent);
      }
      return h.isEmpty() ? null : Map.copyOf(h);
    });
    return after == null ? Map.of() : after;
  }

  @Override
  public void putFields(String name, Map<String, String> fields) {
    hashes.compute(name, (n, old) -> {
      Map<String, String> h = old == null ? new LinkedHashMap<>() : new LinkedHashMap<>(old);
      h.putAll(fields);
      return Map.copyOf(h);
    });
  }

  @Override
  public void replaceHash(String name, Map<String, String> fields) {
    if (fields.isEmpty()) {
      hashes.remove(name);
    } else {
      hashes.put(name, Map.copyOf(fields));
    }
  }

  @Override
  public String describe() {
    return "memory";
  }

  @Override
  public void close() {
    entries.clear();
    keys.set(new SigningKeySet(0, List.of()));
  }

  private Instant now() {
    return clock.instant();
  }

  private boolean live(Entry<?> e) {
    return e.expiresAt() == null || now().isBefore(e.expiresAt());
  }

  private void put(String key, Object value, Instant expiresAt) {
    entries.put(key, new Entry<>(value, expiresAt));
    // Expired entries are invisible at once; this sweep only bounds the memory they hold.
    if (writes.incrementAndGet() % 1024 == 0) {
      entries.entrySet().removeIf(e -> !live(e.getValue()));
    }
  }

  private <T> Optional<T> get(String key, Class<T> type) {
    Entry<Object> e = entries.get(key);
    if (e == null || !live(e)) {
      return Optional.empty();
    }
    return Optional.of(type.cast(e.value()));
  }
}
