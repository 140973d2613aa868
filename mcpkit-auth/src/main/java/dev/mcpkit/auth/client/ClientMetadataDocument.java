package dev.mcpkit.auth.client;

import java.net.URI;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Client ID Metadata Document to host at the URL given to {@link
 * OAuthClient.Builder#clientMetadataUrl(URI)} (draft-ietf-oauth-client-id-metadata-document): its
 * {@code client_id} is exactly that URL, it names the client and lists the loopback redirect URIs the
 * client uses ({@code http://127.0.0.1/callback}: authorization servers accept any port on a
 * loopback IP redirect URI, RFC 8252 §7.3), and it declares a public client ({@code
 * token_endpoint_auth_method: none}, never a shared secret) that wants refresh tokens.
 */
public final class ClientMetadataDocument {

  /** The redirect URI registered for the loopback listener; the port is chosen per sign-in. */
  public static final String LOOPBACK_REDIRECT = "http://127.0.0.1" + LoopbackCallback.PATH;

  private ClientMetadataDocument() {}

  /**
   * The document with the one loopback redirect URI {@link #LOOPBACK_REDIRECT}.
   *
   * @param clientId the https URL the document is hosted at
   * @param clientName the name authorization servers show
   * @return the document
   * @throws IllegalArgumentException when {@code clientId} is not https with a path and no fragment
   */
  public static ObjectNode create(URI clientId, String clientName) {
    return create(clientId, clientName, List.of(LOOPBACK_REDIRECT));
  }

  /**
   * The document with the given redirect URIs.
   *
   * @param clientId the https URL the document is hosted at
   * @param clientName the name authorization servers show
   * @param redirectUris the redirect URIs the client uses
   * @return the document
   * @throws IllegalArgumentException when {@code clientId} is not https with a path and no fragment
   */
  public static ObjectNode create(URI clientId, String clientName, List<String> redirectUris) {
    if (!"https".equalsIgnoreCase(clientId.getScheme()) || clientId.getRawPath() == null || clientId.getRawPath().length() < 2
        || clientId.getRawFragment() != null) {
      throw new IllegalArgumentException("a client id metadata document URL must be https with a path and no fragment");
    }
    ObjectNode d = OAuthHttp.JSON.createObjectNode();
    d.put("client_id", clientId.toString());
    d.put("client_name", clientName);
    var r = d.putArray("redirect_uris");
    redirectUris.forEach(r::add);
    d.putArray("grant_types").add("authorization_code").add("refresh_token");
    d.putArray("response_types").add("code");
    d.put("token_endpoint_auth_method", "none");
    d.put("application_type", "native");
    return d;
  }
}
