package dev.mcpkit.auth.server;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/** The fixed settings every endpoint reads. */
record Settings(
    URI issuer,
    String issuerString,
    String endpointBase,
    String basePath,
    Clock clock,
    Duration accessTokenTtl,
    Duration refreshTokenTtl,
    Duration codeTtl,
    Duration consentTtl,
    Duration sessionTtl,
    Duration keyRotation,
    boolean dynamicRegistration,
    int registrationsPerMinute,
    int loginFailuresPerWindow,
    OpenRegistrationPolicy openRegistration) {

  /** Interactions (a login, a consent, a federated round trip) must finish within this. */
  static final Duration INTERACTION_TTL = Duration.ofMinutes(10);

  String endpoint(String path) {
    return endpointBase + path;
  }
}
