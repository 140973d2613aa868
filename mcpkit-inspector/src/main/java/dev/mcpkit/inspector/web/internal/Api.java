package dev.mcpkit.inspector.web.internal;

import dev.mcpkit.client.config.ServerSpec;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.ProtocolVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The UI's JSON API (behind the guard): {@code GET state}, {@code GET events?since=N}, {@code GET configs} (host configuration files found), {@code POST connect},
 * {@code POST disconnect}, {@code POST rpc} (one MCP request), {@code POST subscribe} (a resource's updates), {@code POST elicitation} and {@code POST sampling} (the user's answers),
 * {@code GET oauth} and {@code POST oauth/start} (the OAuth debugger), {@code POST signin} (sign in for the connection
 * a server refused with 401, then connect again), {@code GET history}, {@code POST history/replay} and
 * {@code POST history/collection} (calls kept, replayed, saved as a collection), {@code POST snapshot} and
 * {@code POST diff} (the surface and its diff), {@code POST doctor} (the connection doctor on the current target), {@code POST security} (mcpkit-guard's findings).
 */
final class Api {

  /** The largest request body the UI sends (a tool's arguments, an elicitation's answer). */
  static final int MAX_BODY = 4 * 1024 * 1024;

  private static final Pattern METHOD = Pattern.compile("[a-zA-Z][a-zA-Z0-9_/.-]{0,100}");

  private final Connection connection;
  private final EventLog log;

  private final HostConfigs configs;
  private final OAuthDebugger oauth;
  private final Workbench workbench;

  Api(Connection connection, EventLog log, HostConfigs configs, OAuthDebugger oauth, java.nio.file.Path lockFile) {
    this.oauth = oauth;
    this.connection = connection;
    this.log = log;
    this.configs = configs;
    this.workbench = new Workbench(connection, lockFile);
  }

  void handle(String route, Request request, Response response, Callback callback) {
    boolean post = request.getMethod().equals("POST");
    try {
      switch (route) {
        case "state" -> WebApp.json(response, callback, 200, connection.state());
        case "events" -> {
          long since = parseLong(Request.extractQueryParameters(request).getValue("since"));
          ObjectNode o = Json.object();
          o.set("events", log.since(since));
          WebApp.json(response, callback, 200, o);
        }
        case "configs" -> WebApp.json(response, callback, 200, Json.object().set("files", configs.list()));
        case "connect" -> {
          requirePost(post);
          JsonNode body = body(request);
          ServerSpec spec = body.path("config").isString()
              ? configs.server(body.get("config").asString(), body.path("server").asString(""))
              : Targets.parse(body);
          ProtocolVersion protocol = Targets.protocol(body);
          if (spec.isStdio() && !body.path("confirmed").asBoolean(false)) {
            // a process is started only after the user saw its exact command line
            ObjectNode o = Json.object();
            o.set("confirm", Targets.masked(spec, protocol));
            WebApp.json(response, callback, 409, o);
            return;
          }
          connection.connect(spec, protocol);
          WebApp.json(response, callback, 200, connection.state());
        }
        case "disconnect" -> {
          requirePost(post);
          connection.close();
          WebApp.json(response, callback, 200, connection.state());
        }
        case "rpc" -> {
          requirePost(post);
          JsonNode body = body(request);
          String method = body.path("method").asString("");
          if (!METHOD.matcher(method).matches()) {
            throw new IllegalArgumentException("\"method\" must be an MCP method name");
          }
          JsonNode params = body.path("params");
          ObjectNode p = params instanceof ObjectNode o ? o : Json.object();
          WebApp.json(response, callback, 200, workbench.call(method, p));
        }
        case "subscribe" -> {
          requirePost(post);
          String uri = body(request).path("uri").asString("");
          if (uri.isEmpty()) {
            throw new IllegalArgumentException("\"uri\" is required");
          }
          WebApp.json(response, callback, 200, connection.subscribe(uri));
        }
        case "elicitation" -> {
          requirePost(post);
          JsonNode body = body(request);
          String action = body.path("action").asString("");
          if (!action.equals("accept") && !action.equals("decline") && !action.equals("cancel")) {
            throw new IllegalArgumentException("\"action\" must be accept, decline or cancel");
          }
          ObjectNode content = body.path("content") instanceof ObjectNode o ? o : Json.object();
          boolean done = connection.asks().answerElicitation(body.path("id").asLong(-1), action, content);
          WebApp.json(response, callback, done ? 200 : 404, Json.object().put("answered", done));
        }
        case "sampling" -> {
          requirePost(post);
          JsonNode body = body(request);
          String action = body.path("action").asString("");
          if (!action.equals("send") && !action.equals("reject")) {
            throw new IllegalArgumentException("\"action\" must be send or reject");
          }
          String text = body.path("text").asString("");
          if (action.equals("send") && text.isBlank()) {
            throw new IllegalArgumentException("\"text\" (the reply) is required to send");
          }
          boolean done = connection.asks().answerSampling(body.path("id").asLong(-1),
              action.equals("send") ? text : null, body.path("model").asString(""));
          WebApp.json(response, callback, done ? 200 : 404, Json.object().put("answered", done));
        }
        case "oauth" -> WebApp.json(response, callback, 200, oauth.state());
        case "history" -> WebApp.json(response, callback, 200, workbench.history());
        case "history/replay" -> {
          requirePost(post);
          WebApp.json(response, callback, 200, workbench.replay(body(request).path("id").asLong(-1)));
        }
        case "history/collection" -> {
          requirePost(post);
          JsonNode body = body(request);
          java.util.List<Long> ids = new java.util.ArrayList<>();
          body.path("ids").forEach(n -> ids.add(n.asLong()));
          WebApp.json(response, callback, 200, workbench.collection(body.path("name").asString(""), ids));
        }
        case "snapshot" -> {
          requirePost(post);
          WebApp.json(response, callback, 200, workbench.snapshot());
        }
        case "diff" -> {
          requirePost(post);
          JsonNode body = body(request);
          WebApp.json(response, callback, 200, workbench.diff(body.get("before"), body.path("after")));
        }
        case "security" -> {
          requirePost(post);
          WebApp.json(response, callback, 200, workbench.security());
        }
        case "doctor" -> {
          requirePost(post);
          WebApp.json(response, callback, 200, workbench.doctor());
        }
        case "signin" -> {
          requirePost(post);
          JsonNode body = body(request);
          var needed = connection.signInNeeded();
          if (needed == null) {
            throw new IllegalArgumentException("the connection does not need a sign-in (connect to a server that asks for one)");
          }
          // the same OAuth client path as the debugger (its steps show this sign-in), with the CLI's credential store
          oauth.signIn(needed.server(), new dev.mcpkit.client.auth.AuthChallenge(needed.status(), needed.server(),
              needed.challenges()), needed.scopes(), body.path("clientId").asString(""), connection.signInSettings(),
              connection.credentials(), connection::reconnect);
          WebApp.json(response, callback, 200, oauth.state());
        }
        case "oauth/start" -> {
          requirePost(post);
          JsonNode body = body(request);
          oauth.start(body.path("url").asString(""), body.path("clientId").asString(""), body.path("scope").asString(""),
              body.path("clientMetadataUrl").asString(""));
          WebApp.json(response, callback, 200, oauth.state());
        }
        default -> WebApp.text(response, callback, 404, "no such API: " + route);
      }
    } catch (IllegalArgumentException e) {
      ObjectNode o = Json.object();
      o.putObject("error").put("message", e.getMessage());
      WebApp.json(response, callback, 400, o);
    }
  }

  private static void requirePost(boolean post) {
    if (!post) {
      throw new IllegalArgumentException("this API takes POST");
    }
  }

  private static JsonNode body(Request request) {
    if (request.getLength() > MAX_BODY) {
      throw new IllegalArgumentException("the request body is larger than " + MAX_BODY + " bytes");
    }
    String text;
    try {
      text = Content.Source.asString(request, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the request body");
    }
    if (text.length() > MAX_BODY) {
      throw new IllegalArgumentException("the request body is larger than " + MAX_BODY + " bytes");
    }
    try {
      JsonNode n = Json.parse(text);
      if (!n.isObject()) {
        throw new IllegalArgumentException("the request body must be a JSON object");
      }
      return n;
    } catch (JacksonException e) {
      throw new IllegalArgumentException("the request body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static long parseLong(String s) {
    try {
      return s == null ? 0 : Long.parseLong(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
