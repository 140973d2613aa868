package dev.mcpkit.auth.client;

import dev.mcpkit.auth.oauth.ClientInformation;
import dev.mcpkit.auth.oauth.ClientMetadata;
import dev.mcpkit.auth.oauth.OAuthError;
import dev.mcpkit.core.text.PeerText;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * How the client gets a client id at an authorization server, in the spec's order: configured pre-registered
 * credentials, a stored pre-registration, a Client ID Metadata Document URL (when the server supports them), a stored
 * dynamic registration (checked once per run that the server still knows it), a new dynamic registration (RFC 7591,
 * with {@code application_type: native}).
 */
final class Registration {

  private static final Logger LOG = LoggerFactory.getLogger(OAuthClient.class);

  private final CredentialStore store;
  private final OAuthHttp http;
  private final TokenRequests tokens;
  private final PreRegisteredClient preRegistered;
  private final URI clientMetadataUrl;
  private final String clientName;
  private final Consumer<String> notices;
  /**
   * Self-registered clients (issuer + client id) this instance registered or found known: not checked again. A
   * forgotten registration is one from an earlier run; checking again within one run would cost a token request per
   * sign-in (step-up, a new resource) and shows a server a code redemption it cannot tell from a broken client.
   */
  private final Set<String> knownClients = ConcurrentHashMap.newKeySet();
  /** The issuer configured pre-registered credentials were first used with, when the configuration names none. */
  private volatile String preRegisteredIssuer;

  Registration(CredentialStore store, OAuthHttp http, TokenRequests tokens, PreRegisteredClient preRegistered,
      URI clientMetadataUrl, String clientName, Consumer<String> notices) {
    this.store = store;
    this.http = http;
    this.tokens = tokens;
    this.preRegistered = preRegistered;
    this.clientMetadataUrl = clientMetadataUrl;
    this.clientName = clientName;
    this.notices = notices;
    this.preRegisteredIssuer = preRegistered == null ? null : preRegistered.issuer();
  }

  /** A client id at {@code as} for the redirect URI {@code redirect}, in the order of the class comment. */
  StoredClient register(AuthServerMetadata as, URI redirect, boolean loopback) {
    String token = as.tokenEndpoint().toString();
    String revoke = as.revocationEndpoint() == null ? null : as.revocationEndpoint().toString();
    if (preRegistered != null) {
      String bound = preRegisteredIssuer;
      if (bound != null && !bound.equals(as.issuer())) {
        throw new OAuthException(OAuthException.Reason.WRONG_AUTHORIZATION_SERVER, "refused: the pre-registered client "
            + preRegistered.clientId() + " belongs to the authorization server " + bound + ", but the server now uses "
            + as.issuer() + "; its credentials are not sent there (register a client with " + as.issuer() + ")");
      }
      preRegisteredIssuer = as.issuer();
      return new StoredClient(preRegistered.clientId(), preRegistered.clientSecret(),
          TokenRequests.methodFor(preRegistered.clientSecret(), as.tokenEndpointAuthMethods()), "pre-registered", token,
          revoke);
    }
    StoredClient stored = store.client(as.issuer()).orElse(null);
    if (stored != null && "pre-registered".equals(stored.registration())) {
      return withEndpoints(stored, token, revoke);
    }
    if (clientMetadataUrl != null && as.cimdSupported()) {
      return new StoredClient(clientMetadataUrl.toString(), null, "none", "cimd", token, revoke);
    }
    if (stored != null && "cimd".equals(stored.registration()) && as.cimdSupported()) {
      return withEndpoints(stored, token, revoke); // signed in with a metadata document URL before
    }
    if (stored != null && "dcr".equals(stored.registration())) {
      StoredClient c = withEndpoints(stored, token, revoke);
      String key = as.issuer() + " " + c.clientId();
      if (knownClients.contains(key) || !isUnknown(as, c, redirect, loopback)) {
        knownClients.add(key);
        return c;
      }
      // Only a client this client registered itself is replaced (never a configured one or a metadata document),
      // and only once: the new registration below is not probed again.
      store.removeClient(as.issuer());
      notice("the authorization server " + as.issuer() + " no longer knows the client " + PeerText.line(c.clientId(), 100)
          + " that was registered there before (it may have restarted and lost its registrations); registering again");
    }
    if (as.registrationEndpoint() != null) {
      return dynamicRegistration(as, redirect, loopback, token, revoke);
    }
    throw new OAuthException(OAuthException.Reason.REGISTRATION_FAILED, "the authorization server " + as.issuer()
        + " offers no dynamic client registration" + (as.cimdSupported() ? " (it accepts Client ID Metadata Documents:"
        + " configure a client id metadata URL)" : "") + "; register a client there and pass its client id");
  }

  private boolean isUnknown(AuthServerMetadata as, StoredClient client, URI redirect, boolean loopback) {
    boolean unknown = tokens.isUnknown(as, client, redirect, loopback);
    LOG.info("event=client_check issuer={} client_id={} known={}", as.issuer(), PeerText.line(client.clientId(), 200),
        !unknown);
    return unknown;
  }

  /** A sentence for the user about something this client did by itself. */
  private void notice(String sentence) {
    LOG.info("event=notice text={}", PeerText.line(sentence, 500));
    notices.accept(sentence);
  }

  private static StoredClient withEndpoints(StoredClient c, String token, String revoke) {
    return new StoredClient(c.clientId(), c.clientSecret(), c.authMethod(), c.registration(), token, revoke);
  }

  private StoredClient dynamicRegistration(AuthServerMetadata as, URI redirect, boolean loopback, String token,
      String revoke) {
    ClientMetadata body = new ClientMetadata(null, clientName, List.of(redirect.toString()),
        "native", // a CLI with a loopback redirect (MCP 2026-07-28, SEP-837)
        "none", List.of("authorization_code", "refresh_token"), null, List.of("code"), null);
    OAuthHttp.Reply r = http.postJson(as.registrationEndpoint(), OAuthHttp.JSON.valueToTree(body), loopback);
    JsonNode j = r.json();
    ClientInformation info = j == null ? null : ClientInformation.read(j);
    if ((r.status() != 200 && r.status() != 201) || info == null || info.metadata().clientId() == null) {
      OAuthError e = OAuthError.read(j);
      String err = e.error();
      String desc = e.errorDescription();
      throw new OAuthException(OAuthException.Reason.REGISTRATION_FAILED, "the authorization server " + as.issuer()
          + " refused the client registration: HTTP " + r.status() + (err == null ? "" : ", " + PeerText.line(err, 60))
          + (desc == null ? "" : " (" + PeerText.line(desc, 200) + ")"));
    }
    String clientId = info.metadata().clientId();
    String secret = info.clientSecret();
    String method = info.metadata().tokenEndpointAuthMethod();
    if (method == null) {
      method = TokenRequests.methodFor(secret, as.tokenEndpointAuthMethods());
    }
    LOG.info("event=client_registered issuer={} client_id={}", as.issuer(), PeerText.line(clientId, 200));
    StoredClient c = new StoredClient(clientId, secret, method, "dcr", token, revoke);
    store.saveClient(as.issuer(), c);
    knownClients.add(as.issuer() + " " + c.clientId());
    return c;
  }
}
