package dev.mcpkit.gateway;

import dev.mcpkit.gateway.internal.Catalog;
import dev.mcpkit.gateway.internal.Failures;
import dev.mcpkit.gateway.internal.HeldCalls;
import dev.mcpkit.gateway.internal.Link;
import dev.mcpkit.gateway.internal.LockWatch;
import dev.mcpkit.gateway.internal.Names;
import dev.mcpkit.gateway.internal.Refresher;
import dev.mcpkit.gateway.internal.Watches;
import dev.mcpkit.core.jsonrpc.McpException;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.McpServerBuilder;
import dev.mcpkit.server.ServerTool;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many MCP servers behind one: the gateway connects to each {@link Upstream} with mcpkit's {@code McpClient} (stdio,
 * Streamable HTTP in either era, legacy HTTP+SSE) and offers everything they offer as one {@link McpServer}, which any
 * mcpkit transport serves ({@code McpHttpServer}: both eras on one endpoint; {@code StdioServer}).
 *
 * <pre>{@code
 * try (Gateway gateway = Gateway.builder()
 *     .upstream(Upstream.http("remote", "http://127.0.0.1:9000/mcp"))
 *     .upstream(Upstream.builder("notes", spec).prefix("").build())
 *     .build()) {
 *   McpHttpServer http = McpHttpServer.builder(gateway.server()).port(8090).build().start();
 *   gateway.notices().forEach(System.err::println);   // renames, collisions, unavailable upstreams
 *   http.join();
 * }
 * }</pre>
 *
 * <p>Names are {@code prefix + separator + name} (see the module README for the rules); calls go to the upstream with
 * its own names; an upstream's failure is a JSON-RPC error naming it, within its timeout.
 */
