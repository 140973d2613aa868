package dev.mcpkit.auth.server;

import static dev.mcpkit.auth.server.Http.esc;

import dev.mcpkit.auth.oauth.Scopes;
import java.net.URI;
import java.util.List;

/**
 * The HTML a person sees: login, consent and error pages. Every dynamic value goes through {@link Http#esc}; no
 * script runs on any page; forms carry the CSRF token and the id of the pending request.
 */
final class Pages {

  private static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;"
      + "padding:0 1rem;color:#1b1f24}h1{font-size:1.4rem}.box{border:1px solid #d0d7de;border-radius:8px;"
      + "padding:1.2rem}label{display:block;margin:.6rem 0 .2rem}input[type=text],input[type=password]{width:100%;"
      + "padding:.45rem;box-sizing:border-box}button{margin-top:1rem;padding:.5rem 1.1rem;margin-right:.5rem}"
      + ".err{color:#b42318}.warn{background:#fff4e5;border:1px solid #f0b35a;padding:.6rem;border-radius:6px}"
      + "code{background:#f6f8fa;padding:0 .2rem}dt{font-weight:600;margin-top:.5rem}";

  private Pages() {}

  private static String page(String title, String body) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>" + esc(title)
        + "</title><style>" + STYLE + "</style></head><body>" + body + "</body></html>";
  }

  private static String hidden(Interaction.Pending p) {
    return "<input type=\"hidden\" name=\"request\" value=\"" + esc(p.id()) + "\">"
        + "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(p.csrf()) + "\">";
  }

  static String login(Settings s, Interaction.Pending p, ResolvedClient client, List<UpstreamProvider> providers,
      String error) {
    StringBuilder b = new StringBuilder();
    b.append("<h1>Sign in</h1><p>to continue to <strong>").append(esc(client.name())).append("</strong></p>");
    if (error != null) {
      b.append("<p class=\"err\" id=\"error\">").append(esc(error)).append("</p>");
    }
    b.append("<div class=\"box\"><form method=\"post\" action=\"").append(esc(s.endpoint("/login"))).append("\">")
        .append(hidden(p))
        .append("<label for=\"username\">Username</label><input type=\"text\" id=\"username\" name=\"username\" "
            + "autocomplete=\"username\" required autofocus>")
        .append("<label for=\"password\">Password</label><input type=\"password\" id=\"password\" name=\"password\" "
            + "autocomplete=\"current-password\" required>")
        .append("<button type=\"submit\" id=\"login\">Sign in</button></form>");
    if (!providers.isEmpty()) {
      b.append("<p>or</p><form method=\"post\" action=\"").append(esc(s.endpoint("/federation/start"))).append("\">")
          .append(hidden(p));
      for (UpstreamProvider u : providers) {
        b.append("<button type=\"submit\" name=\"provider\" value=\"").append(esc(u.id())).append("\" id=\"provider-")
            .append(esc(u.id())).append("\">Sign in with ").append(esc(u.displayName())).append("</button>");
      }
      b.append("</form>");
    }
    b.append("</div>");
    return page("Sign in", b.toString());
  }

  static String consent(Settings s, Interaction.Pending p, ResolvedClient client, String displayName) {
    String redirectHost = URI.create(p.redirectUri()).getHost();
    StringBuilder b = new StringBuilder();
    b.append("<h1>Authorize <span id=\"client-name\">").append(esc(client.name())).append("</span>?</h1>");
    b.append("<p>Signed in as <strong id=\"user\">").append(esc(displayName)).append("</strong></p>");
    b.append("<div class=\"box\"><dl>");
    if (client.idHost() != null) {
      b.append("<dt>Client published by</dt><dd id=\"client-host\"><code>").append(esc(client.idHost()))
          .append("</code></dd>");
    }
    b.append("<dt>Client id</dt><dd><code>").append(esc(client.clientId())).append("</code></dd>");
    b.append("<dt>You will be sent back to</dt><dd id=\"redirect-host\"><code>").append(esc(redirectHost))
        .append("</code></dd>");
    b.append("<dt>Access to</dt><dd id=\"resource\"><code>").append(esc(p.resource())).append("</code></dd>");
    b.append("<dt>Permissions</dt><dd><ul id=\"scopes\">");
    if (p.scope().isEmpty()) {
      b.append("<li>(no specific permission)</li>");
    }
    for (String sc : Scopes.parse(p.scope())) {
      b.append("<li><code>").append(esc(sc)).append("</code></li>");
    }
    b.append("</ul></dd></dl>");
    if (client.kind() == ResolvedClient.Kind.METADATA_DOCUMENT && client.localhostOnly()) {
      b.append("<p class=\"warn\" id=\"localhost-warning\">This application only returns to your own computer "
          + "(localhost). Anyone can publish such an application under any name: approve only if you just started "
          + "it yourself.</p>");
    }
    b.append("<form method=\"post\" action=\"").append(esc(s.endpoint("/consent"))).append("\">").append(hidden(p))
        .append("<label><input type=\"checkbox\" name=\"remember\" value=\"yes\" id=\"remember\"> "
            + "Remember this decision</label>")
        .append("<button type=\"submit\" name=\"decision\" value=\"approve\" id=\"approve\">Approve</button>")
        .append("<button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\">Deny</button></form></div>");
    return page("Authorize " + client.name(), b.toString());
  }

  static String error(String title, String message) {
    return page(title, "<h1 id=\"error-title\">" + esc(title) + "</h1><p id=\"error\">" + esc(message)
        + "</p><p>You can close this page and start again from the application.</p>");
  }
}
