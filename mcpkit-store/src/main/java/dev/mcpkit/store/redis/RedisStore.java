package dev.mcpkit.store.redis;

import dev.mcpkit.store.CodeRedemption;
import dev.mcpkit.store.SigningKeySet;
import dev.mcpkit.store.Store;
import dev.mcpkit.store.StoredClient;
import dev.mcpkit.store.StoredCode;
import dev.mcpkit.store.StoredConsent;
import dev.mcpkit.store.StoredSigningKey;
import dev.mcpkit.store.StoredToken;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;
import tools.jackson.databind.json.JsonMapper;

/**
 * A store in Redis, through Jedis (a pooled, thread-safe, blocking client: it fits virtual threads, and
 * unlike Lettuce it needs no Project Reactor at run time). Every entry is a JSON string under a key prefixed
 * {@code mcpkit:}; entries that expire carry a Redis TTL, so Redis itself forgets codes, tokens, consents and
 * browser state on time. Clients and signing keys have no TTL and survive restarts of the authorization server
 * (and of Redis, when Redis persists its data). The few operations that must be atomic across instances are
 * single commands or Lua scripts.
 */
public final class RedisStore implements Store {

  private static final String PREFIX = "mcpkit:";

  // GET + DEL of the code and a tombstone naming its family, in one step: two racing redemptions cannot both win.
  private static final String REDEEM_CODE =
      "local v = redis.call('GET', KEYS[1]) "
          + "if v then redis.call('DEL', KEYS[1]) "
          + "redis.call('SET', KEYS[2], cjson.decode(v)['familyId'], 'PX', ARGV[1]) return v end "
          + "return nil";
  // A fixed window: the TTL is set by the increment that creates the counter.
  private static final String INCREMENT =
      "local v = redis.call('INCR', KEYS[1]) if v == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return v";

  // DECR keeps the key's TTL; a missing or zero counter stays as it is.
  private static final String DECREMENT =
      "local v = tonumber(redis.call('GET', KEYS[1]) or '0') if v > 0 then return redis.call('DECR', KEYS[1]) end "
          + "return 0";

  // The signing keys are one hash plus a version counter; every write bumps the version, and a replacement only
  // happens when the version is still the one its writer read (compare-and-set across instances).
  private static final String KEYS = PREFIX + "signing-keys";
  private static final String KEYS_VERSION = PREFIX + "signing-keys-version";
  private static final String READ_KEYS =
      "return {redis.call('GET', KEYS[2]) or '0', redis.call('HVALS', KEYS[1])}";
  private static final String SAVE_KEY =
      "redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) return redis.call('INCR', KEYS[2])";
  private static final String DELETE_KEY =
      "redis.call('HDEL', KEYS[1], ARGV[1]) return redis.call('INCR', KEYS[2])";
  private static final String REPLACE_KEYS =
      "if (redis.call('GET', KEYS[2]) or '0') ~= ARGV[1] then return 0 end "
          + "redis.call('DEL', KEYS[1]) "
          + "for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end "
          + "redis.call('INCR', KEYS[2]) return 1";

  // Shared hashes: HSETNX each field unless the guard field holds another value, then the hash as it is, in one step.
  private static final String PUT_ABSENT =
      "local g = redis.call('HGET', KEYS[1], ARGV[1]) "
          + "if (not g) or g == ARGV[2] then "
          + "for i = 3, #ARGV, 2 do redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1]) end end "
          + "return redis.call('HGETALL', KEYS[1])";
  private static final String REPLACE_HASH =
      "redis.call('DEL', KEYS[1]) for i = 1, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end "
          + "return 1";

  private final RedisClient redis;
  private final JsonMapper json = JsonMapper.builder().build();
  private final String description;

  private RedisStore(RedisClient redis, String description) {
    this.redis = redis;
    this.description = description;
  }

