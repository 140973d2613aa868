package dev.mcpkit.gateway.internal;

import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.McpClientBuilder;
import dev.mcpkit.client.McpRpcException;
import dev.mcpkit.client.RequestOptions;
import dev.mcpkit.client.ServerNotification;
import dev.mcpkit.core.era.Era;
import dev.mcpkit.core.jsonrpc.ErrorCodes;
import dev.mcpkit.core.protocol.Methods;
import dev.mcpkit.core.schema.CallToolResult;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
  private final McpClient client;
  private final String error;
  private volatile dev.mcpkit.client.Subscription watching;
  /** Per-caller sessions (null for a shared stdio process); the shared client lists and follows list changes. */
  private final Callers callers;

  private Link(Upstream upstream, McpClient client, String error, McpClientBuilder builder) {
    this.upstream = upstream;
    this.client = client;
    this.error = error;
    this.callers = client == null || !upstream.sessionPerCaller() ? null
        : new Callers(builder::connect, upstream.maxCallers(), upstream.callerIdle());
  }

  /** Connects to the upstream; a failure gives an unavailable link that says why (the secrets of its spec hidden). */
  public static Link connect(Upstream upstream, String clientName, String clientVersion) {
    Duration timeout = upstream.connectTimeout();
    try {
      // requestTimeout bounds negotiation and the listings at start; each routed call sets the upstream's timeout
      McpClientBuilder b = McpClient.builder().server(upstream.target()).clientInfo(clientName, clientVersion)
          .requestTimeout(timeout).connectTimeout(timeout).auth(upstream.auth())
          .probeTimeout(timeout.compareTo(Duration.ofSeconds(5)) < 0 ? timeout : Duration.ofSeconds(5));
      return new Link(upstream, b.connect(), null, b);
    } catch (RuntimeException e) {
      String why = e instanceof dev.mcpkit.client.McpTimeoutException t
          ? "it did not answer within " + Failures.seconds(t.timeout())
          : dev.mcpkit.core.text.PeerText.line(String.valueOf(e.getMessage()), 500);
      return new Link(upstream, null, upstream.target().redact(why), null);
    }
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

  /** Why the upstream is unavailable, or {@code null}. */
  public String error() {
    return error;
  }

  /**
   * Follows the upstream's list changes (those it declares {@code listChanged} for): {@code changed} gets the section
   * whose list changed, on the thread that reads the upstream's messages, so it must not block. A 2025 upstream sends
   * them on its session; a 2026-07-28 upstream on a {@code subscriptions/listen} stream opened here.
   */
  public void watch(java.util.function.BiConsumer<Link, Catalog.Section> changed) {
    if (client == null) {
      return;
    }
    var caps = client.serverInfo().capabilities();
    Boolean t = caps.tools() != null && Boolean.TRUE.equals(caps.tools().listChanged()) ? Boolean.TRUE : null;
    Boolean p = caps.prompts() != null && Boolean.TRUE.equals(caps.prompts().listChanged()) ? Boolean.TRUE : null;
    Boolean r = caps.resources() != null && Boolean.TRUE.equals(caps.resources().listChanged()) ? Boolean.TRUE : null;
    if (t == null && p == null && r == null) {
      return;
    }
    try {
      watching = client.listen(new SubscriptionFilter(t, p, r, null), n -> {
        switch (n) {
          case ServerNotification.ToolsListChanged x -> changed.accept(this, Catalog.Section.TOOLS);
          case ServerNotification.PromptsListChanged x -> changed.accept(this, Catalog.Section.PROMPTS);
          case ServerNotification.ResourcesListChanged x -> changed.accept(this, Catalog.Section.RESOURCES);
          default -> { }
        }
      });
    } catch (RuntimeException e) {
      LoggerFactory.getLogger(Link.class).warn("upstream '{}': its list changes are not followed: {}", name(),
          upstream.target().redact(String.valueOf(e.getMessage())));
    }
  }

  /** {@code tools/call} upstream with the upstream's name for the tool. */
  public CallToolResult callTool(String original, ObjectNode arguments, RequestContext ctx)
      throws InterruptedException {
    RequestOptions options = options(ctx);
    try (Callers.Lease lease = lease(ctx == null ? null : ctx.caller().orElse(null), Methods.TOOLS_CALL)) {
      return await(Methods.TOOLS_CALL, (lease == null ? live() : lease.client())
          .callToolAsync(original, arguments, options));
    }
  }

  /** {@code resources/read} upstream; its "not found" (either era's code) stays "not found" downstream. */
  public ReadResourceResult readResource(String uri) {
    return readResource(uri, null);
  }

  /** {@code resources/read} upstream in {@code caller}'s session (the shared one when {@code null}). */
  public ReadResourceResult readResource(String uri, dev.mcpkit.server.Caller caller) {
    return run(Methods.RESOURCES_READ, () -> {
      try (Callers.Lease lease = lease(caller, Methods.RESOURCES_READ)) {
        return (lease == null ? live() : lease.client()).readResource(uri);
      } catch (McpRpcException e) {
        boolean stateless = live().serverInfo().era() == Era.STATELESS;
        if (e.code() == ErrorCodes.LEGACY_RESOURCE_NOT_FOUND || (stateless && e.code() == ErrorCodes.INVALID_PARAMS)) {
          throw new ResourceNotFoundException(uri); // answered with the downstream era's code
        }
        throw e;
      }
    });
  }

  /** {@code prompts/get} upstream with the upstream's name for the prompt. */
  public GetPromptResult getPrompt(String original, Map<String, String> arguments, RequestContext ctx) {
    return run(Methods.PROMPTS_GET, () -> {
      try (Callers.Lease lease = lease(ctx == null ? null : ctx.caller().orElse(null), Methods.PROMPTS_GET)) {
        return (lease == null ? live() : lease.client()).getPrompt(original, arguments, options(ctx));
      }
    });
  }

  /** {@code completion/complete} upstream; the values only (the server API bounds and counts them again). */
  public List<String> complete(CompletionReference ref, String argument, String value, Map<String, String> context) {
    return run(Methods.COMPLETION_COMPLETE, () -> {
      var c = live().complete(ref, argument, value == null ? "" : value, context.isEmpty() ? null : context);
      return c.completion() == null || c.completion().values() == null ? List.<String>of() : c.completion().values();
    });
  }

  private RequestOptions options(RequestContext ctx) {
    RequestOptions o = RequestOptions.defaults().withTimeout(upstream.timeout());
    return ctx == null ? o : o.withProgress(p -> ctx.progress(p.progress(), p.total(), p.message()));
  }

  /** The caller's own session of this HTTP upstream, or {@code null} to use the shared client. */
  private Callers.Lease lease(dev.mcpkit.server.Caller caller, String method) {
    if (callers == null || caller == null) {
      live(); // unavailable: says so
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
      return request.get();
    } catch (ResourceNotFoundException e) {
      throw e;
    } catch (RuntimeException e) {
      throw redacted(Failures.of(upstream.name(), method, e));
    }
  }

  private <T> T await(String method, CompletableFuture<T> future) throws InterruptedException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true); // the downstream caller cancelled: so does the upstream request
      throw e;
    } catch (ExecutionException e) {
      throw redacted(Failures.of(upstream.name(), method, e.getCause()));
    }
  }

  private dev.mcpkit.core.jsonrpc.McpException redacted(dev.mcpkit.core.jsonrpc.McpException e) {
    String hidden = upstream.target().redact(e.getMessage());
    return hidden.equals(e.getMessage()) ? e : new dev.mcpkit.core.jsonrpc.McpException(e.code(), hidden, e.data());
  }

  @Override
  public void close() {
    dev.mcpkit.client.Subscription w = watching;
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
