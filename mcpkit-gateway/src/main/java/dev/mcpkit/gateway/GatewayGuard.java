package dev.mcpkit.gateway;

import dev.mcpkit.client.config.ServerSpec;
import dev.mcpkit.gateway.internal.Names;
import dev.mcpkit.guard.AuditLog;
import dev.mcpkit.guard.Guard;
import dev.mcpkit.guard.GuardInterceptor;
import dev.mcpkit.guard.GuardInterceptor.PinMode;
import dev.mcpkit.guard.PinLock;
import dev.mcpkit.guard.PinStore;
import dev.mcpkit.guard.ResultHygiene;
import dev.mcpkit.guard.Severity;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * mcpkit-guard enforced by the gateway: each upstream connection gets a {@link GuardInterceptor},
 * so a definition with a finding at or above the threshold, or changed since it was pinned, is not served downstream,
 * and its calls are refused with a JSON-RPC error that names the served name, the upstream, its own name and the rule;
 * results are cleaned as {@link ResultHygiene} says; every decision goes to the {@link AuditLog}, naming the served
 * and the upstream name. Settings per upstream replace the gateway's ({@link Builder#server}).
 *
 * <pre>{@code
 * Gateway.builder().upstream(Upstream.http("calc", url))
 *     .guard(GatewayGuard.builder().pins(Path.of("mcpkit-lock.json"), PinMode.TRUST_ON_FIRST_USE)
 *         .audit(AuditLog.stderr()).build())
 *     .build();
 * }</pre>
 */
public final class GatewayGuard {

  private final Guard guard;
  private final Severity threshold;
  private final Path lockFile;
  private final PinStore pinStore;
  private final PinMode mode;
  private final ResultHygiene results;
  private final AuditLog audit;
  private final Map<String, GatewayGuard> servers;

  private GatewayGuard(Builder b) {
    this.guard = b.guard;
    this.threshold = b.threshold;
    this.lockFile = b.lockFile;
    this.pinStore = b.pinStore;
    this.mode = b.mode;
    this.results = b.results;
    this.audit = b.audit;
    // one audit log for the whole gateway: a file log rotates under its own lock, two instances would race
    Map<String, GatewayGuard> own = new LinkedHashMap<>();
    b.servers.forEach((n, s) -> own.put(n, s.withAudit(b.audit)));
    this.servers = Map.copyOf(own);
  }

  /** A builder: the built-in rules, threshold {@code high}, no pinning, results untouched, no audit. */
  public static Builder builder() {
    return new Builder();
  }

  /** The rules (the gateway's, not a server's own). */
  dev.mcpkit.guard.Guard rules() {
    return guard;
  }

  /** The audit log decisions go to. */
  public AuditLog audit() {
    return audit;
  }

  /** The lock files these settings (and each server's) pin in. */
  java.util.Set<Path> lockFiles() {
    java.util.Set<Path> files = new java.util.HashSet<>();
    if (lockFile != null) {
      files.add(lockFile);
    }
    servers.values().forEach(s -> files.addAll(s.lockFiles()));
    return files;
  }

  /** Whether these settings, or a server's own, pin definitions (in a lock file or a store). */
  public boolean pins() {
    return lockFile != null || pinStore != null || servers.values().stream().anyMatch(GatewayGuard::pins);
  }

  /** The shared pin stores these settings (and each server's) pin in, for the gateway to poll for approvals. */
  java.util.Set<PinStore> pinStores() {
    java.util.Set<PinStore> stores = new java.util.HashSet<>();
    if (pinStore != null) {
      stores.add(pinStore);
    }
    servers.values().forEach(s -> stores.addAll(s.pinStores()));
    return stores;
  }

  /**
   * These settings with their pins kept in {@code store} (shared by several gateway instances: {@code
   * dev.mcpkit.guard.StorePins}) instead of a lock file, for the gateway's and every server's settings that pin
   * (their mode is kept). A lock file that exists seeds the store: each of its servers' pins is added where the
   * store has none for it yet (as trust on first use would, guarded by the pinned identity), so an approval already
   * committed is not lost; the lock file is not written afterwards.
   *
   * @throws dev.mcpkit.guard.PinStore.UnavailableException when the store cannot be reached
   * @throws IllegalArgumentException when a lock file cannot be read
   */
  public GatewayGuard sharedPins(PinStore store) {
    Objects.requireNonNull(store, "store");
    if (lockFile == null && pinStore == null && servers.isEmpty()) {
      return this;
    }
    if (lockFile != null && java.nio.file.Files.exists(lockFile)) {
      PinLock.read(lockFile).servers().forEach(store::trust);
    }
    Builder b = copy();
    if (lockFile != null || pinStore != null) {
      b.lockFile = null;
      b.pinStore = store;
    }
    servers.forEach((n, s) -> b.servers.put(n, s.sharedPins(store)));
    return new GatewayGuard(b);
  }

