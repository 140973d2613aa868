package dev.mcpkit.inspector.web.internal;

import dev.mcpkit.auth.client.AuthorizationRequiredException;
import dev.mcpkit.auth.client.CredentialStore;
import dev.mcpkit.auth.client.OAuthClient;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.McpClientBuilder;
import dev.mcpkit.client.RequestOptions;
import dev.mcpkit.client.ServerInfo;
import dev.mcpkit.client.ServerNotification;
import dev.mcpkit.client.config.ServerSpec;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.ProtocolVersion;
import java.time.Duration;
import tools.jackson.databind.node.ObjectNode;

/**
 * The inspector's one connection to an MCP server (replaced by each connect), and what it reports to the UI through
 * the {@link EventLog}: frames, HTTP exchanges, notifications, logs, progress, elicitations waiting for the user.
 */
final class Connection {

  private final EventLog log;
  private final String clientVersion;
  private final UserAsks asks;
  private final java.util.List<dev.mcpkit.client.Subscription> subscriptions = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile McpClient client;
  private volatile HttpTap http;
  private volatile ServerSpec spec;
  private volatile ProtocolVersion forced;
  private volatile String status = "idle";
  private volatile String error;
  private final CredentialStore credentials;
  private final SignIn signIn;
  private volatile OAuthClient oauth;
  private volatile AuthorizationRequiredException signInNeeded;

  /**
   * @param credentials where sign-ins are kept: the CLI's credential file, so a {@code mcpkit login} is used here and a
   *     sign-in from the page serves the CLI too
   */
  Connection(EventLog log, String clientVersion, CredentialStore credentials, SignIn signIn) {
    this.log = log;
    this.clientVersion = clientVersion;
    this.credentials = credentials;
    this.signIn = signIn;
    this.asks = new UserAsks(log);
  }

  /**
   * What a stdio target may be started with: a server of a configuration file (it has a name) gets the standard policy
   * (no shells or launchers), as in {@code mcpkit call --config} and the gateway; a command typed in the Connect form
   * or after {@code mcpkit inspect --} runs as typed (its command line was shown and confirmed before it starts).
   */
  static dev.mcpkit.client.transport.LaunchPolicy launchPolicy(ServerSpec target) {
    return target.name() == null ? dev.mcpkit.client.transport.LaunchPolicy.any()
        : dev.mcpkit.client.transport.LaunchPolicy.standard().setting("the configuration file (or type the command in"
            + " the Connect form, which shows it before it runs)");
  }

  /** Connects to {@code target} (closing the previous connection first); failures are kept for the UI. */
  void connect(ServerSpec target, ProtocolVersion protocol) {
    close();
    this.spec = target;
    this.forced = protocol;
    this.error = null;
    this.signInNeeded = null;
    this.status = "connecting";
    log.add("status", e -> e.put("status", "connecting"));
    HttpTap tap = HttpTap.start(log, Duration.ofSeconds(10), this::redact);
    McpClientBuilder b = McpClient.builder().clientInfo("mcpkit-inspector", clientVersion).server(target)
        .launchPolicy(launchPolicy(target))
        .httpClient(tap).requestTimeout(Duration.ofSeconds(60)).connectTimeout(Duration.ofSeconds(10))
        .handlers(asks.handlers())
        .frameListener((d, json) -> log.add("frame", e -> {
          e.put("direction", d == dev.mcpkit.client.FrameListener.Direction.SENT ? "sent" : "received");
          e.put("json", redact(json));
        }))
        .onNotification(this::notification)
        .onWarning(w -> log.add("warning", e -> e.put("message", redact(w))));
    if (protocol != null) {
      b.protocolVersion(protocol);
    }
    // as mcpkit call does: OAuth for an HTTP server unless the user gave the Authorization header. It never signs in
    // by itself (a 401 without a usable stored sign-in ends the attempt); the page offers the sign-in instead.
    OAuthClient auth = !target.isStdio() && target.headers().keySet().stream()
        .noneMatch(h -> h.equalsIgnoreCase("Authorization"))
        ? signIn.apply(OAuthClient.builder().store(credentials).interactive(false)
            .clientName("mcpkit-inspector"), null).build()
        : null;
    if (auth != null) {
      b.auth(auth);
    }
    try {
      McpClient c = b.connect();
      this.http = tap;
      this.oauth = auth;
      this.client = c;
      this.status = "connected";
      log.add("status", e -> e.put("status", "connected"));
    } catch (RuntimeException e) {
      stop(tap);
      if (auth != null) {
        auth.close();
      }
      var needed = signInNeeded(e);
      this.signInNeeded = needed;
      this.status = needed != null ? "sign-in" : "failed";
      this.error = message(e);
      log.add("status", ev -> ev.put("status", status).put("error", error));
    }
  }

