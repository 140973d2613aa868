package dev.mcpkit.gateway;

import dev.mcpkit.client.config.ServerSpec;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One server behind the gateway: its name, how to reach it (a {@link ServerSpec}: stdio argv, Streamable HTTP URL, or
 * legacy HTTP+SSE URL, as a host configuration file names it), the prefix its names are served under, and how long a
 * request to it may take. Immutable; made with {@link #builder(String, ServerSpec)} or the shortcuts {@link #http} and
 * {@link #stdio}.
 *
 * <p>Later slices add the credential strategy and the isolation mode here (see the module README), so that each
 * upstream keeps its own settings in one place.
 */
public final class Upstream {

  /** The time a request to an upstream may take unless told otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final String name;
  private final ServerSpec target;
  private final String prefix;
  private final Duration timeout;
  private final Duration connectTimeout;
  private final dev.mcpkit.client.auth.AuthProvider auth;
  private final int maxCallers;
  private final Duration callerIdle;
  private final boolean perCallerProcess;
  private final Resilience resilience;
  private final dev.mcpkit.client.transport.LaunchPolicy launch;

  private Upstream(Builder b) {
    this.launch = b.launch;
    this.resilience = b.resilience;
    this.perCallerProcess = b.perCallerProcess;
    this.auth = b.auth;
    this.maxCallers = b.maxCallers;
    this.callerIdle = b.callerIdle;
    this.name = b.name;
    this.target = b.target;
    this.prefix = b.prefix != null ? b.prefix : defaultPrefix(b.name);
    this.timeout = b.timeout;
    this.connectTimeout = b.connectTimeout;
  }

  /**
   * The gateway's own credentials for this upstream (an OAuth client for client credentials or an operator's
   * sign-in), or {@link dev.mcpkit.client.auth.AuthProvider#none()}; never a caller's token.
   */
  public dev.mcpkit.client.auth.AuthProvider auth() {
    return auth;
  }

  /** What the gateway does while it is down, how it retries it, and how many requests it gets at once. */
  public Resilience resilience() {
    return resilience;
  }

  /**
   * Which executables a stdio upstream may be started with (default {@link
   * dev.mcpkit.client.transport.LaunchPolicy#standard()}: no shells; {@code gateway.launch.allow}).
   */
  public dev.mcpkit.client.transport.LaunchPolicy launchPolicy() {
    return launch;
  }

  /** At most this many authenticated callers have their own session of this HTTP upstream at once. */
  public int maxCallers() {
    return maxCallers;
  }

  /** A caller's session of this HTTP upstream unused for this long is closed. */
  public Duration callerIdle() {
    return callerIdle;
  }

  /**
   * Whether each authenticated caller gets its own session: always for HTTP; for stdio only with a process per
   * caller ({@link Builder#processPerCaller}), else the one shared process serves every caller.
   */
  public boolean sessionPerCaller() {
    return !target.isStdio() || perCallerProcess;
  }

  /** An upstream reached as {@code target} says, under {@code name}. */
  public static Builder builder(String name, ServerSpec target) {
    return new Builder(name, target);
  }

  /** A Streamable HTTP upstream (either era; falls back to legacy HTTP+SSE by negotiation), default settings. */
  public static Upstream http(String name, String url) {
    return builder(name, ServerSpec.builder().name(name).transport("http").url(url).build()).build();
  }

  /** A stdio upstream started from an argv list (never a shell line), default settings. */
  public static Upstream stdio(String name, List<String> argv) {
    return builder(name, ServerSpec.builder().name(name).transport("stdio").argv(argv).build())
        .build();
  }

  /**
   * The prefix used when none is given: the name with every character outside {@code [A-Za-z0-9_.-]} replaced by
   * {@code _}, at most 64 characters.
   */
  public static String defaultPrefix(String name) {
    String p = name.replaceAll("[^A-Za-z0-9_.-]", "_");
    return p.length() > 64 ? p.substring(0, 64) : p;
  }

  /** The upstream's name (the key of its configuration entry). */
  public String name() {
    return name;
  }

  /** How to reach it. */
  public ServerSpec target() {
    return target;
  }

  /** The prefix of its served names; empty to serve them unchanged. */
  public String prefix() {
    return prefix;
  }

  /** How long one request to it may take. */
  public Duration timeout() {
    return timeout;
  }

  /** How long connecting to it (starting a stdio server, negotiating) and listing what it offers may take. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    return new Builder(name, target).prefix(prefix).timeout(timeout).connectTimeout(connectTimeout).auth(auth)
        .callerSessions(maxCallers, callerIdle).processPerCaller(perCallerProcess).resilience(resilience).launchPolicy(launch);
  }

  @Override
  public String toString() {
    return "Upstream[" + name + ", " + target + ", prefix=" + prefix + ", timeout=" + timeout + ", connectTimeout="
        + connectTimeout + "]";
  }

  /** Builds an {@link Upstream}; every setter replaces the earlier value. */
  public static final class Builder {
    private final String name;
    private final ServerSpec target;
    private String prefix;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration connectTimeout = DEFAULT_TIMEOUT;
    private dev.mcpkit.client.auth.AuthProvider auth = dev.mcpkit.client.auth.AuthProvider.none();
    private int maxCallers = 1000;
    private Duration callerIdle = Duration.ofMinutes(5);
    private boolean perCallerProcess;
    private Resilience resilience = Resilience.DEFAULTS;
    private dev.mcpkit.client.transport.LaunchPolicy launch = dev.mcpkit.client.transport.LaunchPolicy.standard()
        .setting("gateway.launch.allow");

    private Builder(String name, ServerSpec target) {
      this.name = Objects.requireNonNull(name, "name");
      this.target = Objects.requireNonNull(target, "target");
    }

    /**
     * The prefix of the served names ({@code prefix + separator + name}); {@code ""} serves them unchanged; default
     * {@link #defaultPrefix(String)} of the name.
     *
     * @throws IllegalArgumentException for characters outside {@code [A-Za-z0-9_.-]} or more than 64 of them
     */
    public Builder prefix(String prefix) {
      if (!prefix.matches("[A-Za-z0-9_.-]{0,64}")) {
        throw new IllegalArgumentException("upstream " + name + ": the prefix must be at most 64 characters of"
            + " A-Z, a-z, 0-9, _, . and -");
      }
      this.prefix = prefix;
      return this;
    }

    /** How long one request may take (default 30 s); past it the request is cancelled upstream. */
    public Builder timeout(Duration timeout) {
      this.timeout = positive(timeout, "timeout");
      return this;
    }

    /**
     * How long connecting (starting a stdio server included) and listing what it offers may take at start (default
     * 30 s); apart from {@link #timeout}, since a process can take seconds to start while its calls are quick.
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connect timeout");
      return this;
    }

    /**
     * The gateway's credentials for this upstream (default: none; static headers go in the target's headers). One
     * that is {@link AutoCloseable} (mcpkit-auth's {@code OAuthClient}: its HTTP clients and their threads) belongs
     * to the gateway from then on: it is closed when the gateway closes or a reload drops or replaces the upstream.
     */
    public Builder auth(dev.mcpkit.client.auth.AuthProvider auth) {
      this.auth = Objects.requireNonNull(auth, "auth");
      return this;
    }

    /**
     * Per-caller sessions of an HTTP upstream (each authenticated caller gets its own connection, so nothing of one
     * caller's session reaches another): at most {@code max} at once (default 1000), each closed after {@code idle}
     * unused (default 5 minutes).
     */
    public Builder callerSessions(int max, Duration idle) {
      if (max < 1) {
        throw new IllegalArgumentException("upstream " + name + ": at least one caller session");
      }
      this.maxCallers = max;
      this.callerIdle = positive(idle, "caller idle time");
      return this;
    }

    /**
     * For a stdio upstream that keeps per-user state: one process per authenticated caller (bounded by {@link
     * #callerSessions}), instead of one shared process (the default). The shared process still lists.
     */
    public Builder processPerCaller(boolean perCaller) {
      this.perCallerProcess = perCaller;
      return this;
    }

    /** Down, retries, crash loop and concurrency (default {@link Resilience#DEFAULTS}). */
    public Builder resilience(Resilience resilience) {
      this.resilience = Objects.requireNonNull(resilience, "resilience");
      return this;
    }

    /**
     * Which executables a stdio upstream may be started with (default: {@link
     * dev.mcpkit.client.transport.LaunchPolicy#standard()}, naming {@code gateway.launch.allow} in refusals).
     */
    public Builder launchPolicy(dev.mcpkit.client.transport.LaunchPolicy policy) {
      this.launch = Objects.requireNonNull(policy, "policy");
      return this;
    }

    private Duration positive(Duration d, String what) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("upstream " + name + ": the " + what + " must be positive");
      }
      return d;
    }

    /** The upstream. */
    public Upstream build() {
      return new Upstream(this);
    }
  }
}
