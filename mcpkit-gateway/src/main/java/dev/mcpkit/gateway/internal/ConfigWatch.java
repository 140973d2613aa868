package dev.mcpkit.gateway.internal;

import dev.mcpkit.gateway.GatewayConfig;
import dev.mcpkit.gateway.GatewayConfigException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the gateway when its configuration file changes (a JVM does not catch SIGHUP by default, so the file is
 * watched): a write is read once the file has been quiet for {@value #QUIET_MS} ms (an editor writes in several
 * steps); a file that is not valid is refused, its error (with the JSON path) logged, and the running configuration
 * stays. The upstreams are applied ({@link Reload}); gateway-wide settings (separator and page size, logged as
 * needing a restart; {@code auth}, {@code guard}) take effect at the next start.
 */
public final class ConfigWatch implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigWatch.class);
  static final long QUIET_MS = 250;

  private final Path file;
  private final String separator;
  private final int pageSize;
  private final Consumer<GatewayConfig> apply;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("gateway-config-watch").factory());
  private ScheduledFuture<?> pending;
  private LockWatch watch;

  private ConfigWatch(Path file, String separator, int pageSize, Consumer<GatewayConfig> apply) {
    this.file = file;
    this.separator = separator;
    this.pageSize = pageSize;
    this.apply = apply;
  }

  /**
   * Watches {@code file} of a gateway running with {@code separator} and {@code pageSize}; {@code apply} gets each
   * valid new version.
   */
  public static ConfigWatch start(Path file, String separator, int pageSize, Consumer<GatewayConfig> apply) {
    ConfigWatch w = new ConfigWatch(file, separator, pageSize, apply);
    w.watch = LockWatch.start(Set.of(file), w::changed);
    return w;
  }

  private synchronized void changed() {
    if (pending != null) {
      pending.cancel(false);
    }
    try {
      pending = timer.schedule(this::reload, QUIET_MS, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed
    }
  }

  private void reload() {
    GatewayConfig next;
    try {
      next = GatewayConfig.read(file);
    } catch (GatewayConfigException e) {
      LOG.error("the configuration file changed but is not applied (the running configuration stays): {}",
          e.getMessage());
      return;
    } catch (RuntimeException e) {
      LOG.error("the configuration file changed but could not be read (the running configuration stays): {}",
          e.getMessage());
      return;
    }
    if (!next.separator().equals(separator) || next.pageSize() != pageSize) {
      LOG.warn("the configuration file {} changes the separator or the page size: they take effect at the next"
          + " restart; its upstreams are applied now", file);
    }
    try {
      apply.accept(next);
    } catch (RuntimeException e) {
      LOG.error("applying the changed configuration file {} failed: {}", file, e.getMessage());
    }
  }

  @Override
  public void close() {
    if (watch != null) {
      watch.close();
    }
    timer.shutdownNow();
  }
}
