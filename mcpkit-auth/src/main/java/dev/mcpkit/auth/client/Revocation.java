package dev.mcpkit.auth.client;

import dev.mcpkit.core.text.PeerText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 7009 token revocation at sign-out: the refresh token, then the access token, each with the client's
 * authentication and {@code forget_consent=true} (an extension of mcpkit's authorization server that others ignore).
 */
final class Revocation {

  /**
   * What the revocation did.
   *
   * @param revoked every token was revoked (HTTP 200)
   * @param unknownClient the server no longer knows the client, so its tokens are void there already
   * @param note a sentence for the user, or {@code null}
   */
  record Outcome(boolean revoked, boolean unknownClient, String note) {}

  private final OAuthHttp http;
  private final TokenRequests tokens;

  Revocation(OAuthHttp http, TokenRequests tokens) {
    this.http = http;
    this.tokens = tokens;
  }

  /** Revokes {@code g} at the revocation endpoint stored with {@code client} (which must have one). */
  Outcome revoke(StoredGrant g, StoredClient client, String issuer, boolean loopback) {
    boolean revoked;
    boolean unknownClient = false;
    String note = null;
    try {
      var endpoint = UrlRules.checkEndpoint(client.revocationEndpoint(), "the revocation endpoint", loopback);
      revoked = true;
      List<String[]> all = new ArrayList<>();
      if (g.refreshToken() != null) {
        all.add(new String[] {g.refreshToken(), "refresh_token"});
      }
      all.add(new String[] {g.accessToken(), "access_token"});
      for (String[] t : all) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", t[0]);
        form.put("token_type_hint", t[1]);
        form.put("forget_consent", "true");
        Map<String, String> headers = new LinkedHashMap<>();
        tokens.authenticate(form, headers, client, issuer);
        OAuthHttp.Reply r = http.postForm(endpoint, form, headers, loopback);
        if (TokenRequests.unknownClient(r)) {
          revoked = false;
          unknownClient = true;
          note = "the authorization server no longer knows the client " + PeerText.line(client.clientId(), 100)
              + " (it may have restarted and lost its registrations), so its tokens are void there already";
          break;
        }
        if (r.status() != 200) {
          revoked = false;
          note = "the authorization server answered the revocation with HTTP " + r.status();
        }
      }
    } catch (OAuthException e) {
      revoked = false;
      note = "revocation failed: " + e.getMessage();
    }
    return new Outcome(revoked, unknownClient, note);
  }
}
