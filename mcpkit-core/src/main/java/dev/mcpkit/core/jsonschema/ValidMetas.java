package dev.mcpkit.core.jsonschema;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import tools.jackson.databind.JsonNode;

/**
 * The last few {@code _meta} objects that passed one method's params schema, so that a client
 * sending the same {@code _meta} on every request is not checked again for it ({@link
 * RequestSchemas}); the same for a set-up method's whole params (every session of one client sends
 * the same {@code initialize} params). Bounded in every direction a client controls: a few slots,
 * replaced in turn; only small objects are kept (a copy, so no handler can change a remembered
 * value); and a lookup compares by value against the kept objects, so its cost is bounded by their
 * size, not by the request's.
 */
final class ValidMetas {

  /** Slots: one per distinct client set-up seen recently (name, version, capabilities). */
  static final int SLOTS = 8;
  /** Largest {@code _meta} kept, in JSON nodes; a larger one is simply checked every time. */
  static final int MAX_NODES = 64;
  private static final int MAX_DEPTH = 8;

  private final AtomicReferenceArray<JsonNode> slots = new AtomicReferenceArray<>(SLOTS);
  private final AtomicInteger next = new AtomicInteger();

  /** Whether {@code meta} equals (as JSON values of the same node kinds) one that passed. */
  boolean contains(JsonNode meta) {
    if (!meta.isObject()) {
      return false;
    }
    for (int i = 0; i < SLOTS; i++) {
      JsonNode known = slots.get(i);
      // known.equals(meta), not the reverse: the walk follows the small remembered object and
      // stops at the first difference.
      if (known != null && known.equals(meta)) {
        return true;
      }
    }
    return false;
  }

  /** Remembers a {@code _meta} that passed, when it is small and holds no fractional number. */
  void remember(JsonNode meta) {
    int[] budget = {MAX_NODES};
    if (!meta.isObject() || !keepable(meta, 1, budget)) {
      return;
    }
    slots.set(Math.floorMod(next.getAndIncrement(), SLOTS), meta.deepCopy());
  }

  // Fractional numbers are left out: node equality and schema validity need not agree on them
  // (1.0 and 1.00, "integer"); nothing in a usual _meta is fractional.
  private static boolean keepable(JsonNode n, int depth, int[] budget) {
    if (--budget[0] < 0 || depth > MAX_DEPTH || n.isFloatingPointNumber() || n.isBigInteger()) {
      return false;
    }
    for (JsonNode child : n) {
      if (!keepable(child, depth + 1, budget)) {
        return false;
      }
    }
    return true;
  }

  /** How many slots hold a value (tests). */
  int size() {
    int n = 0;
    for (int i = 0; i < SLOTS; i++) {
      n += slots.get(i) == null ? 0 : 1;
    }
    return n;
  }
}
