package dev.mcpkit.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The result cache holds no more JSON than its budget, however long the server says results stay fresh. */
class ListCacheTest {

  private static ObjectNode result(int bytes) {
    ObjectNode r = Json.object();
    r.put("ttlMs", 3_600_000);
    r.putArray("contents").addObject().put("text", "x".repeat(bytes));
    return r;
  }

  @Test
  void theCacheStartsOverWhenItsBytesWouldPassTheBudget() {
    ListCache cache = new ListCache(10_000);
    for (int i = 0; i < 3; i++) {
      cache.put("resources/read", "file:///" + i, result(3_000));
    }
    assertThat(cache.get("resources/read", "file:///0")).isNotNull(); // 9 KB: within the budget
    cache.put("resources/read", "file:///3", result(3_000)); // 12 KB: the cache starts over with this one
    assertThat(cache.get("resources/read", "file:///0")).isNull();
    assertThat(cache.get("resources/read", "file:///3")).isNotNull();
    cache.put("resources/read", "file:///big", result(20_000)); // larger than the whole budget: not kept
    assertThat(cache.get("resources/read", "file:///big")).isNull();
    assertThat(cache.get("resources/read", "file:///3")).isNotNull();
  }

  @Test
  void invalidatingReleasesTheBytes() {
    ListCache cache = new ListCache(10_000);
    for (int round = 0; round < 10; round++) { // 30 KB put in all, never more than 9 KB held
      for (int i = 0; i < 3; i++) {
        cache.put("tools/list", "c" + i, result(1_000));
      }
      assertThat(cache.get("tools/list", "c0")).isNotNull();
      cache.invalidate("tools/list");
      assertThat(cache.get("tools/list", "c0")).isNull();
    }
    cache.put("tools/list", null, result(8_000)); // fits only if the invalidations gave their bytes back
    cache.put("tools/list", "x", result(100));
    assertThat(cache.get("tools/list", null)).isNotNull();
  }
}
