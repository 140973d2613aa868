package dev.mcpkit.gateway.internal;

import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.McpRpcException;
import dev.mcpkit.client.RequestOptions;
import dev.mcpkit.client.auth.AuthProvider;
import dev.mcpkit.core.era.Era;
import dev.mcpkit.core.jsonrpc.ErrorCodes;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.Methods;
import dev.mcpkit.core.schema.CompletionReference;
import dev.mcpkit.core.schema.GetPromptResult;
import dev.mcpkit.core.schema.ReadResourceResult;
import dev.mcpkit.core.schema.SubscriptionFilter;
import dev.mcpkit.gateway.Upstream;
import dev.mcpkit.server.RequestContext;
import dev.mcpkit.server.ResourceNotFoundException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway's connection to one upstream: its {@link McpClient}, or why there is none. Every request routed to the
 * upstream goes through here, with the upstream's own names, its timeout, progress passed back to the downstream
 * caller, and cancellation passed on (an interrupted handler cancels the upstream request); every failure becomes an
 * error naming the upstream ({@link Failures}). This is the one place a later slice puts per-caller sessions,
 * credentials and the guard's checks.
 */
public final class Link implements AutoCloseable {

  private final Upstream upstream;
  // client, error and callers change when the upstream is lost and reached again (Health): written in the order
  // callers, error, client, so that a reader that sees a client sees its callers
  private volatile McpClient client;
  private volatile String error;
  private final Relay relay;
  private volatile dev.mcpkit.client.Subscription watching;
  /** Per-caller sessions (null for a shared stdio process); the shared client lists and follows list changes. */
  private volatile Callers callers;
  /** The gateway's per-caller tool policy, or {@code null}. */
  private volatile Policy policy;
  /** Connects again with the same settings and relay (Health). */
  private final Function<Relay, Link> again;
  private final CallGate gate;
  private volatile java.util.function.BiConsumer<Link, String> lost = (l, why) -> { };

  private Link(Upstream upstream, McpClient client, String error, Relay relay,
      Function<Supplier<dev.mcpkit.server.Caller>, McpClient> connector, Function<Relay, Link> again) {
    this.upstream = upstream;
    this.client = client;
    this.error = error;
    this.relay = relay;
    this.again = again;
    this.gate = new CallGate(upstream.name(), upstream.resilience().maxConcurrent(), upstream.resilience().queueWait());
    this.callers = client == null || !upstream.sessionPerCaller() ? null
        : new Callers(connector, upstream.maxCallers(), upstream.callerIdle());
  }

  /** Connects to the upstream with held calls of their own (tests, tools). */
  public static Link connect(Upstream upstream, String clientName, String clientVersion) {
    return connect(upstream, clientName, clientVersion, new HeldCalls(Duration.ofMinutes(5), 8));
  }

  /** Connects to the upstream; a failure gives an unavailable link that says why (the secrets of its spec hidden). */
  public static Link connect(Upstream upstream, String clientName, String clientVersion, HeldCalls held) {
    return connect(upstream, clientName, clientVersion, held, null);
  }

  /**
   * Connects to the upstream with {@code interceptor} (the guard, or {@code null}) on every connection made to it:
   * the shared one and each caller's, so what it blocks is neither listed nor called through any of them.
   */
  public static Link connect(Upstream upstream, String clientName, String clientVersion, HeldCalls held,
      dev.mcpkit.client.intercept.Interceptor interceptor) {
    return connect(upstream, clientName, clientVersion, held, interceptor, new Relay(upstream.name(), held));
  }

