package dev.mcpkit.guard;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.text.PeerText;
import dev.mcpkit.guard.internal.Canonical;
import dev.mcpkit.store.Store;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pins in a {@link Store} that several gateway instances share ({@code mcpkit gateway --store redis://…}): one shared
 * hash per server ({@code guard-pins:NAME}) with the field {@code identity} (its canonical JSON), {@code pin:KEY} for
 * each approved definition and {@code seen:KEY} for a change some instance saw, each {@code {"sha256",
 * "definition"}} as in the lock file (the hash is checked when read). Trust on first use is the store's atomic {@link
 * Store#putAbsent} guarded by the identity, so racing instances agree on the first definition; an approval replaces
 * the hash at once. Needs mcpkit-store on the class path (an optional dependency of mcpkit-guard).
 *
 * <pre>{@code
 * try (Store store = Stores.open("redis://127.0.0.1:6379/0")) {
 *   GuardInterceptor guard = GuardInterceptor.builder(Guard.standard())
 *       .pins(StorePins.of(store), "calc", PinMode.TRUST_ON_FIRST_USE).place(url, List.of()).build();
 * }
 * }</pre>
 */
public final class StorePins implements PinStore {

  /** The store state whose value changes with every write, for {@link #changes()}. */
  static final String CHANGES = "guard-pins-changed";

  private final Store store;

  private StorePins(Store store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /** Pins kept in {@code store} (not closed by this object). */
  public static StorePins of(Store store) {
    return new StorePins(store);
  }

  @Override
  public Entry load(String server) {
    return entry(server, call(() -> store.hash(hash(server))));
  }

  @Override
  public Entry trust(String server, ServerPin pins) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("identity", identity(pins.identity()));
    pins.definitions().forEach((k, d) -> fields.put("pin:" + k, definition(d)));
    Map<String, String> before = call(() -> store.hash(hash(server)));
    Map<String, String> after = call(() -> store.putAbsent(hash(server), "identity", fields));
    if (!after.equals(before)) {
      changed();
    }
    return entry(server, after);
  }

  @Override
  public void seenChanged(String server, String key, ServerPin.Definition seen) {
    call(() -> {
      store.putFields(hash(server), Map.of("seen:" + key, definition(seen)));
      return null;
    });
    changed();
  }

  @Override
  public void approve(String server, ServerPin pins) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("identity", identity(pins.identity()));
    pins.definitions().forEach((k, d) -> fields.put("pin:" + k, definition(d)));
    call(() -> {
      store.replaceHash(hash(server), fields);
      return null;
    });
    changed();
  }

  @Override
  public String changes() {
    return call(() -> store.getState(CHANGES).orElse(""));
  }

  @Override
  public String describe() {
    return "the pin store " + store.describe();
  }

  private void changed() {
    call(() -> {
      store.putState(CHANGES, UUID.randomUUID().toString(), Duration.ofDays(3650));
      return null;
    });
  }

  private static String hash(String server) {
    return "guard-pins:" + server;
  }

  /** A store that fails (Redis down, refusing the credentials) is {@link UnavailableException}, naming it. */
  private <T> T call(Supplier<T> op) {
    try {
      return op.get();
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new UnavailableException(describe() + " cannot be reached: " + e.getMessage(), e);
    }
  }

  private static String identity(ServerPin.Identity id) {
    JsonNode lock = PinLock.empty().with("s", new ServerPin(id, Map.of())).json();
    return Canonical.json(lock.get("servers").get("s").get("identity"));
  }

  private static String definition(ServerPin.Definition d) {
    ObjectNode o = Json.object().put("sha256", d.sha256());
    o.set("definition", Json.parse(d.canonical()));
    return Canonical.json(o);
  }

  /**
   * The hash's fields as one server of a lock file, read (and checked) as the lock file is.
   *
   * @throws IllegalArgumentException naming the store and the server when a value is not what this mcpkit writes (not
   *     JSON, the wrong type, a definition not matching its hash): the guard then fails closed, as for a store that
   *     does not answer
   */
  private Entry entry(String server, Map<String, String> fields) {
    if (fields.isEmpty()) {
      return new Entry(null, Map.of());
    }
    try {
      return read(fields);
    } catch (RuntimeException e) { // JacksonException, or PinLock's IllegalArgumentException
      throw new IllegalArgumentException(describe() + " holds an entry for server \"" + PeerText.line(server, 100)
          + "\" that this mcpkit cannot use: " + PeerText.line(e.getMessage(), 300), e);
    }
  }

  private Entry read(Map<String, String> fields) {
    ObjectNode root = Json.object().put("version", PinLock.VERSION);
    ObjectNode servers = root.putObject("servers");
    ObjectNode pinned = servers.putObject("pinned");
    ObjectNode seen = servers.putObject("seen");
    JsonNode id = Json.parse(fields.getOrDefault("identity", "{}"));
    pinned.set("identity", id);
    seen.set("identity", id);
    ObjectNode pins = pinned.putObject("definitions");
    ObjectNode changes = seen.putObject("definitions");
    fields.forEach((k, v) -> {
      if (k.startsWith("pin:")) {
        pins.set(k.substring(4), Json.parse(v));
      } else if (k.startsWith("seen:")) {
        changes.set(k.substring(5), Json.parse(v));
      }
    });
    PinLock lock = PinLock.parse(root, "its entry"); // "its entry, server "seen"": a change some instance saw
    return new Entry(fields.containsKey("identity") ? lock.server("pinned").orElseThrow() : null,
        lock.server("seen").orElseThrow().definitions());
  }
}
