package dev.mcpkit.inspector.web.internal;

import dev.mcpkit.auth.client.OAuthEvent;
import dev.mcpkit.core.json.Json;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OAuth debugger's view of one sign-in: the events mcpkit's OAuth client reported ({@link OAuthEvent}), sorted
 * into the flow's steps, each with its requests and responses (secrets masked) and the checks the MCP authorization
 * spec requires, pass or fail with the reason and the section. The checks are read from what was exchanged, so they
 * say what happened on the wire, whatever the client then did.
 */
final class OAuthSteps {

  private static final String SPEC = "MCP 2026-07-28 authorization";
  /** Names whose values never reach the page: tokens, codes, verifiers, secrets, assertions. */
  private static final Set<String> SECRET = Set.of("access_token", "refresh_token", "id_token", "code", "code_verifier",
      "client_secret", "client_assertion", "registration_access_token", "state", "subject_token", "assertion");

  private record Step(String id, String title, ObjectNode node) {}

  private final Map<String, Step> steps = new LinkedHashMap<>();
  private JsonNode prm;
  private JsonNode asm;
  private String challengedScope;
  private String authorizeResource;
  private String cimdClientId;

  private OAuthSteps() {
    step("challenge", "401 and its challenge");
    step("prm", "Protected-resource metadata");
    step("asm", "Authorization-server metadata");
    step("client", "Client (CIMD / DCR / pre-registered)");
    step("authorize", "Authorize URL with PKCE");
    step("callback", "Callback and the iss check");
    step("token", "Token");
    step("refresh", "Refresh");
  }

  /** The steps for {@code events} so far, as the page shows them. */
  static ArrayNode of(String server, List<OAuthEvent> events) {
    OAuthSteps s = new OAuthSteps();
    for (OAuthEvent e : events) {
      s.add(server, e);
    }
    ArrayNode out = Json.array();
    for (Step st : s.steps.values()) {
      ObjectNode n = st.node;
      boolean failed = false;
      for (JsonNode c : n.path("checks")) {
        failed |= !c.path("ok").asBoolean();
      }
      if (!n.has("status")) {
        n.put("status", failed ? "fail" : n.path("exchanges").isEmpty() ? "pending" : "pass");
      }
      out.add(n);
    }
    return out;
  }

  private void step(String id, String title) {
    ObjectNode n = Json.object();
    n.put("id", id).put("title", title);
    n.putArray("exchanges");
    n.putArray("checks");
    steps.put(id, new Step(id, title, n));
  }

  private ObjectNode node(String id) {
    return steps.get(id).node;
  }

  private void add(String server, OAuthEvent e) {
    Map<String, String> f = e.fields();
    switch (e.kind()) {
      case CHALLENGE -> {
        String www = f.getOrDefault("wwwAuthenticate", "");
        exchange("challenge", "POST", String.valueOf(e.url()), e.status(), null, "WWW-Authenticate: " + www);
        challengedScope = param(www, "scope");
        check("challenge", "resource_metadata in the challenge", param(www, "resource_metadata") != null,
            param(www, "resource_metadata") != null ? "the 401 names its metadata document"
                : "no resource_metadata: the client falls back to the well-known URLs",
            SPEC + " › Protected Resource Metadata Discovery Requirements (RFC 9728 §5.1)", true);
      }
      case HTTP -> http(server, e, f);
      case CLIENT -> {
        exchange("client", "", String.valueOf(e.url()), 0, null,
            "registration: " + f.get("registration") + "\nclient_id: " + f.get("clientId"));
        check("client", "client identification", true, "the client uses " + describe(f.get("registration")),
            SPEC + " › Client Registration (CIMD, pre-registration, DCR, in that order)", false);
        if ("cimd".equals(f.get("registration"))) {
          cimd(f.getOrDefault("clientId", ""));
        }
      }
      case AUTHORIZE -> authorize(e, f);
      case CALLBACK -> {
        Map<String, String> shown = new LinkedHashMap<>(f);
        String expected = shown.remove("expectedIssuer");
        String refused = shown.remove("refused");
        exchange("callback", "GET", String.valueOf(e.url()), 0, maskMap(shown), null);
        String iss = f.get("iss");
        boolean ok = iss == null ? refused == null : iss.equals(expected);
        check("callback", "iss matches the issuer the request went to", ok, iss == null
            ? (refused == null ? "no iss (the server does not advertise RFC 9207 support)" : refused)
            : ok ? "iss = " + iss : "the response names the issuer " + iss + ", but the request went to " + expected
                + (refused != null ? ": refused, its code was not redeemed" : ""),
            SPEC + " › Authorization Response Validation; Security Considerations › Mix-Up Attacks (RFC 9207 §2.4)", false);
        if (refused != null && iss != null && ok) {
          check("callback", "authorization response", false, refused, SPEC + " › Authorization Flow Steps", false);
        }
      }
      default -> { }
    }
  }