  private static Link connect(Upstream upstream, String clientName, String clientVersion, HeldCalls held,
      dev.mcpkit.client.intercept.Interceptor interceptor, Relay relay) {
    Function<Relay, Link> again = r -> connect(upstream, clientName, clientVersion, held, interceptor, r);
    Duration timeout = upstream.connectTimeout();
    try {
      // requestTimeout bounds negotiation and the listings at start; each routed call sets the upstream's timeout.
      // Per-caller sessions are made the same way: the same credentials (or the caller's own, for token exchange),
      // relay (questions and logs reach the caller), guard and logging level; a builder each, as sessions open at once.
      Function<AuthProvider, McpClient> open = auth -> allLevels(upstream, McpClient.builder()
          .server(upstream.target()).launchPolicy(upstream.launchPolicy()).clientInfo(clientName, clientVersion)
          .requestTimeout(timeout)
          .connectTimeout(timeout).auth(auth).probeTimeout(timeout.compareTo(Duration.ofSeconds(5)) < 0 ? timeout
              : Duration.ofSeconds(5)).handlers(relay.handlers()).onNotification(relay::notification)
          .interceptor(interceptor).connect());
      Function<Supplier<dev.mcpkit.server.Caller>, McpClient> connector = upstream.auth() instanceof PerCaller p
          ? who -> open.apply(p.forCaller(who)) : who -> open.apply(upstream.auth());
      return new Link(upstream, open.apply(upstream.auth()), null, relay, connector, again);
    } catch (RuntimeException e) {
      String why = e instanceof dev.mcpkit.client.McpTimeoutException t
          ? "it did not answer within " + Failures.seconds(t.timeout())
          : dev.mcpkit.core.text.PeerText.line(String.valueOf(e.getMessage()), 500);
      return new Link(upstream, null, upstream.target().redact(why), relay, null, again);
    }
  }

  /**
   * Connects to the upstream again after it was lost or never reached (Health), with the same settings: the new
   * connection (and per-caller sessions) replace the old ones, which are closed. Blocks up to the connect timeout.
   *
   * @return whether the upstream is available now; if not, {@link #error()} says why
   */
  public boolean reconnect() {
    Link fresh = again.apply(relay);
    if (!fresh.available()) {
      error = fresh.error;
      return false;
    }
    McpClient oldClient = client;
    Callers oldCallers = callers;
    dev.mcpkit.client.Subscription oldWatch = watching;
    watching = null;
    callers = fresh.callers;
    error = null;
    client = fresh.client;
    closeQuietly(oldWatch, oldCallers, oldClient);
    return true;
  }

  /**
   * Marks the upstream as lost (Health): calls fail naming it with {@code why} until {@link #reconnect()}; its
   * connection and per-caller sessions are closed (a stdio process is stopped).
   *
   * @return {@code false} when it was unavailable already
   */
  public boolean markDown(String why) {
    McpClient old = client;
    if (old == null) {
      return false;
    }
    Callers oldCallers = callers;
    dev.mcpkit.client.Subscription oldWatch = watching;
    watching = null;
    error = why;
    client = null;
    callers = null;
    closeQuietly(oldWatch, oldCallers, old);
    return true;
  }

  /** Tells {@code listener} when a request finds the upstream unreachable (a refused or broken connection). */
  public void onLost(java.util.function.BiConsumer<Link, String> listener) {
    this.lost = listener;
  }

  /** The concurrency limit and call log of requests to this upstream. */
  public CallGate gate() {
    return gate;
  }

  private static void closeQuietly(dev.mcpkit.client.Subscription watch, Callers sessions, McpClient c) {
    try {
      if (watch != null) {
        watch.close();
      }
    } catch (RuntimeException e) {
      // the connection is closed next either way
    }
    if (sessions != null) {
      sessions.close();
    }
    if (c != null) {
      try {
        c.close();
      } catch (RuntimeException e) {
        // already broken: nothing more to release
      }
    }
  }

  /**
   * Asks a logging 2025 upstream for every level on its session, which callers share: the downstream server filters by
   * the level each client asked for. A 2026-07-28 upstream is asked per request for the caller's level ({@link
   * #options}).
   */
  private static McpClient allLevels(Upstream upstream, McpClient client) {
    if (client.serverInfo().capabilities().logging() != null && client.serverInfo().era() != Era.STATELESS) {
      try {
        client.setLoggingLevel(dev.mcpkit.core.schema.LoggingLevel.DEBUG);
      } catch (RuntimeException e) {
        LoggerFactory.getLogger(Link.class).warn("upstream '{}': logging/setLevel failed: {}", upstream.name(),
            upstream.target().redact(String.valueOf(e.getMessage())));
      }
    }
    return client;
  }

