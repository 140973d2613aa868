package dev.mcpkit.inspector.web.internal;

import dev.mcpkit.client.config.ServerSpec;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.guard.Finding;
import dev.mcpkit.guard.PinCheck;
import dev.mcpkit.guard.PinLock;
import dev.mcpkit.guard.Pins;
import dev.mcpkit.guard.RuleSet;
import dev.mcpkit.guard.ServerPin;
import dev.mcpkit.guard.ServerSurface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The connected server against its pins in a lock file ({@code mcpkit-lock.json}, what {@code mcpkit scan --pin}
 * writes), with mcpkit-guard's own {@link Pins#pin} and {@link Pins#check}: the same key, identity and diff as
 * {@code mcpkit scan}. Read-only: approving a change stays {@code mcpkit scan --pin}'s job, so a page cannot re-pin a
 * server that changed under it.
 *
 * @param view what the Security view shows: {@code status} ({@code no-lock}, {@code unreadable}, {@code no-entry},
 *     {@code checked}), the lock file, the key, the identity and each definition's state ({@code pinned},
 *     {@code changed} with the guard's diff, {@code new}, {@code removed})
 * @param findings the guard's pin findings ({@code MCP-G060} to {@code MCP-G063}), as {@code mcpkit scan} reports
 *     them; empty without a lock file
 */
record PinState(ObjectNode view, List<Finding> findings) {

  /**
   * Compares the connected server with its entry in {@code lockFile}.
   *
   * @param spec the connection's target (its key in the lock file, as {@code mcpkit scan} names it)
   * @param surface what the server shows a model now
   */
  static PinState of(Path lockFile, ServerSpec spec, ServerSurface surface, RuleSet rules) {
    ObjectNode view = Json.object();
    view.put("lockFile", lockFile.toString());
    String key = key(spec);
    view.put("key", Targets.redact(spec, key));
    if (!Files.exists(lockFile)) {
      view.put("status", "no-lock").put("message", "no lock file at " + lockFile
          + ": pin this server with mcpkit scan --pin (then this view shows what changed since)");
      return new PinState(view, List.of());
    }
    PinLock lock;
    ServerPin current;
    try {
      lock = PinLock.read(lockFile);
      // the argv as pinned: a substituted secret masked (mcpkit scan does the same, the lock file is committed)
      current = Pins.pin(surface, spec.isStdio() ? null : spec.url(),
          spec.isStdio() ? spec.argv().stream().map(spec::redact).toList() : List.of());
    } catch (IllegalArgumentException e) {
      view.put("status", "unreadable").put("message", Targets.redact(spec, e.getMessage()));
      return new PinState(view, List.of());
    }
    Optional<Map.Entry<String, ServerPin>> entry = lock.server(key).map(p -> Map.entry(key, p));
    if (entry.isEmpty()) {
      // pinned under another name (a configuration's server name, say): the same server is the one identity
      List<Map.Entry<String, ServerPin>> same = lock.servers().entrySet().stream()
          .filter(e -> e.getValue().identity().equals(current.identity())).toList();
      entry = same.size() == 1 ? Optional.of(same.getFirst()) : Optional.empty();
    }
    PinCheck check = Pins.check(rules, entry.map(Map.Entry::getValue).orElse(null), current);
    if (entry.isEmpty()) {
      view.put("status", "no-entry").put("message", "the lock file has no entry \"" + Targets.redact(spec, key)
          + "\" for this server: everything it shows is new (not reviewed); mcpkit scan --pin pins it");
    } else {
      view.put("status", "checked").put("key", Targets.redact(spec, entry.get().getKey()));
    }
    ServerPin pinned = entry.map(Map.Entry::getValue).orElse(null);
    ObjectNode identity = view.putObject("identity");
    identity.put("state", pinned == null ? "new" : check.identityChanged() ? "changed" : "pinned");
    identity.put("now", Targets.redact(spec, current.identity().toString()));
    if (pinned != null) {
      identity.put("pinned", Targets.redact(spec, pinned.identity().toString()));
    }
    ArrayNode defs = view.putArray("definitions");
    current.definitions().forEach((k, def) -> {
      ObjectNode d = defs.addObject().put("key", Targets.redact(spec, k)).put("pointer", def.pointer());
      if (check.unpinned().contains(k)) {
        d.put("state", "new");
      } else if (check.changed().contains(k)) {
        d.put("state", "changed");
        // the guard's diff of the pinned and the current definition (its MCP-G060 finding at this definition)
        check.findings().stream().filter(f -> f.code().equals("MCP-G060") && f.pointer().equals(def.pointer()))
            .findFirst().ifPresent(f -> d.put("diff", Targets.redact(spec, f.excerpt())));
      } else {
        d.put("state", "pinned");
      }
    });
    if (pinned != null) {
      pinned.definitions().keySet().stream().filter(k -> !current.definitions().containsKey(k))
          .forEach(k -> defs.addObject().put("key", Targets.redact(spec, k)).put("state", "removed"));
    }
    return new PinState(view, check.findings());
  }

  /** The server's key in the lock file as {@code mcpkit scan} writes it: the configuration's name, URL or command. */
  static String key(ServerSpec spec) {
    if (spec.name() != null && !spec.name().isBlank()) {
      return spec.name();
    }
    return spec.isStdio() ? String.join(" ", spec.argv()) : spec.url();
  }
}
