package dev.mcpkit.store;

/** The outcome of {@link Store#redeemCode}. */
public sealed interface CodeRedemption {

  /** The first redemption of a valid code. */
  record Redeemed(StoredCode code) implements CodeRedemption {}

  /** The code was redeemed before: the family it started should be revoked. */
  record Replayed(String familyId) implements CodeRedemption {}

  /** No such code (never issued, expired, or redeemed too long ago to remember). */
  record Unknown() implements CodeRedemption {}
}
