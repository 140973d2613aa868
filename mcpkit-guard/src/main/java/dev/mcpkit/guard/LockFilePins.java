package dev.mcpkit.guard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Pins in a lock file ({@link PinStore#lockFile}): read again whenever the file changed on disk (so that {@code mcpkit
 * scan --pin} re-approves without a restart), written through {@link PinLock#write} (a temporary file and a move).
 * File I/O under a {@link ReentrantLock} per file in this JVM, never {@code synchronized}.
 */
final class LockFilePins implements PinStore {

  /**
   * One lock per lock file in this JVM: a gateway pins several servers in one file, in parallel at start, and each
   * save must not write back a stale copy of the others' entries.
   */
  private static final ConcurrentMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

  private final Path file;
  private final ReentrantLock lock;
  private PinLock pins = PinLock.empty();
  private FileTime readAt;

  LockFilePins(Path file) {
    this.file = Objects.requireNonNull(file, "file");
    this.lock = LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), f -> new ReentrantLock());
  }

  @Override
  public Entry load(String server) {
    lock.lock();
    try {
      reload();
      return new Entry(pins.server(server).orElse(null), Map.of());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Entry trust(String server, ServerPin add) {
    lock.lock();
    try {
      // read again whatever the time stamp says: another server's pins written in the same tick must be kept
      PinLock now = Files.exists(file) ? PinLock.read(file) : PinLock.empty();
      ServerPin pinned = now.server(server).orElse(null);
      ServerPin merged = add;
      if (pinned != null) {
        Map<String, ServerPin.Definition> defs = new LinkedHashMap<>(pinned.definitions());
        if (pinned.identity().equals(add.identity())) {
          add.definitions().forEach(defs::putIfAbsent);
        }
        merged = new ServerPin(pinned.identity(), defs);
      }
      if (!merged.equals(pinned)) {
        save(now.with(server, merged));
      } else {
        pins = now;
      }
      return new Entry(merged, Map.of());
    } finally {
      lock.unlock();
    }
  }

  /** One instance sees every change itself: nothing to share. */
  @Override
  public void seenChanged(String server, String key, ServerPin.Definition seen) {}

  @Override
  public void approve(String server, ServerPin approved) {
    lock.lock();
    try {
      save((Files.exists(file) ? PinLock.read(file) : PinLock.empty()).with(server, approved));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String describe() {
    return "the lock file " + file.getFileName();
  }

  private void save(PinLock lock) {
    lock.write(file);
    pins = lock;
    readAt = modified();
  }

  /** Reads the file again when it changed since it was last read (a missing file is an empty lock). */
  private void reload() {
    FileTime now = modified();
    if (now == null ? readAt == null : now.equals(readAt)) {
      return;
    }
    pins = now == null ? PinLock.empty() : PinLock.read(file);
    readAt = now;
  }

  private FileTime modified() {
    try {
      return Files.exists(file) ? Files.getLastModifiedTime(file) : null;
    } catch (IOException e) {
      return null;
    }
  }
}
