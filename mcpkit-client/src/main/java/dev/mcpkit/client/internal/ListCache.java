package dev.mcpkit.client.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * Caches cacheable results (the list methods and {@code resources/read}) for as long as the server's
 * {@code ttlMs} says they are fresh. A {@code ttlMs} of 0, absent or negative means "do not reuse".
 * List-changed notifications invalidate the matching entries at once. Bounded in entries and in JSON bytes:
 * past either bound the cache starts over, so a server's {@code ttlMs} cannot pin more than that in memory.
 */
public final class ListCache {

  private record Entry(JsonNode result, long freshUntilNanos, long bytes) {}

  /** A bound on entries (one per method, cursor and resource URI); past it the cache starts over. */
  private static final int MAX_ENTRIES = 2000;

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();
  private final long maxBytes;

  /** @param maxBytes the most JSON bytes held at once (the client's {@code maxListBytes}) */
  public ListCache(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  private static String key(String method, String param) {
    return method + "\u0000" + (param == null ? "\u0001" : param);
  }

  /** The cached result, if it is still fresh. */
  public JsonNode get(String method, String param) {
    Entry e = entries.get(key(method, param));
    if (e == null) {
      return null;
    }
    if (System.nanoTime() - e.freshUntilNanos() >= 0) {
      if (entries.remove(key(method, param), e)) {
        bytes.addAndGet(-e.bytes());
      }
      return null;
    }
    return e.result();
  }

  /** Stores a result when it carries a positive {@code ttlMs}. */
  public void put(String method, String param, JsonNode result) {
    JsonNode ttl = result.get("ttlMs");
    if (ttl == null || !ttl.canConvertToLong() || ttl.asLong() <= 0 || result.has("inputRequests")) {
      return;
    }
    long size = Listing.sizeOf(result);
    if (size > maxBytes) {
      return;
    }
    if (entries.size() >= MAX_ENTRIES || bytes.get() + size > maxBytes) {
      clear();
    }
    long until = System.nanoTime() + Math.min(ttl.asLong(), 365L * 24 * 3600 * 1000) * 1_000_000L;
    bytes.addAndGet(size);
    Entry old = entries.put(key(method, param), new Entry(result, until, size));
    if (old != null) {
      bytes.addAndGet(-old.bytes());
    }
  }

  /** Drops every entry of a method (all pages), e.g. on {@code notifications/tools/list_changed}. */
  public void invalidate(String method) {
    entries.keySet().stream().filter(k -> k.startsWith(method + "\u0000")).toList().forEach(this::remove);
  }

  public void invalidate(String method, String param) {
    remove(key(method, param));
  }

  public void clear() {
    List.copyOf(entries.keySet()).forEach(this::remove);
  }

  private void remove(String key) {
    Entry e = entries.remove(key);
    if (e != null) {
      bytes.addAndGet(-e.bytes()); // only the remover that got the entry releases its bytes
    }
  }
}
