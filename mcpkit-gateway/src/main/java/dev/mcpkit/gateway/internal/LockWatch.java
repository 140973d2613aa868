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
 * Pins in a shared store (several gateway instances) are polled instead, every {@link #POLL}: an approval, a trust on
 * first use or a change seen by any instance makes every instance list again.
 */
public final class LockWatch implements AutoCloseable {

  /** How often shared pin stores are asked whether anything changed. */
  static final java.time.Duration POLL = java.time.Duration.ofSeconds(1);

  private final WatchService watcher;
  private final Thread poller;

  private LockWatch(WatchService watcher, Thread poller) {
    this.watcher = watcher;
    this.poller = poller;
  }

  /**
   * Starts watching {@code files} (their folders must exist) and polling {@code stores}; {@code null} when there is
   * nothing to watch.
   */
  public static LockWatch start(Set<Path> files, Set<dev.mcpkit.guard.PinStore> stores, Runnable changed) {
    Thread poller = stores.isEmpty() ? null : Thread.ofVirtual().name("gateway-pin-poll").start(() -> poll(stores,
        changed));
    LockWatch files0 = start(files, changed);
    if (poller == null) {
      return files0;
    }
    return new LockWatch(files0 == null ? null : files0.watcher, poller);
  }

  /** Asks each store for its change token; a store that does not answer is asked again (calls are refused meanwhile). */
  private static void poll(Set<dev.mcpkit.guard.PinStore> stores, Runnable changed) {
    java.util.Map<dev.mcpkit.guard.PinStore, String> seen = new java.util.HashMap<>();
    try {
      while (!Thread.currentThread().isInterrupted()) {
        boolean any = false;
        for (dev.mcpkit.guard.PinStore s : stores) {
          try {
            String now = String.valueOf(s.changes());
            boolean known = seen.containsKey(s);
            String was = seen.put(s, now);
            // a change, or a store that answers again (what was hidden while it did not is listed again)
            any |= (known && !now.equals(was)) || (known && was == null);
          } catch (RuntimeException e) {
            seen.put(s, null); // its guards refuse calls meanwhile
          }
        }
        if (any) {
          changed.run();
        }
        Thread.sleep(POLL);
      }
    } catch (InterruptedException e) {
      // closed with the gateway
    }
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
    return new LockWatch(w, null);
  }

  @Override
  public void close() {
    if (poller != null) {
      poller.interrupt();
    }
    try {
      if (watcher != null) {
        watcher.close();
      }
    } catch (IOException e) {
      // nothing is watched any more either way
    }
  }
}
