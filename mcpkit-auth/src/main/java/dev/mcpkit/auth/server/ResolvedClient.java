package dev.mcpkit.auth.server;

import dev.mcpkit.store.Hashes;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A client as the endpoints see it, whatever its origin: configured, dynamically registered, or described by a
 * Client ID Metadata Document.
 *
 * <p>Two scope limits, because a grant either has a user who consents or has none: {@code scopes} bounds what a
 * user may consent to for this client ({@code null}: no list, so the resource's scopes); {@code operatorScopes} is
 * what the operator configured for grants without a user ({@code client_credentials}) and the ceiling of a token
 * exchange. An empty set always means nothing, never "any scope".
 */
record ResolvedClient(
    String clientId,
    String name,
    List<String> redirectUris,
    String authMethod,
    String secretHash,
    String jwksJson,
    URI jwksUri,
    Set<String> grantTypes,
    Set<String> scopes,
    Set<String> operatorScopes,
    String resource,
    Set<String> exchangeTargets,
    Kind kind) {

  ResolvedClient {
    grantTypes = Set.copyOf(grantTypes);
    scopes = scopes == null ? null : Set.copyOf(scopes);
    operatorScopes = Set.copyOf(operatorScopes == null ? Set.of() : operatorScopes);
    exchangeTargets = Set.copyOf(exchangeTargets == null ? Set.of() : exchangeTargets);
  }

  enum Kind {
    CONFIGURED,
    REGISTERED,
    METADATA_DOCUMENT
  }

  /**
   * The scopes of {@code r} a user may consent to for this client (the code flow and its refreshes): the client's
   * own list, or without one every scope the resource declares.
   */
  Set<String> consentableScopes(ProtectedResource r) {
    return scopes == null ? new LinkedHashSet<>(r.scopes()) : within(r, scopes);
  }

  /** The scopes of {@code r} the operator allows this client without a user; empty unless configured. */
  Set<String> operatorScopes(ProtectedResource r) {
    return within(r, operatorScopes);
  }

  private static Set<String> within(ProtectedResource r, Set<String> allowed) {
    Set<String> out = new LinkedHashSet<>(r.scopes());
    out.retainAll(allowed);
    return out;
  }

  boolean isPublic() {
    return authMethod.equals("none");
  }

  /** A digest of what a consent relies on; when a client's redirect URIs or keys change, consent is asked again. */
  String fingerprint() {
    return Hashes.sha256(String.join("\n", redirectUris) + "\n" + jwksJson + "\n" + jwksUri);
  }

  /** The host to show on the consent page: the document's host for URL client ids, else none. */
  String idHost() {
    return kind == Kind.METADATA_DOCUMENT ? URI.create(clientId).getHost() : null;
  }

  /** Whether every redirect URI is a loopback one: anyone can claim such a client and listen locally. */
  boolean localhostOnly() {
    return !redirectUris.isEmpty() && redirectUris.stream().allMatch(RedirectUris::isLoopback);
  }

  static ResolvedClient of(ClientRegistration r) {
    return new ResolvedClient(r.clientId(), r.clientName(), r.redirectUris(), r.authMethod(), r.secretHash(),
        r.jwksJson(), null, r.grantTypes(), r.scopes(), r.scopes(), r.resource(), r.exchangeTargets(),
        Kind.CONFIGURED);
  }
}