  /** Connects again to the same target (after a sign-in stored its tokens). */
  void reconnect() {
    ServerSpec s = spec;
    if (s != null) {
      connect(s, forced);
    }
  }

  /** The refusal the last connect ended with when signing in would help, or {@code null}. */
  AuthorizationRequiredException signInNeeded() {
    return signInNeeded;
  }

  /** The current target, or {@code null}. */
  ServerSpec spec() {
    return spec;
  }

  /** The forced revision of the current target, or {@code null} (negotiated). */
  ProtocolVersion forced() {
    return forced;
  }

  /**
   * The connected server's surface now.
   *
   * @throws IllegalArgumentException when not connected
   */
  dev.mcpkit.inspector.Snapshot snapshot() {
    return withClient("the snapshot", dev.mcpkit.inspector.Snapshot::take);
  }

  /**
   * What the connected server shows a model, for the guard's scan (labelled with the target, secrets masked).
   *
   * @throws IllegalArgumentException when not connected
   */
  dev.mcpkit.guard.ServerSurface surface() {
    ServerSpec s = spec;
    String label = s == null ? "server" : s.isStdio() ? redact(String.join(" ", s.argv())) : redact(s.url());
    return withClient("the scan", c -> dev.mcpkit.guard.ServerSurface.fetch(label, c));
  }

  private <T> T withClient(String what, java.util.function.Function<McpClient, T> work) {
    McpClient c = client;
    if (c == null) {
      throw new IllegalArgumentException("not connected");
    }
    try {
      return work.apply(c);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(what + " failed: " + message(e));
    }
  }

  /** Where sign-ins are kept. */
  CredentialStore credentials() {
    return credentials;
  }

  /** How sign-ins are made (the client, extra scopes, the timeout). */
  SignIn signInSettings() {
    return signIn;
  }

  private static AuthorizationRequiredException signInNeeded(Throwable e) {
    for (int depth = 0; e != null && depth < 10; e = e.getCause(), depth++) {
      if (e instanceof AuthorizationRequiredException a) {
        return a;
      }
    }
    return null;
  }

  /** The connection as the UI shows it: status, target (secrets masked), and what the server said. */
  ObjectNode state() {
    ObjectNode o = Json.object();
    o.put("status", status);
    if (error != null) {
      o.put("error", error);
    }
    var needed = signInNeeded;
    if (needed != null) {
      // what the sign-in will ask for; no token or code ever reaches the page
      var si = o.putObject("signIn");
      si.put("server", redact(needed.server().toString()));
      var scopes = si.putArray("scopes");
      needed.scopes().forEach(scopes::add);
    }
    ServerSpec s = spec;
    if (s != null) {
      o.set("target", Targets.masked(s, forced));
    }
    McpClient c = client;
    if (c != null) {
      ServerInfo info = c.serverInfo();
      o.put("protocolVersion", info.protocolVersion().id());
      o.put("era", String.valueOf(info.era()).toLowerCase(java.util.Locale.ROOT));
      o.put("transport", info.transport());
      o.set("serverInfo", Json.tree(info.implementation()));
      o.set("capabilities", Json.tree(info.capabilities()));
      if (info.instructions() != null) {
        o.put("instructions", info.instructions());
      }
    }
    return o;
  }