public final class Gateway implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private final McpServer server;
  private final List<Link> links;
  private final Catalog catalog;
  private final Refresher refresher;
  private final Watches watches;
  private final HeldCalls held;
  private final LockWatch lockWatch;
  /** The rules that classify tools for toxic flows (the guard's, when the gateway has one). */
  private dev.mcpkit.guard.Guard flowRules = dev.mcpkit.guard.Guard.standard();
  private final dev.mcpkit.gateway.internal.Health health;
  private volatile dev.mcpkit.gateway.internal.Reload reload;
  private volatile dev.mcpkit.gateway.internal.ConfigWatch configWatch;

  private Gateway(McpServer server, List<Link> links, Catalog catalog, Refresher refresher, Watches watches,
      HeldCalls held, LockWatch lockWatch, dev.mcpkit.gateway.internal.Health health) {
    this.health = health;
    this.held = held;
    this.lockWatch = lockWatch;
    this.server = server;
    this.links = links;
    this.catalog = catalog;
    this.refresher = refresher;
    this.watches = watches;
  }

  /** A builder with no upstream yet. */
  public static Builder builder() {
    return new Builder();
  }

  /** The server that offers every upstream's features; serve it on any mcpkit transport. */
  public McpServer server() {
    return server;
  }

  /**
   * What is renamed, shortened, skipped or collides now (re-computed when an upstream's list changes), which
   * upstreams were unavailable at start, and a toxic flow among the served tools (mcpkit-guard's {@code MCP-G070}).
   */
  public List<GatewayNotice> notices() {
    GatewayNotice flow = dev.mcpkit.gateway.internal.Flows.check(catalog, flowRules);
    if (flow == null) {
      return catalog.notices();
    }
    List<GatewayNotice> all = new ArrayList<>(catalog.notices());
    all.add(flow);
    return List.copyOf(all);
  }

  /**
   * Each upstream's state now, in configuration order: what is served follows its list changes, and an upstream whose
   * connection was lost since (a stdio process that exited, a 2025 session that ended) is unavailable. An HTTP
   * upstream is not probed between calls.
   */
  public List<UpstreamStatus> upstreams() {
    return catalog.statuses();
  }

  /**
   * A Jetty handler for health probes, to mount next to the MCP endpoint ({@code
   * McpHttpServer.builder(gateway.server()).handler(gateway.healthHandler())}; {@code mcpkit gateway} does): {@code
   * GET /healthz} answers 200 while the process runs; {@code GET /readyz} answers 200 when every upstream is available
   * ({@link #upstreams()}), else 503 with {@code {"status":"unavailable","unavailable":["name",...]}} (names only: why
   * an upstream is down stays in the logs). Other paths go to the next handler. It is the server's {@link
   * dev.mcpkit.server.http.HealthHandler} with {@link #readiness()} as its check.
   */
  public org.eclipse.jetty.server.Handler healthHandler() {
    return new dev.mcpkit.server.http.HealthHandler(List.of(readiness()));
  }

  /** Ready when every upstream is available: the check for {@code McpHttpServer.Builder.readiness}. */
  public dev.mcpkit.server.http.ReadinessCheck readiness() {
    // a crash-looping stdio upstream is not restarted: say so next to its name (no address, no command line)
    return () -> upstreams().stream().filter(u -> !u.available()).map(u -> health.stopped(u.name()) == null
        ? u.name() : u.name() + " (" + health.stopped(u.name()) + ")").toList();
  }

  /**
   * Serves {@code upstreams} from now on (a configuration reload; {@code mcpkit gateway} does it when its file
   * changes): an upstream whose settings did not change keeps its connection and its callers' sessions, one no longer
   * listed is closed, a new one is connected and served, a changed one is connected again. Downstream clients are
   * told the lists changed. Blocks while new upstreams connect (each within its connect timeout).
   *
   * @throws IllegalArgumentException when two upstreams have the same name
   */
  public void reload(List<Upstream> upstreams) {
    if (upstreams.stream().map(Upstream::name).distinct().count() != upstreams.size()) {
      throw new IllegalArgumentException("two upstreams have the same name");
    }
    reload.apply(List.copyOf(upstreams));
  }

  /** Closes the connections to the upstreams (stdio upstreams are stopped). */
  @Override
  public void close() {
    if (configWatch != null) {
      configWatch.close();
    }
    if (lockWatch != null) {
      lockWatch.close();
    }
    health.close();
    refresher.close();
    watches.close();
    held.close();
    for (Link l : catalog.links()) {
      try {
        l.close();
      } catch (RuntimeException e) {
        LOG.warn("closing upstream {} failed: {}", l.name(), e.getMessage());
      }
      dev.mcpkit.gateway.internal.Credentials.close(l.upstream()); // after the connection that used them
    }
  }

  /** Builds a {@link Gateway}: its upstreams, the separator of served names, and how it describes itself. */
  public static final class Builder {
    private final Map<String, Upstream> upstreams = new LinkedHashMap<>();
    private String separator = GatewayConfig.DEFAULT_SEPARATOR;
    private String name = "mcpkit-gateway";
    private String version = "0.1.0";
    private int pageSize = 100;
    private java.time.Duration heldTimeout = java.time.Duration.ofMinutes(5);
    private int heldPerCaller = 8;
    private GatewayGuard guard;
    private GatewayPolicy policy;
    private java.nio.file.Path reloadFrom;
    private java.util.function.UnaryOperator<McpServerBuilder> serverSettings = b -> b;

    private Builder() {}

    /**
     * Settings of the downstream server given to {@code settings} before it is built (default: none): {@code mcpkit
     * gateway --store redis://…} passes mcpkit-cluster's, so that every gateway instance seals and opens {@code
     * requestState} with one key.
     */
    public Builder serverSettings(java.util.function.UnaryOperator<McpServerBuilder> settings) {
      this.serverSettings = Objects.requireNonNull(settings);
      return this;
    }

    /**
     * Reloads the upstreams when {@code file} (the configuration file they were read from, {@link GatewayConfig})
     * changes, as {@link #reload} does; a new version that is not valid is refused, its error (with the JSON path)
     * logged, and the running configuration stays. {@link GatewayConfig#builder()} sets it.
     */
    public Builder reloadOnChange(java.nio.file.Path file) {
      this.reloadFrom = file;
      return this;
    }

    /**
     * Adds an upstream; the order of the calls is the order in which collisions are decided.
     *
     * @throws IllegalArgumentException when an upstream already has that name
     */
    public Builder upstream(Upstream upstream) {
      if (upstreams.putIfAbsent(upstream.name(), upstream) != null) {
        throw new IllegalArgumentException("two upstreams are named " + upstream.name());
      }
      return this;
    }

    /** Adds upstreams, in order. */
    public Builder upstreams(Collection<Upstream> list) {
      list.forEach(this::upstream);
      return this;
    }

    /**
     * What joins a prefix and a name (default {@value GatewayConfig#DEFAULT_SEPARATOR}).
     *
     * @throws IllegalArgumentException unless 1 to 8 characters of {@code [A-Za-z0-9_.-]}
     */
    public Builder separator(String separator) {
      if (!separator.matches("[A-Za-z0-9_.-]{1,8}")) {
        throw new IllegalArgumentException("the separator must be 1 to 8 characters of A-Z, a-z, 0-9, _, . and -");
      }
      this.separator = separator;
      return this;
    }

    /** The name and version the gateway gives downstream clients (default {@code mcpkit-gateway}). */
    public Builder info(String name, String version) {
      this.name = Objects.requireNonNull(name);
      this.version = Objects.requireNonNull(version);
      return this;
    }

    /** Items per page of the downstream list methods (default 100); clients page across all upstreams. */
    public Builder pageSize(int pageSize) {
      if (pageSize < 1) {
        throw new IllegalArgumentException("pageSize must be positive");
      }
      this.pageSize = pageSize;
      return this;
    }

    /**
     * How long an upstream request that asked for input waits for a 2026-07-28 client's retry with the answer
     * (default 5 minutes; then it is cancelled upstream), and how many such requests one caller may have waiting at
     * once (default 8; beyond that the request fails and is cancelled upstream). The upstream's own timeout still
     * applies to the whole request.
     */
    public Builder heldCalls(java.time.Duration timeout, int maxPerCaller) {
      if (timeout.isNegative() || timeout.isZero() || maxPerCaller < 1) {
        throw new IllegalArgumentException("the held-call timeout and cap must be positive");
      }
      this.heldTimeout = timeout;
      this.heldPerCaller = maxPerCaller;
      return this;
    }

    /**
     * Enforces mcpkit-guard on every upstream (default: none): what its rules or pins block is not served and its
     * calls are refused, results are cleaned, decisions audited ({@link GatewayGuard}).
     */
    public Builder guard(GatewayGuard guard) {
      this.guard = guard;
      return this;
    }

    /**
     * Enforces a per-caller tool policy (default: none, every caller sees and calls every tool): each caller's
     * {@code tools/list} leaves out what the policy denies it, and such calls are refused naming the rule; refusals are
     * audited in the guard's log ({@link GatewayPolicy}).
     */
    public Builder policy(GatewayPolicy policy) {
      this.policy = policy;
      return this;
    }

    /**
     * Connects to every upstream (in parallel, each within its timeout), lists what each offers, and makes the
     * server. An upstream that cannot be reached does not stop the others: it is reported ({@link #notices()}) and
     * calls under its prefix get an error naming it.
     */
    public Gateway build() {
      List<Upstream> list = List.copyOf(upstreams.values());
      List<Link> links = new ArrayList<>();
      HeldCalls held = new HeldCalls(heldTimeout, heldPerCaller);
      Map<String, dev.mcpkit.guard.GuardInterceptor> guards = new java.util.concurrent.ConcurrentHashMap<>();
      if (guard != null) {
        list.forEach(u -> guards.put(u.name(), guard.interceptor(u, separator)));
      }
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<Link>> pending = new ArrayList<>();
        for (Upstream u : list) {
          pending.add(pool.submit(() -> Link.connect(u, name, version, held, guards.get(u.name()))));
        }
        for (Future<Link> f : pending) {
          links.add(f.get());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        links.forEach(Link::close);
        throw new IllegalStateException("interrupted while connecting to the upstreams");
      } catch (java.util.concurrent.ExecutionException e) {
        links.forEach(Link::close);
        throw new IllegalStateException("connecting to the upstreams failed: " + e.getCause().getMessage());
      }
      boolean completions = links.stream().anyMatch(l -> l.available()
          && l.client().serverInfo().capabilities().completions() != null);
      Catalog catalog = new Catalog(separator, links);
      Watches watches = new Watches(catalog);
      // Every feature kind is declared (with listChanged: the upstreams' list changes are passed on), so that a
      // client asks even when the upstreams offering it are down. Logging is declared when an upstream logs (its
      // messages are passed on during its requests); resource subscriptions are declared, and followed upstream
      // while a downstream client subscribes (Watches).
      boolean logging = links.stream().anyMatch(Link::logs);
      McpServerBuilder b = McpServer.builder().name(name).version(version).pageSize(pageSize).logging(logging)
          .resourceWatcher(watches)
          .completions(completions).enableTools().enablePrompts().enableResources()
          .toolFallback(tool -> fallback(catalog.links(), catalog, guards, tool));
      dev.mcpkit.gateway.internal.Policy rules = policy == null ? null : policy.rules();
      if (rules != null) { // the listing differs per caller; calls are checked in Link
        rules.audit(guard == null ? null : guard.audit());
        links.forEach(l -> l.policy(rules));
        b.toolVisibility((caller, t) -> rules.visible(caller, catalog.upstreamOf(t.name()), t.name(),
            t.definition().annotations()));
      }
      b = serverSettings.apply(b);
      Refresher refresher = new Refresher(catalog);
      links.forEach(l -> l.watch(refresher::changed)); // before listing: a change meanwhile is refreshed after
      catalog.start(b);
      McpServer server = b.build();
      refresher.start(server);
      watches.start(server);
      var health = new dev.mcpkit.gateway.internal.Health(catalog, refresher); // lost upstreams retried, restarted
      health.start(server, links);
      // a lock file written by mcpkit scan --pin (a re-approval), or a shared pin store changed: list again, so the
      // guard compares with the pins again
      LockWatch watch = guard == null ? null : LockWatch.start(guard.lockFiles(), guard.pinStores(), () -> links.stream()
          .filter(Link::available).forEach(l -> java.util.EnumSet.allOf(Catalog.Section.class)
              .forEach(s -> refresher.changed(l, s))));
      Gateway gateway = new Gateway(server, List.copyOf(links), catalog, refresher, watches, held, watch, health);
      if (guard != null) {
        gateway.flowRules = guard.rules();
      }
      gateway.reload = new dev.mcpkit.gateway.internal.Reload(catalog, health, refresher, u -> {
        var g = guard == null ? null : guard.interceptor(u, separator);
        if (g != null) {
          guards.put(u.name(), g); // its hidden tools refused with the guard's reason (fallback)
        }
        Link l = Link.connect(u, name, version, held, g);
        if (rules != null) {
          l.policy(rules); // an upstream added by a reload is policed like the others
        }
        return l;
      });
      if (reloadFrom != null) {
        gateway.configWatch = dev.mcpkit.gateway.internal.ConfigWatch.start(reloadFrom, separator, pageSize,
            next -> gateway.reload(next.upstreams()));
      }
      gateway.notices().forEach(n -> LOG.warn("{}", n));
      return gateway;
    }

    /**
     * A call under the prefix of an upstream that is down, or to a tool its upstream removed: an error naming it,
     * instead of a bare "unknown tool".
     */
    private ServerTool fallback(List<Link> links, Catalog catalog,
        Map<String, dev.mcpkit.guard.GuardInterceptor> guards, String tool) {
      for (Link l : links) { // a tool the guard hides: its refusal, not "unknown tool"
        var g = guards.get(l.name());
        if (g == null || !l.available()) {
          continue;
        }
        String prefix = l.upstream().prefix();
        String original = prefix.isEmpty() ? tool : tool.startsWith(prefix + separator)
            ? tool.substring(prefix.length() + separator.length()) : null;
        for (String key : g.hidden()) { // served names may be renamed or shortened: match them as served
          if (key.startsWith("tools/") && Names.serve(prefix, separator, key.substring(6)).served().equals(tool)) {
            original = key.substring(6);
          }
        }
        var refused = original == null ? null : g.refusal("tools/" + original);
        if (refused != null) {
          throw Failures.blocked("tool \"" + tool + "\"", l.name(), refused);
        }
      }
      McpException gone = catalog.gone(tool);
      if (gone != null) {
        throw gone;
      }
      for (Link l : links) {
        String prefix = l.upstream().prefix();
        if (!l.available() && !prefix.isEmpty() && tool.startsWith(prefix + separator)) {
          throw Failures.unavailable(l.name(), l.error());
        }
      }
      return null;
    }
  }
}