  /** The upstream's settings. */
  public Upstream upstream() {
    return upstream;
  }

  /** The name of the upstream. */
  public String name() {
    return upstream.name();
  }

  /** Whether the upstream was reached. */
  public boolean available() {
    return client != null;
  }

  /** The client, when available. */
  public McpClient client() {
    return client;
  }

  /** Whether the upstream declares the logging capability (its log messages are passed on). */
  public boolean logs() {
    return client != null && client.serverInfo().capabilities().logging() != null;
  }

  /** Why the upstream is unavailable, or {@code null}. */
  public String error() {
    return error;
  }

  /**
   * Follows the upstream's list changes (those it declares {@code listChanged} for): {@code changed} gets the section
   * whose list changed, on the thread that reads the upstream's messages, so it must not block. A 2025 upstream sends
   * them on its session; a 2026-07-28 upstream on a {@code subscriptions/listen} stream opened here, opened again
   * when it ends while this connection is in use ({@link ListenAgain}).
   */
  public void watch(java.util.function.BiConsumer<Link, Catalog.Section> changed) {
    McpClient c = client;
    if (c == null) {
      return;
    }
    var caps = c.serverInfo().capabilities();
    Boolean t = caps.tools() != null && Boolean.TRUE.equals(caps.tools().listChanged()) ? Boolean.TRUE : null;
    Boolean p = caps.prompts() != null && Boolean.TRUE.equals(caps.prompts().listChanged()) ? Boolean.TRUE : null;
    Boolean r = caps.resources() != null && Boolean.TRUE.equals(caps.resources().listChanged()) ? Boolean.TRUE : null;
    if (t == null && p == null && r == null) {
      return;
    }
    String failed = listen(c, new SubscriptionFilter(t, p, r, null), changed);
    if (failed != null) {
      LoggerFactory.getLogger(Link.class).warn("upstream '{}': its list changes are not followed: {}", name(), failed);
    }
  }

  /**
   * Opens the listen stream on {@code c} ({@code null}, or why not); when it ends while {@code c} is still this link's
   * open connection (markDown, reconnect and close clear {@link #watching} first), {@link ListenAgain} opens it again.
   */
  private String listen(McpClient c, SubscriptionFilter filter,
      java.util.function.BiConsumer<Link, Catalog.Section> changed) {
    dev.mcpkit.client.Subscription w;
    try {
      w = c.listen(filter, n -> ListenAgain.section(n).ifPresent(s -> changed.accept(this, s)));
    } catch (RuntimeException e) {
      return upstream.target().redact(String.valueOf(e.getMessage()));
    }
    watching = w;
    w.ended().whenComplete((done, failure) -> {
      if (watching == w && client == c && c.isOpen() && !c.serverInfo().era().usesInitialize()) {
        watching = null;
        ListenAgain.start(this, "its subscriptions/listen stream",
            () -> client == c && c.isOpen() && watching == null, () -> listen(c, filter, changed) == null, () -> {
              c.invalidateCaches(); // its cached lists were told of no change while the stream was cut
              ListenAgain.sections(filter).forEach(s -> changed.accept(this, s));
            });
      }
    });
    return null;
  }

  /** Enforces {@code policy} on every tool call routed here ({@link #callTool(Tool, String, ObjectNode, RequestContext)}). */
  public void policy(Policy policy) {
    this.policy = policy;
  }

