package dev.mcpkit.guard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The enforcing side of pinning for one server: the lock file, read again whenever it changed on disk (so that
 * {@code mcpkit scan --pin} re-approves without a restart), compared with what the server shows now, and extended
 * on trust on first use. Thread-safe; file I/O under a {@link ReentrantLock}, never {@code synchronized}.
 */
final class LockedPins {

  /**
   * What the comparison of one listing decided. {@code blocked}: key to the finding that blocks it; {@code
   * otherServer}: the {@code MCP-G063} finding when another server answers, else {@code null}; {@code pinnedNow}: the
   * keys pinned on first use, with their hashes.
   */
  record Verdict(Map<String, Finding> blocked, Finding otherServer, Map<String, String> pinnedNow) {}

  private final Path file;
  private final String serverKey;
  private final boolean strict;
  private final RuleSet rules;
  /**
   * One lock per lock file in this JVM: a gateway pins several servers in one file, in parallel at start, and each
   * save must not write back a stale copy of the others' entries.
   */
  private static final java.util.concurrent.ConcurrentMap<Path, ReentrantLock> LOCKS =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final ReentrantLock lock;
  private PinLock pins = PinLock.empty();
  private FileTime readAt;

  LockedPins(Path file, String serverKey, boolean strict, RuleSet rules) {
    this.file = Objects.requireNonNull(file, "file");
    this.serverKey = Objects.requireNonNull(serverKey, "serverKey");
    this.strict = strict;
    this.rules = rules;
    this.lock = LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), f -> new ReentrantLock());
    reload(); // a broken lock file fails the guard's construction, not a later call
  }

  /** Whether the definition under {@code key} is pinned (for strict mode's refusal of unlisted calls). */
  boolean pinned(String key) {
    lock.lock();
    try {
      reload();
      return pins.server(serverKey).map(p -> p.definitions().containsKey(key)).orElse(false);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Compares the definitions of one listing (or the instructions) with their pins.
   *
   * @param current the pins of what the server shows now: only these keys are judged (no "removed" findings)
   * @param untrusted keys the rules block: never pinned on first use
   */
  Verdict check(ServerPin current, Set<String> untrusted) {
    lock.lock();
    try {
      reload();
      ServerPin pinned = pins.server(serverKey).orElse(null);
      Map<String, Finding> blocked = new LinkedHashMap<>();
      Map<String, String> added = new LinkedHashMap<>();
      if (pinned == null) {
        if (strict) {
          current.definitions().keySet().forEach(k -> blocked.put(k, unpinned(k, "the server has no entry in the lock"
              + " file " + file.getFileName())));
          return new Verdict(blocked, null, added);
        }
        Map<String, ServerPin.Definition> trusted = new LinkedHashMap<>(current.definitions());
        trusted.keySet().removeAll(untrusted);
        trusted.forEach((k, d) -> added.put(k, d.sha256()));
        save(new ServerPin(current.identity(), trusted));
        return new Verdict(blocked, null, added);
      }
      Map<String, ServerPin.Definition> subset = new LinkedHashMap<>(pinned.definitions());
      subset.keySet().retainAll(current.definitions().keySet());
      PinCheck check = Pins.check(rules, new ServerPin(pinned.identity(), subset), current);
      Finding other = null;
      for (Finding f : check.findings()) {
        if (f.code().equals("MCP-G063")) {
          other = f;
          current.definitions().keySet().forEach(k -> blocked.put(k, f));
        }
      }
      for (String k : check.changed()) {
        String pointer = current.definitions().get(k).pointer();
        check.findings().stream().filter(f -> f.code().equals("MCP-G060") && f.pointer().equals(pointer))
            .findFirst().ifPresent(f -> blocked.putIfAbsent(k, f));
      }
      Map<String, ServerPin.Definition> grown = new LinkedHashMap<>(pinned.definitions());
      for (String k : check.unpinned()) {
        if (strict) {
          blocked.putIfAbsent(k, unpinned(k, "not in the lock file " + file.getFileName()));
        } else if (!untrusted.contains(k) && !check.identityChanged()) {
          grown.put(k, current.definitions().get(k));
          added.put(k, current.definitions().get(k).sha256());
        }
      }
      if (!added.isEmpty()) {
        save(new ServerPin(pinned.identity(), grown));
      }
      return new Verdict(blocked, other, added);
    } finally {
      lock.unlock();
    }
  }

  /** Whether only pinned definitions are allowed. */
  boolean strict() {
    return strict;
  }

  Finding unpinned(String key, String why) {
    Rule r = rules.rule("MCP-G061");
    return new Finding("MCP-G061", r.severity(), r.title(), "", Pins.subject(key), why + "; strict pinning allows"
        + " only pinned definitions (approve with mcpkit scan --pin)", r.fix());
  }

  private void save(ServerPin pin) {
    // read again whatever the time stamp says: another server's pins written in the same tick must be kept
    pins = (Files.exists(file) ? PinLock.read(file) : PinLock.empty()).with(serverKey, pin);
    pins.write(file);
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
