package dev.mcpkit.auth.client;

import dev.mcpkit.core.text.PeerText;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

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
    ObjectNode body = OAuthHttp.JSON.createObjectNode();
    body.put("client_name", clientName);
    body.putArray("redirect_uris").add(redirect.toString());
    body.putArray("grant_types").add("authorization_code").add("refresh_token");
    body.putArray("response_types").add("code");
    body.put("token_endpoint_auth_method", "none");
    body.put("application_type", "native"); // a CLI with a loopback redirect (MCP 2026-07-28, SEP-837)
    OAuthHttp.Reply r = http.postJson(as.registrationEndpoint(), body, loopback);
    JsonNode j = r.json();
    if ((r.status() != 200 && r.status() != 201) || j == null || !j.path("client_id").isString()) {
      String err = j == null ? null : j.path("error").asString(null);
      String desc = j == null ? null : j.path("error_description").asString(null);
      throw new OAuthException(OAuthException.Reason.REGISTRATION_FAILED, "the authorization server " + as.issuer()
          + " refused the client registration: HTTP " + r.status() + (err == null ? "" : ", " + PeerText.line(err, 60))
          + (desc == null ? "" : " (" + PeerText.line(desc, 200) + ")"));
    }
    String secret = j.path("client_secret").asString(null);
    String method = j.path("token_endpoint_auth_method").asString(null);
    if (method == null) {
      method = TokenRequests.methodFor(secret, as.tokenEndpointAuthMethods());
    }
    LOG.info("event=client_registered issuer={} client_id={}", as.issuer(), PeerText.line(j.get("client_id").asString(), 200));
    StoredClient c = new StoredClient(j.get("client_id").asString(), secret, method, "dcr", token, revoke);
    store.saveClient(as.issuer(), c);
    knownClients.add(as.issuer() + " " + c.clientId());
    return c;
  }
}
