package dev.mcpkit.auth.client;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * One step an {@link OAuthClient} took, as told to its {@link OAuthClient.Builder#listener listener}: for a debugger or an audit
 * trail. <b>Carries secrets</b> (tokens, codes, verifiers, client secrets in request and response bodies): mask them
 * before showing or storing an event.
 *
 * @param kind what happened
 * @param url the URL concerned (the request's, the authorization URL, the redirect URI, the MCP server's)
 * @param status the HTTP status of an {@link Kind#HTTP} exchange or a {@link Kind#CHALLENGE}, else 0
 * @param fields the details, by kind: {@code HTTP}: {@code method}, {@code request} (the body sent, if any), {@code
 *     response} (the body received), {@code contentType}; {@code CHALLENGE}: {@code wwwAuthenticate}; {@code CLIENT}:
 *     {@code registration} ({@code pre-registered}, {@code cimd}, {@code dcr}), {@code clientId}; {@code AUTHORIZE}:
 *     {@code issuer} (the one recorded for the RFC 9207 check); {@code CALLBACK}: the response's parameters, {@code
 *     expectedIssuer}, and {@code refused} (the reason) when the client refused it
 */
public record OAuthEvent(Kind kind, URI url, int status, Map<String, String> fields) {

  /** What an event is about. */
  public enum Kind {
    /** The MCP server refused a request (401, or 403 {@code insufficient_scope}). */
    CHALLENGE,
    /** One HTTP request to a metadata document, a registration, token or revocation endpoint, and its answer. */
    HTTP,
    /** The client id in use (pre-registered, a metadata document URL, or dynamically registered). */
    CLIENT,
    /** The authorization URL the user agent is sent to (PKCE, {@code state}, {@code resource}, {@code scope}). */
    AUTHORIZE,
    /** The authorization response that came back to the redirect URI, and whether the client accepted it. */
    CALLBACK
  }

  /** Copies the fields. */
  public OAuthEvent {
    Objects.requireNonNull(kind);
    fields = Map.copyOf(fields);
  }
}