  /**
   * {@code tools/call} of {@code tool} (the upstream's definition) served as {@code served}: the gateway's policy
   * checks the caller, the arguments and the rate before, and the result's size after (each refusal names its rule).
   */
  public ObjectNode callTool(dev.mcpkit.core.schema.Tool tool, String served, ObjectNode arguments,
      RequestContext ctx) throws InterruptedException {
    Policy p = policy;
    if (p == null) {
      return callTool(tool.name(), arguments, ctx);
    }
    Policy.Admission a = p.admit(ctx == null ? java.util.Optional.empty() : ctx.caller(), name(), tool.name(), served,
        tool.annotations(), arguments);
    return p.result(a, callTool(tool.name(), arguments, ctx));
  }

  /**
   * {@code tools/call} upstream with the upstream's name for the tool; the result as the upstream sent it (checked
   * for a result's shape only, {@link McpClient#callToolRaw}), which the gateway's server encodes as it is for the
   * caller's era ({@link dev.mcpkit.server.RawToolHandler}).
   */
  public ObjectNode callTool(String original, ObjectNode arguments, RequestContext ctx)
      throws InterruptedException {
    Supplier<String> binding = () -> Methods.TOOLS_CALL + "\n" + original + "\n"
        + (arguments == null ? "" : Json.write(arguments));
    try (Callers.Lease lease = lease(ctx, Methods.TOOLS_CALL)) {
      McpClient c = lease == null ? live() : lease.client();
      PassThrough.Attempt a = PassThrough.attempt(ctx, c, upstream.name());
      if (a != null) {
        ObjectNode params = Json.object().put("name", original);
        params.set("arguments", arguments == null ? Json.object() : arguments);
        return relayed(Methods.TOOLS_CALL, original, binding, ctx, true, p -> PassThrough.run(c, Methods.TOOLS_CALL, params,
            options(p, ctx, c), a, McpClient::toolResult, o -> c.callToolRaw(original, arguments, o)));
      }
      return relayed(Methods.TOOLS_CALL, original, binding, ctx, false, p -> c.callToolRaw(original, arguments,
          options(p, ctx, c)));
    }
  }

  /** {@code resources/read} upstream; its "not found" (either era's code) stays "not found" downstream. */
  public ReadResourceResult readResource(String uri, RequestContext ctx) throws InterruptedException {
    try (Callers.Lease lease = lease(ctx, Methods.RESOURCES_READ)) {
      McpClient c = lease == null ? live() : lease.client();
      PassThrough.Attempt a = PassThrough.attempt(ctx, c, upstream.name());
      return relayed(Methods.RESOURCES_READ, uri, () -> Methods.RESOURCES_READ + "\n" + uri, ctx, a != null, p -> {
        try {
          RequestOptions o = options(p, ctx, c);
          return a == null ? c.readResource(uri, o) : PassThrough.run(c, Methods.RESOURCES_READ,
              Json.object().put("uri", uri), o, a, r -> PassThrough.convert(Methods.RESOURCES_READ, r,
              ReadResourceResult.class), x -> c.readResource(uri, x));
        } catch (McpRpcException e) {
          boolean stateless = c.serverInfo().era() == Era.STATELESS;
          if (e.code() == ErrorCodes.LEGACY_RESOURCE_NOT_FOUND || (stateless && e.code() == ErrorCodes.INVALID_PARAMS)) {
            throw new ResourceNotFoundException(uri); // answered with the downstream era's code
          }
          throw e;
        }
      });
    }
  }

  /** {@code prompts/get} upstream with the upstream's name for the prompt. */
  public GetPromptResult getPrompt(String original, Map<String, String> arguments, RequestContext ctx)
      throws InterruptedException {
    Supplier<String> binding = () -> Methods.PROMPTS_GET + "\n" + original + "\n"
        + Json.write(new java.util.TreeMap<>(arguments));
    try (Callers.Lease lease = lease(ctx, Methods.PROMPTS_GET)) {
      McpClient c = lease == null ? live() : lease.client();
      PassThrough.Attempt a = PassThrough.attempt(ctx, c, upstream.name());
      if (a != null) {
        ObjectNode params = Json.object().put("name", original);
        params.set("arguments", Json.tree(arguments));
        return relayed(Methods.PROMPTS_GET, original, binding, ctx, true, p -> PassThrough.run(c, Methods.PROMPTS_GET, params,
            options(p, ctx, c), a, r -> PassThrough.convert(Methods.PROMPTS_GET, r, GetPromptResult.class),
            o -> c.getPrompt(original, arguments, o)));
      }
      return relayed(Methods.PROMPTS_GET, original, binding, ctx, false, p -> c.getPrompt(original, arguments,
          options(p, ctx, c)));
    }
  }