  private void http(String server, OAuthEvent e, Map<String, String> f) {
    String url = String.valueOf(e.url());
    String path = e.url() == null ? "" : String.valueOf(e.url().getPath());
    String req = f.get("request");
    JsonNode body = parse(f.get("response"));
    Map<String, String> form = req == null ? Map.of() : form(req);
    String id;
    if (path.contains("/.well-known/oauth-protected-resource")) {
      id = "prm";
      if (e.status() == 200 && body != null) {
        prm = body;
        String resource = body.path("resource").asString("");
        boolean covers = covers(resource, server);
        check(id, "resource covers the server URL", covers, "resource = " + resource + (covers ? "" : ", not " + server),
            SPEC + " › Authorization Server Discovery (RFC 9728 §3.3)", false);
        check(id, "authorization_servers listed", body.path("authorization_servers").size() > 0,
            "authorization_servers = " + body.path("authorization_servers"), SPEC + " › Authorization Server Location", false);
      }
    } else if (path.contains("/.well-known/oauth-authorization-server") || path.contains("/.well-known/openid-configuration")) {
      id = "asm";
      if (e.status() == 200 && body != null) {
        asm = body;
        String expected = prm == null ? null : prm.path("authorization_servers").path(0).asString(null);
        String issuer = body.path("issuer").asString("");
        boolean match = expected == null || issuer.equals(expected);
        check(id, "issuer matches", match, "issuer = " + issuer + (match ? "" : ", the protected resource named " + expected),
            SPEC + " › Authorization Server Metadata Discovery (RFC 8414 §3.3)", false);
        boolean s256 = false;
        for (JsonNode m : body.path("code_challenge_methods_supported")) {
          s256 |= "S256".equals(m.asString(""));
        }
        check(id, "S256 PKCE supported", s256, "code_challenge_methods_supported = "
            + body.path("code_challenge_methods_supported"), SPEC + " › Security Considerations › Authorization Code Protection", false);
        check(id, "RFC 9207 iss advertised", true,
            body.path("authorization_response_iss_parameter_supported").asBoolean(false) ? "advertised"
                : "not advertised (a present iss is compared anyway)", "RFC 9207 §3", false);
      }
    } else if ("refresh_token".equals(form.get("grant_type"))) {
      id = "refresh";
      tokenChecks(id, form, body, e.status());
    } else if (form.containsKey("grant_type")) {
      id = "token";
      tokenChecks(id, form, body, e.status());
    } else if (asm != null && url.equals(asm.path("registration_endpoint").asString(""))) {
      id = "client";
    } else {
      id = "client"; // a client id metadata document or another registration exchange
    }
    exchange(id, f.getOrDefault("method", ""), url, e.status(), req == null ? null : maskText(req), maskText(f.get("response")));
  }

  /**
   * The checks of a Client ID Metadata Document client: its client id is the document's https URL, the authorization
   * server says it takes such ids, and the authorization server (not the client) fetches the document.
   */
  private void cimd(String clientId) {
    cimdClientId = clientId;
    String section = SPEC + " › Client ID Metadata Documents";
    URI u = clientId.startsWith("https://") ? URI.create(clientId) : null;
    check("client", "client_id is the metadata document's URL", u != null && u.getRawPath() != null
        && u.getRawPath().length() > 1, "client_id = " + clientId, section, false);
    boolean supported = asm != null && asm.path("client_id_metadata_document_supported").asBoolean(false);
    check("client", "the authorization server accepts Client ID Metadata Documents", supported,
        "client_id_metadata_document_supported = " + (asm == null ? "(no metadata)"
            : asm.path("client_id_metadata_document_supported")), section, false);
    check("client", "the authorization server fetches the document", true, "when the browser reaches the authorize URL,"
        + " the authorization server fetches " + clientId + " and checks it (its client_id is that URL, its"
        + " redirect_uris hold the callback); if it cannot, its page in the sign-in tab says why", section, true);
  }

  private void authorize(OAuthEvent e, Map<String, String> f) {
    Map<String, String> q = form(e.url().getRawQuery() == null ? "" : e.url().getRawQuery());
    URI base = URI.create(e.url().toString().split("\\?", 2)[0]);
    node("authorize").put("openUrl", e.url().toString());
    exchange("authorize", "GET", base.toString(), 0, maskMap(q), null);
    if (cimdClientId != null) {
      check("authorize", "client_id is the metadata document's URL", cimdClientId.equals(q.get("client_id")),
          "client_id = " + q.get("client_id"), SPEC + " › Client ID Metadata Documents", false);
    }
    check("authorize", "PKCE S256", "S256".equals(q.get("code_challenge_method")) && q.get("code_challenge") != null,
        "code_challenge_method = " + q.get("code_challenge_method"), SPEC + " › Security Considerations › Authorization Code Protection", false);
    authorizeResource = q.get("resource");
    String prmResource = prm == null ? null : prm.path("resource").asString(null);
    boolean res = authorizeResource != null && (prmResource == null || authorizeResource.equals(prmResource));
    check("authorize", "resource indicator", res, "resource = " + authorizeResource,
        SPEC + " › Resource Parameter Implementation (RFC 8707)", false);
    String scope = q.getOrDefault("scope", "");
    String source = challengedScope != null ? "the challenge's scope (" + challengedScope + ")"
        : prm != null && prm.has("scopes_supported") ? "the resource's scopes_supported " + prm.path("scopes_supported")
        : "no scope offered: none requested";
    boolean fits = challengedScope == null || Set.of(scope.split(" ")).containsAll(Set.of(challengedScope.split(" ")));
    check("authorize", "scope selection", fits, "scope = \"" + scope + "\" from " + source,
        SPEC + " › Scope Selection Strategy", false);
  }

