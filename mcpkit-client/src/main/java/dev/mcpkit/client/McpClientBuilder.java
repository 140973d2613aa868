package dev.mcpkit.client;

import dev.mcpkit.client.auth.AuthProvider;
import dev.mcpkit.client.config.ServerSpec;
import dev.mcpkit.client.intercept.Interceptor;
import dev.mcpkit.client.internal.ClientSettings;
import dev.mcpkit.core.net.Hosts;
import dev.mcpkit.client.internal.Connector;
import dev.mcpkit.client.internal.Session;
import dev.mcpkit.client.transport.HttpTransportOptions;
import dev.mcpkit.client.transport.McpTransport;
import dev.mcpkit.client.transport.StdioCommand;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.Implementation;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.jetty.client.HttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the settings of an {@link McpClient} and connects it. Every default is the safe one:
 * 30 s request timeout, 10 s connect timeout, 16 MiB message limit, listings capped at 100,000 items and
 * 32 MiB, no credentials, no handlers (elicitations declined), automatic era negotiation.
 */
public final class McpClientBuilder {

  private static final Logger LOG = LoggerFactory.getLogger(McpClient.class);

  /**
   * The default cap on the items of one listing (all pages of {@code tools/list}, {@code prompts/list}, ...):
   * 100,000, some hundred times what the largest real servers list, yet small enough to keep in memory.
   */
  public static final int DEFAULT_MAX_LIST_ITEMS = 100_000;

  /**
   * The default cap on the JSON bytes of one listing: 32 MiB, two answers of the largest size {@link
   * #maxMessageBytes} allows by default and hundreds of times a large real listing; the objects built from it
   * stay within about 150 MiB of heap, so even a 512 MiB JVM survives a hostile server.
   */
  public static final long DEFAULT_MAX_LIST_BYTES = 32L * 1024 * 1024;

  private Connector.Target target;
  private dev.mcpkit.client.transport.LaunchPolicy launchPolicy;
  private Implementation clientInfo = Implementation.of("mcpkit", version());
  private ClientHandlers handlers = ClientHandlers.none();
  private ProtocolVersion forced;
  private Duration requestTimeout = Duration.ofSeconds(30);
  private Duration connectTimeout = Duration.ofSeconds(10);
  private Duration probeTimeout = Duration.ofSeconds(5);
  private final Map<String, String> headers = new LinkedHashMap<>();
  private AuthProvider auth = AuthProvider.none();
  private int maxMessageBytes = 16 * 1024 * 1024;
  private int maxInputRounds = 8;
  private int maxListItems = DEFAULT_MAX_LIST_ITEMS;
  private long maxListBytes = DEFAULT_MAX_LIST_BYTES;
  private Consumer<ServerNotification> notifications;
  private Consumer<String> warnings = w -> LOG.warn("{}", w);
  private FrameListener frames;
  private HttpClient httpClient;
  private boolean insecureHttp;
  private Set<String> secrets = Set.of();
  private Interceptor interceptor;

  McpClientBuilder() {}

  private static String version() {
    String v = McpClient.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** A Streamable HTTP (or legacy HTTP+SSE) endpoint. */
  public McpClientBuilder url(String url) {
    return url(URI.create(url));
  }

  /**
   * A Streamable HTTP (or legacy HTTP+SSE) endpoint.
   *
   * @throws IllegalArgumentException for a scheme other than http or https
   */
  public McpClientBuilder url(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("an MCP URL must be http or https: " + url);
    }
    this.target = new Connector.UrlTarget(url);
    return this;
  }

  /**
   * Allows a plain {@code http://} URL on a host that is not loopback. Off by default: without TLS, bearer tokens
   * and every message travel in clear and can be changed on the way. For development networks only.
   */
  public McpClientBuilder allowInsecureHttp(boolean allow) {
    this.insecureHttp = allow;
    return this;
  }

