package dev.mcpkit.server.internal;

import dev.mcpkit.core.jsonrpc.McpException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Opaque pagination cursors. A cursor encodes the offset of the next page; it is base64url so
 * clients do not read meaning into it, and a malformed one is a clear -32602.
 */
final class Pages {

  private static final String PREFIX = "mcpkit:";

  private Pages() {}

  /** One page of a list, and the cursor of the next page (or {@code null}). */
  record Page<T>(List<T> items, String nextCursor) {}

  static <T> Page<T> page(List<T> all, String cursor, int pageSize) {
    int from = cursor == null ? 0 : offset(cursor);
    if (from > all.size()) {
      throw McpException.invalidParams("Invalid cursor: past the end of the list");
    }
    int to = Math.min(all.size(), from + pageSize);
    String next = to < all.size() ? encode(to) : null;
    return new Page<>(all.subList(from, to), next);
  }

  static String encode(int offset) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static int offset(String cursor) {
    try {
      String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (s.startsWith(PREFIX)) {
        int n = Integer.parseInt(s.substring(PREFIX.length()));
        if (n >= 0) {
          return n;
        }
      }
    } catch (IllegalArgumentException e) {
      // fall through
    }
    throw McpException.invalidParams("Invalid cursor");
  }
}
