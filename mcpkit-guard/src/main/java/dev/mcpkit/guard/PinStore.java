package dev.mcpkit.guard;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where pins are kept and shared: the lock file {@code mcpkit-lock.json} for one gateway or client ({@link
 * #lockFile}), or a store several gateway instances share ({@link StorePins}, Redis through mcpkit-store), so that
 * their trust on first use agrees and a change one instance sees blocks the definition on all. The guard compares
 * with what {@link #load} gives; writes are atomic per server. Implementations are thread-safe.
 */
public interface PinStore {

  /**
   * What a store holds for one server.
   *
   * @param pins the approved pins, or {@code null} when the server has none
   * @param seenChanged definitions some instance saw differ from their pin since the last approval (by key), so that
   *     the others block them too; always empty for a lock file (one instance sees everything itself)
   */
  record Entry(ServerPin pins, Map<String, ServerPin.Definition> seenChanged) {

    /** Copies the map (sorted). */
    public Entry {
      seenChanged = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(seenChanged));
    }
  }

  /** A store that cannot be reached: the guard then hides the server's definitions and refuses their calls. */
  final class UnavailableException extends IllegalStateException {

    /** An error whose message says which store and why. */
    public UnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The pins of {@code server} now.
   *
   * @throws UnavailableException when the store cannot be reached
   * @throws IllegalArgumentException when what it holds is broken (another version, a definition not matching its
   *     hash)
   */
  Entry load(String server);

  /**
   * Trust on first use: pins {@code pins.identity()} when the server has no identity yet and each definition of
   * {@code pins} that is not pinned yet, unless another identity is pinned (then nothing). Atomic, so two instances
   * that pin the same definition at once agree on the first one's.
   *
   * @return the server's entry afterwards
   * @throws UnavailableException when the store cannot be reached
   */
  Entry trust(String server, ServerPin pins);

  /**
   * Records that {@code seen} (under {@code key}) was seen where another definition is pinned, so that every
   * instance blocks it until it is approved. A lock file ignores it.
   *
   * @throws UnavailableException when the store cannot be reached
   */
  void seenChanged(String server, String key, ServerPin.Definition seen);

  /**
   * Approves {@code pins} (what {@code mcpkit scan --pin} does): the server's pins are replaced, and what was seen
   * changed is forgotten.
   *
   * @throws UnavailableException when the store cannot be reached
   */
  void approve(String server, ServerPin pins);

  /**
   * A value that differs after every approval or pinning by anyone, for a host that polls to list again (the
   * gateway), or {@code null} when the store cannot tell (a lock file: watch the file instead).
   */
  default String changes() {
    return null;
  }

  /** How messages name the store: the lock file's path, or the store's URL without a password. */
  String describe();

  /** The lock file {@code file} ({@link PinLock}), read again whenever it changes on disk. */
  static PinStore lockFile(Path file) {
    return new LockFilePins(file);
  }
}