  /** {@code completion/complete} upstream; the values only (the server API bounds and counts them again). */
  public List<String> complete(CompletionReference ref, String argument, String value, Map<String, String> context) {
    return run(Methods.COMPLETION_COMPLETE, () -> {
      var c = live().complete(ref, argument, value == null ? "" : value, context.isEmpty() ? null : context);
      return c.completion() == null || c.completion().values() == null ? List.<String>of() : c.completion().values();
    });
  }

  private RequestOptions options(java.util.function.Consumer<RequestOptions.Progress> progress, RequestContext ctx,
      McpClient c) {
    // progress only when the caller asked for it: a progress token makes the upstream answer even a quick call as
    // an event stream (and the relay has nowhere to send the events)
    boolean wanted = ctx != null && ctx.meta().has(dev.mcpkit.core.protocol.MetaKeys.PROGRESS_TOKEN);
    RequestOptions o = RequestOptions.defaults().withTimeout(upstream.timeout()).withProgress(wanted ? progress : null);
    // a 2026 upstream learns per request what the caller can answer (CallerCapabilities) and the level of log
    // messages the caller asked for: none when a 2026 caller asked for none, all when a 2025 caller set none
    if (c.serverInfo().era() != Era.STATELESS || ctx == null) {
      return o;
    }
    ObjectNode meta = CallerCapabilities.meta(relay.capabilities(), ctx.clientCapabilities());
    if (c.serverInfo().capabilities().logging() != null) {
      boolean statelessCaller = ctx.protocolVersion() != null && Era.of(ctx.protocolVersion()) == Era.STATELESS;
      var level = ctx.logLevel().or(() -> statelessCaller ? java.util.Optional.empty()
          : java.util.Optional.of(dev.mcpkit.core.schema.LoggingLevel.DEBUG));
      if (level.isPresent()) {
        meta = meta == null ? Json.object() : meta;
        meta.put(dev.mcpkit.core.protocol.MetaKeys.LOG_LEVEL, level.get().id());
      }
    }
    return meta == null ? o : o.withMeta(meta);
  }

  /** The caller's own session of this HTTP upstream, or {@code null} to use the shared client. */
  private Callers.Lease lease(RequestContext ctx, String method) {
    dev.mcpkit.server.Caller caller = ctx == null ? null : ctx.caller().orElse(null);
    if (callers == null || caller == null) {
      live(); // unavailable: says so
      if (upstream.auth() instanceof PerCaller) { // never the gateway's own credentials in a caller's place
        throw Failures.unavailable(upstream.name(), "it is called on behalf of the caller (token exchange), and"
            + " this request has no authenticated caller");
      }
      return null;
    }
    try {
      return callers.lease(caller);
    } catch (RuntimeException e) {
      throw redacted(Failures.unavailable(upstream.name(), "no session for this caller: "
          + (e instanceof dev.mcpkit.client.McpTimeoutException t ? "it did not answer within "
          + Failures.seconds(t.timeout()) : dev.mcpkit.core.text.PeerText.line(String.valueOf(e.getMessage()), 300))));
    }
  }

  /** How many callers have their own session of this upstream now. */
  public int callerSessions() {
    return callers == null ? 0 : callers.size();
  }

  private McpClient live() {
    if (client == null) {
      throw Failures.unavailable(upstream.name(), error);
    }
    return client;
  }

  private <T> T run(String method, Supplier<T> request) {
    try {
      return gate.call(method, null, null, request);
    } catch (ResourceNotFoundException e) {
      throw e;
    } catch (RuntimeException e) {
      throw redacted(Failures.of(upstream.name(), method, e));
    }
  }

