package dev.mcpkit.auth.resource;

import dev.mcpkit.store.Store;
import dev.mcpkit.store.StoredToken;
import dev.mcpkit.store.memory.MemoryStore;
import java.util.Objects;

/**
 * Revocations read from the store of mcpkit's authorization server. That server records every access token it
 * issues by {@code jti}, forgets the record when the token is revoked, and marks a grant family revoked after a
 * refresh-token or code replay; so a token of {@code issuer} is revoked when its record is gone or its family is
 * revoked. Tokens of other issuers are not this store's to judge and pass. Costs one or two store reads per
 * request (a map lookup in memory, round trips to Redis).
 */
public final class StoreRevocations implements Revocations {

  private final Store store;
  private final String issuer;

  /**
   * @param store the authorization server's store (the same object, or another connection to the same Redis)
   * @param issuer the authorization server's issuer identifier, exactly as in its tokens' {@code iss}
   */
  public StoreRevocations(Store store, String issuer) {
    this.store = Objects.requireNonNull(store, "store");
    this.issuer = Objects.requireNonNull(issuer, "issuer");
  }

  /** In memory ({@link MemoryStore}, a final class) it answers at once; any other store may wait for a round trip. */
  @Override
  public boolean answersAtOnce() {
    return store instanceof MemoryStore;
  }

  @Override
  public boolean isRevoked(TokenValidator.Valid token) {
    if (!issuer.equals(token.claims().get("iss"))) {
      return false;
    }
    if (!(token.claims().get("jti") instanceof String jti)) {
      return true; // every token this server issues has a jti: one without it was not recorded, so not trusted
    }
    StoredToken record = store.findToken(jti).orElse(null);
    return record == null || record.kind() != StoredToken.Kind.ACCESS || store.isFamilyRevoked(record.familyId());
  }
}