  /** Connects to {@code redis://[user:password@]host:port[/db]} and checks the connection with a PING. */
  public static RedisStore connect(URI uri) {
    String host = uri.getHost() == null ? "127.0.0.1" : uri.getHost();
    int port = uri.getPort() > 0 ? uri.getPort() : 6379;
    int db = 0;
    String path = uri.getPath();
    if (path != null && path.length() > 1) {
      try {
        db = Integer.parseInt(path.substring(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("the Redis database in " + host + ":" + port + path + " must be a number");
      }
    }
    var config = DefaultJedisClientConfig.builder().timeoutMillis(5000).database(db);
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      String user = colon < 0 ? null : decode(userInfo.substring(0, colon));
      String password = decode(colon < 0 ? userInfo : userInfo.substring(colon + 1));
      if (user != null && !user.isEmpty()) {
        config.user(user);
      }
      config.password(password);
    }
    RedisClient client = RedisClient.builder().hostAndPort(host, port).clientConfig(config.build()).build();
    try {
      client.ping();
      return new RedisStore(client, "redis://" + host + ":" + port + "/" + db);
    } catch (RuntimeException e) {
      client.close();
      throw new IllegalStateException("cannot connect to Redis at " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  @Override
  public void saveClient(StoredClient client) {
    redis.set(PREFIX + "client:" + client.clientId(), write(client));
  }

  @Override
  public Optional<StoredClient> findClient(String clientId) {
    return read(redis.get(PREFIX + "client:" + clientId), StoredClient.class);
  }

  @Override
  public void saveCode(StoredCode code) {
    setUntil(PREFIX + "code:" + code.codeHash(), write(code), code.expiresAt());
  }

  @Override
  public CodeRedemption redeemCode(String codeHash, Duration remember) {
    String usedKey = PREFIX + "code-used:" + codeHash;
    String value = (String) redis.eval(REDEEM_CODE, 2, PREFIX + "code:" + codeHash, usedKey,
        Long.toString(Math.max(1, remember.toMillis())));
    if (value != null) {
      return new CodeRedemption.Redeemed(json.readValue(value, StoredCode.class));
    }
    String family = redis.get(usedKey);
    return family == null ? new CodeRedemption.Unknown() : new CodeRedemption.Replayed(family);
  }

  @Override
  public void saveToken(StoredToken token) {
    setUntil(PREFIX + "token:" + token.key(), write(token), token.expiresAt());
  }

  @Override
  public Optional<StoredToken> findToken(String key) {
    return read(redis.get(PREFIX + "token:" + key), StoredToken.class);
  }

  @Override
  public boolean markTokenUsed(String key) {
    long ttl = redis.pttl(PREFIX + "token:" + key);
    long px = ttl > 0 ? ttl : Duration.ofDays(1).toMillis();
    return "OK".equals(redis.set(PREFIX + "token-used:" + key, "1", SetParams.setParams().nx().px(px)));
  }

  @Override
  public boolean isTokenUsed(String key) {
    return redis.exists(PREFIX + "token-used:" + key);
  }

  @Override
  public void deleteToken(String key) {
    redis.del(PREFIX + "token:" + key);
  }

  @Override
  public void revokeFamily(String familyId, Instant until) {
    setUntil(PREFIX + "family-revoked:" + familyId, "1", until);
  }

  @Override
  public boolean isFamilyRevoked(String familyId) {
    return redis.exists(PREFIX + "family-revoked:" + familyId);
  }

  @Override
  public void saveConsent(StoredConsent consent) {
    setUntil(consentKey(consent.subject(), consent.clientId(), consent.resource()), write(consent), consent.expiresAt());
  }

  @Override
  public Optional<StoredConsent> findConsent(String subject, String clientId, String resource) {
    return read(redis.get(consentKey(subject, clientId, resource)), StoredConsent.class);
  }

  @Override
  public void deleteConsent(String subject, String clientId, String resource) {
    redis.del(consentKey(subject, clientId, resource));
  }

  private static String consentKey(String subject, String clientId, String resource) {
    return PREFIX + "consent:" + subject.length() + ":" + subject + clientId.length() + ":" + clientId + resource;
  }

  @Override
  public void saveSigningKey(StoredSigningKey key) {
    redis.eval(SAVE_KEY, 2, KEYS, KEYS_VERSION, key.keyId(), write(key));
  }

  @Override
  public List<StoredSigningKey> signingKeys() {
    return signingKeySet().keys();
  }

  @Override
  public void deleteSigningKey(String keyId) {
    redis.eval(DELETE_KEY, 2, KEYS, KEYS_VERSION, keyId);
  }

  @Override
  public SigningKeySet signingKeySet() {
    List<?> r = (List<?>) redis.eval(READ_KEYS, 2, KEYS, KEYS_VERSION);
    long version = Long.parseLong(r.get(0).toString());
    List<StoredSigningKey> keys = ((List<?>) r.get(1)).stream()
        .map(v -> json.readValue(v.toString(), StoredSigningKey.class))
        .sorted(Comparator.comparing(StoredSigningKey::createdAt).reversed())
        .toList();
    return new SigningKeySet(version, keys);
  }

  @Override
  public boolean replaceSigningKeys(long expectedVersion, List<StoredSigningKey> keys) {
    List<String> args = new ArrayList<>(List.of(KEYS, KEYS_VERSION, Long.toString(expectedVersion)));
    for (StoredSigningKey k : keys) {
      args.add(k.keyId());
      args.add(write(k));
    }
    Object r = redis.eval(REPLACE_KEYS, 2, args.toArray(String[]::new));
    return r instanceof Long n && n == 1;
  }

  @Override
  public long increment(String counter, Duration window) {
    Object v = redis.eval(INCREMENT, 1, PREFIX + "counter:" + counter, Long.toString(Math.max(1, window.toMillis())));
    return v instanceof Long n ? n : 0;
  }

  @Override
  public long decrement(String counter) {
    Object v = redis.eval(DECREMENT, 1, PREFIX + "counter:" + counter);
    return v instanceof Long n ? n : 0;
  }

  @Override
  public boolean claimOnce(String marker, Duration ttl) {
    return "OK".equals(redis.set(PREFIX + "marker:" + marker, "1", SetParams.setParams().nx().px(Math.max(1, ttl.toMillis()))));
  }

  @Override
  public void putState(String key, String value, Duration ttl) {
    redis.set(PREFIX + "state:" + key, value, SetParams.setParams().px(Math.max(1, ttl.toMillis())));
  }

  @Override
  public Optional<String> getState(String key) {
    return Optional.ofNullable(redis.get(PREFIX + "state:" + key));
  }

  @Override
  public Optional<String> takeState(String key) {
    return Optional.ofNullable(redis.getDel(PREFIX + "state:" + key));
  }

  @Override
  public void deleteState(String key) {
    redis.del(PREFIX + "state:" + key);
  }

  @Override
  public Map<String, String> hash(String name) {
    return redis.hgetAll(PREFIX + "hash:" + name);
  }

  @Override
  public Map<String, String> putAbsent(String name, String guardField, Map<String, String> fields) {
    List<String> args = new ArrayList<>(List.of(guardField, fields.getOrDefault(guardField, "")));
    fields.forEach((k, v) -> {
      args.add(k);
      args.add(v);
    });
    List<?> flat = (List<?>) redis.eval(PUT_ABSENT, List.of(PREFIX + "hash:" + name), args);
    Map<String, String> after = new LinkedHashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      after.put(flat.get(i).toString(), flat.get(i + 1).toString());
    }
    return after;
  }

  @Override
  public void putFields(String name, Map<String, String> fields) {
    if (!fields.isEmpty()) {
      redis.hset(PREFIX + "hash:" + name, fields);
    }
  }

  @Override
  public void replaceHash(String name, Map<String, String> fields) {
    List<String> args = new ArrayList<>();
    fields.forEach((k, v) -> {
      args.add(k);
      args.add(v);
    });
    redis.eval(REPLACE_HASH, List.of(PREFIX + "hash:" + name), args);
  }

  /** A PING round trip; false when Redis does not answer (stopped, unreachable, refusing the credentials). */
  @Override
  public boolean ping() {
    try {
      redis.ping();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void close() {
    redis.close();
  }

  private void setUntil(String key, String value, Instant until) {
    long px = Duration.between(Instant.now(), until).toMillis();
    if (px <= 0) {
      redis.del(key); // already expired: storing it would only make it visible for a moment
      return;
    }
    redis.set(key, value, SetParams.setParams().px(px));
  }

  private String write(Object value) {
    return json.writeValueAsString(value);
  }

  private <T> Optional<T> read(String value, Class<T> type) {
    return value == null ? Optional.empty() : Optional.of(json.readValue(value, type));
  }
}