  /**
   * One request upstream on behalf of the downstream request {@code ctx}: the upstream's questions, log messages and
   * progress reach its client ({@link Relay}); an interrupted handler (a downstream cancellation) cancels it upstream.
   */
  private <T> T relayed(String method, String name, Supplier<String> binding, RequestContext ctx, boolean through,
      java.util.function.Function<java.util.function.Consumer<RequestOptions.Progress>, T> request)
      throws InterruptedException {
    // the concurrency limit and the call log (CallGate) with the tool, prompt or URI; the binding (method, name and
    // arguments, which a held call's retry must repeat) is made only when a call is held or resumed (HeldCalls)
    return gate.interruptible(method, name, ctx, () -> relayedNow(method, binding, ctx, through, request));
  }

  private <T> T relayedNow(String method, Supplier<String> binding, RequestContext ctx, boolean through,
      java.util.function.Function<java.util.function.Consumer<RequestOptions.Progress>, T> request)
      throws InterruptedException {
    String label = CallerLabel.enter(ctx); // the guard's audit lines name the caller
    try {
      // nothing to relay (Relay.run runs it on this thread): a pass-through, whose upstream returns its questions as
      // its result, or a 2026 upstream told with the request that the caller answers no question (Link.options)
      boolean quiet = through || (ctx != null && client != null && client.serverInfo().era() == Era.STATELESS
          && CallerCapabilities.answersNothing(ctx.clientCapabilities()));
      return relay.run(binding, ctx, !through, quiet, request);
    } catch (ExecutionException e) {
      if (through && e.getCause() instanceof dev.mcpkit.client.McpInputRequiredException ir) {
        PassThrough.ask(ctx, upstream.name(), ir.result()); // ends this attempt with the upstream's questions
        throw new IllegalStateException("inputRequired returned");
      }
      if (e.getCause() != null && e.getCause().getClass() == dev.mcpkit.client.McpConnectionException.class) {
        lost.accept(this, upstream.target().redact(String.valueOf(e.getCause().getMessage()))); // Health retries it
      }
      if (e.getCause() instanceof ResourceNotFoundException nf) {
        throw nf;
      }
      if (e.getCause() instanceof dev.mcpkit.client.McpBlockedException b) { // the guard: name the served tool too
        throw Failures.blocked(ctx instanceof dev.mcpkit.server.ToolCall t ? "tool \"" + t.name() + "\"" : null,
            upstream.name(), b);
      }
      // a 2026 upstream was told the caller's capabilities: its -32021 is about the caller (CallerCapabilities)
      dev.mcpkit.core.jsonrpc.McpException missing = client != null && client.serverInfo().era() == Era.STATELESS
          ? CallerCapabilities.missing(upstream.name(), method, e.getCause(), ctx) : null;
      throw redacted(missing != null ? missing : Failures.of(upstream.name(), method, e.getCause()));
    } catch (java.util.concurrent.CancellationException e) {
      throw redacted(Failures.of(upstream.name(), method, new dev.mcpkit.client.McpConnectionException(
          "the request was cancelled")));
    } finally {
      CallerLabel.leave(label);
    }
  }

  private dev.mcpkit.core.jsonrpc.McpException redacted(dev.mcpkit.core.jsonrpc.McpException e) {
    String hidden = upstream.target().redact(e.getMessage());
    return hidden.equals(e.getMessage()) ? e : new dev.mcpkit.core.jsonrpc.McpException(e.code(), hidden, e.data());
  }

  @Override
  public void close() {
    dev.mcpkit.client.Subscription w = watching;
    watching = null; // its end is ours: not opened again
    if (w != null) {
      try {
        w.close();
      } catch (RuntimeException e) {
        // the connection is closed next either way
      }
    }
    if (callers != null) {
      callers.close();
    }
    if (client != null) {
      client.close();
    }
  }
}
