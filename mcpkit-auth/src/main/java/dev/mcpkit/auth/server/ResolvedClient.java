package dev.mcpkit.auth.server;

import dev.mcpkit.store.Hashes;
import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * A client as the endpoints see it, whatever its origin: configured, dynamically registered, or described by a
 * Client ID Metadata Document.
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
    String resource,
    Set<String> exchangeTargets,
    Kind kind) {

  enum Kind {
    CONFIGURED,
    REGISTERED,
    METADATA_DOCUMENT
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
        r.jwksJson(), null, r.grantTypes(), r.scopes(), r.resource(), r.exchangeTargets(), Kind.CONFIGURED);
  }
}