  /** The settings for the upstream {@code name}: its own ({@link Builder#server}), or these. */
  public GatewayGuard forServer(String name) {
    return servers.getOrDefault(name, this);
  }

  /**
   * The interceptor for one upstream's connections (the shared one and each caller's: they share its blocks). Its
   * audit lines name the served name ({@code "served"}) next to the upstream's ({@code "tool"}); the lock file keys
   * the upstream by its name, as {@code mcpkit scan --pin --config FILE} does, and pins its URL or argv (secrets
   * masked). Lines about a routed request name its caller ({@code "caller"}: the subject, or {@code anonymous}).
   */
  GuardInterceptor interceptor(Upstream upstream, String separator) {
    GatewayGuard g = forServer(upstream.name());
    GuardInterceptor.Builder b = GuardInterceptor.builder(g.guard).threshold(g.threshold).server(upstream.name())
        .results(g.results).audit(g.audit.naming(key -> served(upstream, separator, key))
        .callers(dev.mcpkit.gateway.internal.CallerLabel::current));
    if (g.lockFile != null || g.pinStore != null) {
      ServerSpec spec = upstream.target();
      b.pins(g.pinStore != null ? g.pinStore : PinStore.lockFile(g.lockFile), upstream.name(), g.mode);
      if (spec.isStdio()) {
        b.place(null, spec.argv().stream().map(spec::redact).toList());
      } else {
        b.place(spec.url(), List.of());
      }
    }
    return b.build();
  }

  /** The name downstream clients see for a definition key: {@code tools/add} of {@code calc} is {@code calc__add}. */
  static String served(Upstream upstream, String separator, String key) {
    int slash = key.indexOf('/');
    if (slash < 0) {
      return null; // the instructions: not served by name
    }
    String kind = key.substring(0, slash);
    String name = key.substring(slash + 1);
    return kind.equals("tools") || kind.equals("prompts") ? Names.serve(upstream.prefix(), separator, name).served()
        : name; // resources are served under their own URI (unless it collides: see the module README)
  }

  /** Builds a {@link GatewayGuard}; each setter replaces the earlier value. */
  public static final class Builder {
    private Guard guard = Guard.standard();
    private Severity threshold = Severity.HIGH;
    private Path lockFile;
    private PinStore pinStore;
    private PinMode mode = PinMode.TRUST_ON_FIRST_USE;
    private ResultHygiene results = ResultHygiene.none();
    private AuditLog audit = AuditLog.none();
    private final Map<String, GatewayGuard> servers = new LinkedHashMap<>();

    private Builder() {}

    /** The rules (default {@link Guard#standard()}: the built-in rule file). */
    public Builder guard(Guard guard) {
      this.guard = Objects.requireNonNull(guard, "guard");
      return this;
    }

    /** Findings at or above this severity block (default {@code high}); lower ones are not acted on. */
    public Builder threshold(Severity threshold) {
      this.threshold = Objects.requireNonNull(threshold, "threshold");
      return this;
    }

    /** Pins every upstream's definitions in {@code lockFile}, keyed by the upstream's name (default: no pinning). */
    public Builder pins(Path lockFile, PinMode mode) {
      this.lockFile = Objects.requireNonNull(lockFile, "lockFile");
      this.pinStore = null;
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Pins every upstream's definitions in {@code store}, keyed by the upstream's name: a store several gateway
     * instances share ({@code dev.mcpkit.guard.StorePins}), which the gateway polls so that an approval made anywhere
     * is served again without a restart.
     */
    public Builder pins(PinStore store, PinMode mode) {
      this.pinStore = Objects.requireNonNull(store, "store");
      this.lockFile = null;
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** No pinning (the default). */
    public Builder noPins() {
      this.lockFile = null;
      this.pinStore = null;
      return this;
    }

    /** What is done to tool results (default: nothing). */
    public Builder results(ResultHygiene results) {
      this.results = Objects.requireNonNull(results, "results");
      return this;
    }

    /** Where decisions go (default: nowhere); one log for every upstream, shared with {@link #server} settings. */
    public Builder audit(AuditLog audit) {
      this.audit = Objects.requireNonNull(audit, "audit");
      return this;
    }

    /** Settings for one upstream, replacing these; their audit log is replaced by this one's. */
    public Builder server(String name, GatewayGuard settings) {
      servers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(settings, "settings"));
      return this;
    }

    /** The settings. */
    public GatewayGuard build() {
      return new GatewayGuard(this);
    }
  }

  private GatewayGuard withAudit(AuditLog log) {
    Builder b = copy();
    b.servers.clear();
    b.audit = log;
    return new GatewayGuard(b);
  }

  /** A builder with these settings (each server's own kept: the constructor gives them this audit log). */
  private Builder copy() {
    Builder b = new Builder();
    b.guard = guard;
    b.threshold = threshold;
    b.lockFile = lockFile;
    b.pinStore = pinStore;
    b.mode = mode;
    b.results = results;
    b.audit = audit;
    b.servers.putAll(servers);
    return b;
  }
}