  /** One request to the server; the result, or an error object the UI shows (never a stack trace). */
  ObjectNode request(String method, ObjectNode params) {
    McpClient c = client;
    ObjectNode out = Json.object();
    if (c == null) {
      out.putObject("error").put("message", "not connected");
      return out;
    }
    long started = System.nanoTime();
    RequestOptions options = RequestOptions.defaults().withProgress(p -> log.add("progress", e -> {
      e.put("method", method).put("progress", p.progress()).put("message", p.message());
      if (p.total() != null) {
        e.put("total", p.total());
      }
    }));
    try {
      if (method.equals(dev.mcpkit.core.protocol.Methods.LOGGING_SET_LEVEL)) {
        // the client knows the era: logging/setLevel in 2025, the logLevel of every later request in 2026-07-28
        c.setLoggingLevel(dev.mcpkit.core.schema.LoggingLevel.of(params.path("level").asString("info")));
        out.set("result", Json.object());
      } else {
        out.set("result", c.request(method, params, options));
      }
    } catch (dev.mcpkit.client.McpRpcException e) {
      ObjectNode err = out.putObject("error");
      err.put("code", e.code()).put("message", redact(e.serverMessage()));
      if (e.data() != null) {
        err.set("data", e.data());
      }
    } catch (RuntimeException e) {
      out.putObject("error").put("message", message(e));
    }
    out.put("millis", (System.nanoTime() - started) / 1_000_000);
    return out;
  }

  /**
   * Subscribes to a resource's updates (and the list changes): {@code subscriptions/listen} in 2026-07-28,
   * {@code resources/subscribe} in the 2025 era; what arrives shows in the live view.
   */
  ObjectNode subscribe(String uri) {
    McpClient c = client;
    ObjectNode out = Json.object();
    if (c == null) {
      out.putObject("error").put("message", "not connected");
      return out;
    }
    try {
      subscriptions.add(c.listen(new dev.mcpkit.core.schema.SubscriptionFilter(true, true, true, java.util.List.of(uri)),
          this::notification));
      out.put("subscribed", uri);
    } catch (dev.mcpkit.client.McpRpcException e) {
      out.putObject("error").put("code", e.code()).put("message", redact(e.serverMessage()));
    } catch (RuntimeException e) {
      out.putObject("error").put("message", message(e));
    }
    return out;
  }

  /** What the server asks the user: elicitations and sampling requests waiting for the page's answer. */
  UserAsks asks() {
    return asks;
  }

  /** Closes the connection (a stdio server is stopped); the inspector stays up. */
  void close() {
    McpClient c = client;
    client = null;
    asks.cancelAll();
    subscriptions.forEach(sub -> {
      try {
        sub.close();
      } catch (RuntimeException ignored) {
        // the connection closes below anyway
      }
    });
    subscriptions.clear();
    if (c != null) {
      try {
        c.close();
      } catch (RuntimeException ignored) {
        // closing is best effort: the next connect starts afresh
      }
      status = "idle";
      log.add("status", e -> e.put("status", "closed"));
    }
    stop(http);
    http = null;
    var auth = oauth;
    oauth = null;
    if (auth != null) {
      auth.close();
    }
  }

  private void notification(ServerNotification n) {
    if (n instanceof ServerNotification.LogMessage m) {
      log.add("log", e -> {
        e.put("level", m.level() == null ? "info" : m.level().id()).put("logger", m.logger());
        e.set("data", m.data());
      });
    } else {
      log.add("notification", e -> {
        switch (n) {
          case ServerNotification.ToolsListChanged t -> e.put("method", "notifications/tools/list_changed");
          case ServerNotification.PromptsListChanged p -> e.put("method", "notifications/prompts/list_changed");
          case ServerNotification.ResourcesListChanged r -> e.put("method", "notifications/resources/list_changed");
          case ServerNotification.ResourceUpdated u -> e.put("method", "notifications/resources/updated")
              .putObject("params").put("uri", u.uri());
          case ServerNotification.Other o -> e.put("method", o.method()).set("params", o.params());
          default -> e.put("method", "notification");
        }
      });
    }
  }

  private String redact(String text) {
    ServerSpec s = spec;
    return text == null || s == null ? text : Targets.redact(s, text);
  }

  private String message(RuntimeException e) {
    return redact(e.getMessage() == null ? "the connection failed" : e.getMessage());
  }

  private static void stop(HttpTap tap) {
    if (tap != null) {
      try {
        tap.stop();
      } catch (Exception ignored) {
        // a client that will not stop is dropped
      }
    }
  }
}