  /**
   * The server of a configuration file entry ({@link dev.mcpkit.client.config.ServerConfigs}): its command
   * (argv, env, working directory) or its URL and headers. The values substituted from {@code ${env:...}} and
   * {@code ${input:...}} ({@link ServerSpec#secrets()}) are hidden in every exception and warning this client
   * produces, whichever the transport (a token in a URL's query as much as one in an argument). A stdio server gets
   * only {@code PATH}, {@code HOME}, {@code LANG} and {@code TZ} of this process's environment ({@link
   * StdioCommand.Inherit#MINIMAL}) plus its entry's {@code env}, and is started only if the {@link
   * dev.mcpkit.client.transport.LaunchPolicy} allows its executable ({@link #launchPolicy}; default {@link
   * dev.mcpkit.client.transport.LaunchPolicy#standard()}: no shells).
   */
  public McpClientBuilder server(ServerSpec spec) {
    Objects.requireNonNull(spec, "spec");
    Set<String> hidden = spec.secrets();
    try {
      if (spec.isStdio()) {
        // a configuration file names the server: it gets PATH, HOME, LANG, TZ and its entry's env, nothing else
        StdioCommand c = StdioCommand.of(spec.argv()).withInherit(StdioCommand.Inherit.MINIMAL).withEnv(spec.env())
            .withSecrets(hidden).withName(spec.name())
            .withLaunchPolicy(dev.mcpkit.client.transport.LaunchPolicy.standard());
        stdio(spec.cwd() == null ? c : c.withWorkingDirectory(java.nio.file.Path.of(spec.cwd())));
      } else {
        url(spec.url());
        spec.headers().forEach(this::header);
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(spec.redact(e.getMessage()));
    }
    this.secrets = hidden;
    return this;
  }

  /**
   * Which executables the stdio server may be started with, replacing the command's own policy when the client
   * connects (whichever of {@link #server} and {@link #stdio} set the target, and in either order).
   */
  public McpClientBuilder launchPolicy(dev.mcpkit.client.transport.LaunchPolicy policy) {
    this.launchPolicy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /** A server to spawn and talk to over stdio. */
  public McpClientBuilder stdio(StdioCommand command) {
    this.target = new Connector.StdioTarget(Objects.requireNonNull(command));
    return this;
  }

  /** A custom transport (era negotiation as for stdio). */
  public McpClientBuilder transport(McpTransport transport) {
    this.target = new Connector.CustomTarget(Objects.requireNonNull(transport));
    return this;
  }

  /** The name and version this client reports ({@code clientInfo}). */
  public McpClientBuilder clientInfo(String name, String version) {
    this.clientInfo = Implementation.of(name, version);
    return this;
  }

  /** The name and version (and optional title, icons, ...) this client reports ({@code clientInfo}). */
  public McpClientBuilder clientInfo(Implementation info) {
    this.clientInfo = Objects.requireNonNull(info);
    return this;
  }

  /** How to answer elicitation, sampling and roots requests (both eras). */
  public McpClientBuilder handlers(ClientHandlers handlers) {
    this.handlers = Objects.requireNonNull(handlers);
    return this;
  }

  /**
   * Forces a revision instead of negotiating. A modern one (2026-07-28) must be accepted by the
   * server as is; a legacy one is what {@code initialize} offers (the server may answer with
   * another legacy revision mcpkit speaks).
   */
  public McpClientBuilder protocolVersion(ProtocolVersion version) {
    this.forced = version;
    return this;
  }

  /** The default timeout of every request (per-request: {@link RequestOptions#withTimeout}). */
  public McpClientBuilder requestTimeout(Duration timeout) {
    this.requestTimeout = positive(timeout);
    return this;
  }

  /**
   * TCP connect, response-header and legacy-endpoint timeout; also the deadline of every exchange that only
   * delivers a message (posting a notification or a response; the legacy HTTP+SSE POST of a request), body
   * included.
   */
  public McpClientBuilder connectTimeout(Duration timeout) {
    this.connectTimeout = positive(timeout);
    return this;
  }

  /** How long a stdio server may take to answer the {@code server/discover} probe before it is taken as legacy. */
  public McpClientBuilder probeTimeout(Duration timeout) {
    this.probeTimeout = positive(timeout);
    return this;
  }

  /** An HTTP header sent with every request (HTTP transports only). */
  public McpClientBuilder header(String name, String value) {
    headers.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
    return this;
  }

  /** Supplies credentials for HTTP requests and answers 401/403 challenges (the OAuth one is in mcpkit-auth). */
  public McpClientBuilder auth(AuthProvider provider) {
    this.auth = Objects.requireNonNull(provider);
    return this;
  }

  /** The largest message accepted from the server (HTTP bodies and events); stdio lines: {@link StdioCommand}. */
  public McpClientBuilder maxMessageBytes(int max) {
    if (max < 1024) {
      throw new IllegalArgumentException("maxMessageBytes must be at least 1024");
    }
    this.maxMessageBytes = max;
    return this;
  }

  /** How many rounds of input a 2026-07-28 server may ask for in one call (default 8). */
  public McpClientBuilder maxInputRounds(int rounds) {
    this.maxInputRounds = rounds;
    return this;
  }

  /**
   * The most items one listing may hold across all its pages ({@link McpClient#listAllTools()}, {@link
   * McpClient#tools()} and the like; default {@value #DEFAULT_MAX_LIST_ITEMS}). A listing that goes past it
   * fails with an {@link McpProtocolException} naming {@code maxListItems}, instead of filling the heap.
   */
  public McpClientBuilder maxListItems(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("maxListItems must be at least 1");
    }
    this.maxListItems = max;
    return this;
  }

  /**
   * The most JSON bytes one listing may take across all its pages, whether fetched or served from the
   * {@code ttlMs} cache (default 32 MiB); past it the listing fails with an {@link McpProtocolException}
   * naming {@code maxListBytes}. It also bounds the bytes the result cache holds.
   */
  public McpClientBuilder maxListBytes(long max) {
    if (max < 1024) {
      throw new IllegalArgumentException("maxListBytes must be at least 1024");
    }
    this.maxListBytes = max;
    return this;
  }

  /**
   * A policy that sees every listing and every call of this connection and may hide items, refuse calls ({@link
   * McpBlockedException}) or rewrite results; see {@link Interceptor} for what it is shown and when. None by default.
   */
  public McpClientBuilder interceptor(Interceptor interceptor) {
    this.interceptor = interceptor;
    return this;
  }

  /** Receives every notification that no subscription claims. */
  public McpClientBuilder onNotification(Consumer<ServerNotification> listener) {
    this.notifications = listener;
    return this;
  }

  /** Receives warnings: junk from the server, rejected tool definitions (default: logged). */
  public McpClientBuilder onWarning(Consumer<String> listener) {
    this.warnings = Objects.requireNonNull(listener);
    return this;
  }

  /** Sees every JSON-RPC frame, both directions. */
  public McpClientBuilder frameListener(FrameListener listener) {
    this.frames = listener;
    return this;
  }

  /**
   * A started Jetty client to share between clients (it must not follow redirects); by default
   * each client starts its own and stops it on close.
   */
  public McpClientBuilder httpClient(HttpClient client) {
    this.httpClient = client;
    return this;
  }

  /**
   * Connects: spawns or reaches the server and negotiates the era.
   *
   * @throws McpClientException (a subclass saying what failed) when no connection can be made
   */
  public McpClient connect() {
    if (target == null) {
      throw new IllegalStateException("no target: call url(...), stdio(...) or transport(...) first");
    }
    if (target instanceof Connector.UrlTarget(URI url) && url.getScheme().equalsIgnoreCase("http")
        && !Hosts.isLoopback(url.getHost()) && !insecureHttp) {
      throw new IllegalArgumentException("refusing plain http to " + url.getHost() + ", which is not loopback:"
          + " tokens and messages would travel in clear; use https, or on a development network"
          + " allowInsecureHttp(true) (the CLI: --insecure-http)");
    }
    ClientSettings settings = new ClientSettings(clientInfo, handlers, forced, requestTimeout, connectTimeout,
        probeTimeout, Map.copyOf(headers), auth, maxMessageBytes, maxInputRounds, maxListItems, maxListBytes,
        notifications, hide(warnings, secrets), frames, secrets, interceptor);
    Session session = new Session(settings);
    HttpClient owned = null;
    HttpClient http = httpClient;
    if (target instanceof Connector.UrlTarget && http == null) {
      owned = HttpTransportOptions.newHttpClient(connectTimeout);
      http = owned;
    }
    Connector.Target to = target;
    if (launchPolicy != null && to instanceof Connector.StdioTarget(StdioCommand c)) {
      to = new Connector.StdioTarget(c.withLaunchPolicy(launchPolicy));
    }
    try {
      Connector.connect(session, to, http);
    } catch (McpClientException e) {
      stop(owned);
      throw e.hiding(secrets); // connect-time messages quote the URL (Connector's own, not only the transport's)
    } catch (RuntimeException e) {
      stop(owned);
      throw e;
    }
    return McpClient.create(session, owned);
  }

  /** Warnings (and so the default log lines) with the secrets hidden. */
  private static Consumer<String> hide(Consumer<String> warnings, Set<String> secrets) {
    return secrets.isEmpty() ? warnings : w -> warnings.accept(ServerSpec.redact(w, secrets));
  }

  private static void stop(HttpClient c) {
    if (c != null) {
      try {
        c.stop();
      } catch (Exception e) {
        // nothing to release
      }
    }
  }

  private static Duration positive(Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("a timeout must be positive");
    }
    return d;
  }
}