  private void tokenChecks(String id, Map<String, String> form, JsonNode body, int status) {
    String resource = form.get("resource");
    check(id, "resource indicator in the token request", resource != null
        && (authorizeResource == null || resource.equals(authorizeResource)), "resource = " + resource,
        SPEC + " › Resource Parameter Implementation (RFC 8707 §2.2)", false);
    boolean ok = status == 200 && body != null && body.has("access_token");
    check(id, "access token issued", ok, ok ? "token_type = " + body.path("token_type").asString("")
        + ", expires_in = " + body.path("expires_in") : "HTTP " + status + " " + (body == null ? "" : body.path("error")),
        SPEC + " › Access Token Usage", false);
    if (ok) {
      JsonNode claims = jwtClaims(body.path("access_token").asString(""));
      String expected = resource == null ? authorizeResource : resource;
      if (claims == null) {
        check(id, "audience", true, "opaque token: its audience is the server's to check", SPEC
            + " › Security Considerations › Token Audience Binding and Validation", false);
      } else {
        JsonNode aud = claims.path("aud");
        boolean match = aud.isArray() ? aud.valueStream().anyMatch(a -> a.asString("").equals(expected))
            : aud.asString("").equals(expected);
        check(id, "audience", match, "aud = " + aud + (match ? "" : ", expected " + expected),
            SPEC + " › Security Considerations › Token Audience Binding and Validation", false);
      }
    }
  }

  private void exchange(String id, String method, String url, int status, Object request, String response) {
    ObjectNode x = ((ArrayNode) node(id).get("exchanges")).addObject();
    x.put("method", method).put("url", url);
    if (status != 0) {
      x.put("status", status);
    }
    if (request instanceof String s) {
      x.put("request", s);
    } else if (request instanceof Map<?, ?> m) {
      x.set("request", Json.tree(m));
    }
    if (response != null) {
      x.put("response", response);
    }
  }

  private void check(String id, String name, boolean ok, String reason, String spec, boolean info) {
    ObjectNode c = ((ArrayNode) node(id).get("checks")).addObject();
    c.put("name", name).put("ok", ok || info).put("reason", reason).put("spec", spec);
  }

  private static String describe(String registration) {
    return switch (String.valueOf(registration)) {
      case "cimd" -> "a Client ID Metadata Document URL as its client id";
      case "dcr" -> "a client id from Dynamic Client Registration (RFC 7591)";
      default -> "a pre-registered client id";
    };
  }

  static boolean covers(String resource, String server) {
    if (resource.isEmpty()) {
      return false;
    }
    String r = resource.endsWith("/") ? resource : resource + "/";
    return server.equals(resource) || server.startsWith(r);
  }

  private static String param(String www, String name) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)\\b" + name + "=\"([^\"]*)\"").matcher(www);
    return m.find() ? m.group(1) : null;
  }

  private static JsonNode parse(String text) {
    try {
      return text == null || text.isBlank() ? null : Json.parse(text);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Map<String, String> form(String raw) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      if (!pair.isEmpty()) {
        int eq = pair.indexOf('=');
        m.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return m;
  }

  /** The claims of a JWT access token, or null for an opaque one (only read, never trusted: the server validates). */
  private static JsonNode jwtClaims(String token) {
    String[] parts = token.split("\\.");
    if (parts.length != 3) {
      return null;
    }
    try {
      return Json.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      return null;
    }
  }

  static String mask(String value) {
    return value == null ? null : "••• (" + value.length() + " characters)";
  }

  private static Map<String, String> maskMap(Map<String, String> m) {
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, SECRET.contains(k) ? mask(v) : v));
    return out;
  }

  /** A form or JSON body with its secret values masked. */
  static String maskText(String text) {
    if (text == null) {
      return null;
    }
    JsonNode j = parse(text);
    if (j instanceof ObjectNode o) {
      for (String k : SECRET) {
        if (o.has(k)) {
          o.put(k, mask(o.get(k).asString("")));
        }
      }
      return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(o);
    }
    if (text.contains("=") && !text.contains(" ") && !text.trim().startsWith("{")) {
      StringBuilder b = new StringBuilder();
      maskMap(form(text)).forEach((k, v) -> b.append(b.isEmpty() ? "" : "\n").append(k).append(" = ").append(v));
      return b.toString();
    }
    return text;
  }
}
