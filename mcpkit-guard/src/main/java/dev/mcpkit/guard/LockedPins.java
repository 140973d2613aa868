package dev.mcpkit.guard;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The enforcing side of pinning for one server: what its {@link PinStore} holds, compared with what the server shows
 * now, extended on trust on first use, and told what was seen changed (so that other instances sharing the store
 * block it too). A store that cannot be reached blocks everything ({@code MCP-G064}): never an unpinned pass.
 */
final class LockedPins {

  /**
   * What the comparison of one listing decided. {@code blocked}: key to the finding that blocks it; {@code
   * otherServer}: the {@code MCP-G063} finding when another server answers, else {@code null}; {@code pinnedNow}: the
   * keys pinned on first use, with their hashes.
   */
  record Verdict(Map<String, Finding> blocked, Finding otherServer, Map<String, String> pinnedNow) {}

  private final PinStore store;
  private final String serverKey;
  private final boolean strict;
  private final RuleSet rules;

  LockedPins(PinStore store, String serverKey, boolean strict, RuleSet rules) {
    this.store = Objects.requireNonNull(store, "store");
    this.serverKey = Objects.requireNonNull(serverKey, "serverKey");
    this.strict = strict;
    this.rules = rules;
    store.load(serverKey); // a broken lock file or a store that does not answer fails the guard's construction
  }

  /** Whether the definition under {@code key} is pinned (for strict mode's refusal of unlisted calls). */
  boolean pinned(String key) {
    try {
      ServerPin p = store.load(serverKey).pins();
      return p != null && p.definitions().containsKey(key);
    } catch (PinStore.UnavailableException | IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Compares the definitions of one listing (or the instructions, or the one definition a call names) with their
   * pins.
   *
   * @param current the pins of what the server shows now: only these keys are judged (no "removed" findings)
   * @param untrusted keys the rules block: never pinned on first use
   */
  Verdict check(ServerPin current, Set<String> untrusted) {
    Map<String, Finding> blocked = new LinkedHashMap<>();
    Map<String, String> added = new LinkedHashMap<>();
    PinStore.Entry entry;
    try {
      entry = store.load(serverKey);
      ServerPin pinned = entry.pins();
      if (pinned == null && strict) {
        current.definitions().keySet().forEach(k -> blocked.put(k, unpinned(k, "the server has no entry in "
            + store.describe())));
        return new Verdict(blocked, null, added);
      }
      Map<String, ServerPin.Definition> fresh = new LinkedHashMap<>(current.definitions());
      fresh.keySet().removeAll(untrusted);
      if (pinned != null) {
        fresh.keySet().removeAll(pinned.definitions().keySet());
      }
      if (!strict && (pinned == null || (!fresh.isEmpty() && pinned.identity().equals(current.identity())))) {
        // the store answers with what is pinned afterwards: another instance may have pinned first, and its
        // definition is the one this listing is compared with
        entry = store.trust(serverKey, new ServerPin(current.identity(), fresh));
        ServerPin after = entry.pins();
        fresh.forEach((k, d) -> {
          ServerPin.Definition p = after == null ? null : after.definitions().get(k);
          if (p != null && p.sha256().equals(d.sha256())) {
            added.put(k, d.sha256());
          }
        });
      }
    } catch (PinStore.UnavailableException | IllegalArgumentException e) {
      // a store holding what cannot be read (another version, a value mcpkit did not write) fails closed too
      Finding f = unavailable(e);
      current.definitions().keySet().forEach(k -> blocked.put(k, f));
      return new Verdict(blocked, null, added);
    }
    ServerPin pinned = entry.pins() == null ? new ServerPin(current.identity(), Map.of()) : entry.pins();
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
      ServerPin.Definition now = current.definitions().get(k);
      check.findings().stream().filter(f -> f.code().equals("MCP-G060") && f.pointer().equals(now.pointer()))
          .findFirst().ifPresent(f -> blocked.putIfAbsent(k, f));
      ServerPin.Definition told = entry.seenChanged().get(k);
      if (other == null && (told == null || !told.sha256().equals(now.sha256()))) {
        share(k, now);
      }
    }
    // a change another instance saw blocks here too, even while this connection still shows the pinned definition
    entry.seenChanged().forEach((k, seen) -> {
      ServerPin.Definition now = current.definitions().get(k);
      ServerPin.Definition was = subset.get(k);
      if (now != null && was != null && !blocked.containsKey(k) && !seen.sha256().equals(was.sha256())) {
        ServerPin.Definition at = new ServerPin.Definition(seen.sha256(), seen.canonical(), now.pointer());
        Pins.check(rules, new ServerPin(pinned.identity(), Map.of(k, was)), new ServerPin(pinned.identity(),
            Map.of(k, at))).findings().stream().filter(f -> f.code().equals("MCP-G060")).findFirst()
            .ifPresent(f -> blocked.put(k, new Finding(f.code(), f.severity(), f.title(), f.pointer(), f.subject(),
                f.excerpt() + "\n(seen by another instance sharing " + store.describe() + ")",
                f.fix())));
      }
    });
    if (strict) {
      check.unpinned().forEach(k -> blocked.putIfAbsent(k, unpinned(k, "not in " + store.describe())));
    }
    return new Verdict(blocked, other, added);
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

  private Finding unavailable(RuntimeException e) {
    Rule r = rules.rule("MCP-G064");
    return new Finding("MCP-G064", r.severity(), r.title(), "", "server", e.getMessage() + "; its definitions are"
        + " hidden and their calls refused until the store " + (e instanceof PinStore.UnavailableException
        ? "answers" : "holds what mcpkit wrote (pin again with mcpkit scan --pin)"), r.fix());
  }

  /** Tells the other instances; a store that stops answering now is seen at the next check. */
  private void share(String key, ServerPin.Definition seen) {
    try {
      store.seenChanged(serverKey, key, seen);
    } catch (PinStore.UnavailableException e) {
      // the definition is blocked here either way
    }
  }
}
