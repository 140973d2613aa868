package dev.mcpkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * What RedisStore writes: the stored values as JSON with a plain mapper, members named as the accessors, in their
 * order (the Lua script reads {@code familyId} by name). The values were records before they became classes with
 * builders; this pins the JSON the records wrote, so data saved by an older mcpkit still reads.
 */
class StoredJsonTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant T = Instant.parse("2026-12-07T08:00:00Z");

  @Test
  void aTokenKeepsItsJson() {
    StoredToken t = StoredToken.builder().key("k").kind(StoredToken.Kind.REFRESH).familyId("f").clientId("c")
        .subject("s").scope("a b").resource("r").issuedAt(T).expiresAt(T).build();
    String json = JSON.writeValueAsString(t);
    assertThat(json).isEqualTo("{\"key\":\"k\",\"kind\":\"REFRESH\",\"familyId\":\"f\",\"clientId\":\"c\","
        + "\"subject\":\"s\",\"scope\":\"a b\",\"resource\":\"r\",\"issuedAt\":\"2026-12-07T08:00:00Z\","
        + "\"expiresAt\":\"2026-12-07T08:00:00Z\"}");
    assertThat(JSON.readValue(json, StoredToken.class)).isEqualTo(t);
  }

  @Test
  void aCodeAConsentAndASigningKeyKeepTheirJson() {
    StoredCode code = StoredCode.builder().codeHash("h").clientId("c").redirectUri("u").codeChallenge("x")
        .resource("r").scope("s").subject("alice").familyId("f").authTime(T).expiresAt(T).build();
    assertThat(JSON.writeValueAsString(code)).isEqualTo("{\"codeHash\":\"h\",\"clientId\":\"c\",\"redirectUri\":\"u\","
        + "\"codeChallenge\":\"x\",\"resource\":\"r\",\"scope\":\"s\",\"subject\":\"alice\",\"familyId\":\"f\","
        + "\"authTime\":\"2026-12-07T08:00:00Z\",\"expiresAt\":\"2026-12-07T08:00:00Z\"}");
    assertThat(JSON.readValue(JSON.writeValueAsString(code), StoredCode.class)).isEqualTo(code);

    StoredConsent consent = StoredConsent.builder().subject("alice").clientId("c").resource("r").scope("s")
        .clientFingerprint("fp").grantedAt(T).expiresAt(T).build();
    assertThat(JSON.writeValueAsString(consent)).isEqualTo("{\"subject\":\"alice\",\"clientId\":\"c\",\"resource\":\"r\","
        + "\"scope\":\"s\",\"clientFingerprint\":\"fp\",\"grantedAt\":\"2026-12-07T08:00:00Z\","
        + "\"expiresAt\":\"2026-12-07T08:00:00Z\"}");
    assertThat(JSON.readValue(JSON.writeValueAsString(consent), StoredConsent.class)).isEqualTo(consent);

    StoredSigningKey key = StoredSigningKey.builder().keyId("k1").privateJwk("{}").createdAt(T).build();
    String keyJson = JSON.writeValueAsString(key);
    assertThat(keyJson).isEqualTo("{\"keyId\":\"k1\",\"privateJwk\":\"{}\",\"createdAt\":\"2026-12-07T08:00:00Z\","
        + "\"retiredAt\":null,\"expiresAt\":null,\"activatesAt\":null}");
    assertThat(JSON.readValue(keyJson, StoredSigningKey.class)).isEqualTo(key);
  }
}
