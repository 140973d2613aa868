package dev.mcpkit.gateway.internal;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * Watches the guard's lock files: when one is written (by {@code mcpkit scan --pin}, re-approving a changed
 * definition), {@code changed} runs, and the gateway lists its upstreams again, so that the guard reads the lock again
 * and a re-approved definition is served without waiting for the upstream's next list change. The gateway's own
 * trust-on-first-use writes also wake it: that re-listing finds nothing new and writes nothing, so it ends there.
 */
public final class LockWatch implements AutoCloseable {

  private final WatchService watcher;

  private LockWatch(WatchService watcher) {
    this.watcher = watcher;
  }

  /** Starts watching {@code files} (their folders must exist); {@code null} when there is nothing to watch. */
  public static LockWatch start(Set<Path> files, Runnable changed) {
    if (files.isEmpty()) {
      return null;
    }
    Set<Path> absolute = files.stream().map(f -> f.toAbsolutePath().normalize()).collect(Collectors.toSet());
    WatchService w;
    try {
      w = FileSystems.getDefault().newWatchService();
      for (Path dir : absolute.stream().map(Path::getParent).collect(Collectors.toSet())) {
        dir.register(w, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      }
    } catch (IOException | RuntimeException e) {
      LoggerFactory.getLogger(LockWatch.class).warn("the lock files {} are not watched ({}): a re-approval is seen at"
          + " the upstream's next list change", absolute, e.getMessage());
      return null;
    }
    Thread.ofVirtual().name("gateway-lock-watch").start(() -> {
      try {
        while (true) {
          WatchKey key = w.take();
          Path dir = (Path) key.watchable();
          boolean ours = key.pollEvents().stream().anyMatch(e -> e.context() instanceof Path p
              && absolute.contains(dir.resolve(p)));
          key.reset();
          if (ours) {
            changed.run();
          }
        }
      } catch (InterruptedException | ClosedWatchServiceException e) {
        // closed with the gateway
      }
    });
    return new LockWatch(w);
  }

  @Override
  public void close() {
    try {
      watcher.close();
    } catch (IOException e) {
      // nothing is watched any more either way
    }
  }
}
