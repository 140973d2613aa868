package dev.mcpkit.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.core.jsonrpc.McpException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link Pages}: cursors round-trip through every page of a list, the last page has no cursor,
 * and a cursor the server did not make (or one past the end) is a -32602 error.
 */
class PagesTest {

  private static final List<Integer> FIVE = IntStream.range(0, 5).boxed().toList();

  private static String cursorOf(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void cursorsWalkEveryPage() {
    List<List<Integer>> pages = new ArrayList<>();
    String cursor = null;
    do {
      Pages.Page<Integer> p = Pages.page(FIVE, cursor, 2);
      pages.add(p.items());
      cursor = p.nextCursor();
    } while (cursor != null);
    assertThat(pages).containsExactly(List.of(0, 1), List.of(2, 3), List.of(4));
  }

  @Test
  void cursorsAreOpaqueAndStable() {
    String c = Pages.page(FIVE, null, 2).nextCursor();
    assertThat(c).matches("[A-Za-z0-9_-]+").isEqualTo(Pages.encode(2));
    assertThat(Pages.page(FIVE, c, 2).items()).containsExactly(2, 3);
  }

  @Test
  void shortListsHaveOnePage() {
    assertThat(Pages.page(FIVE, null, 5).nextCursor()).isNull();
    assertThat(Pages.page(FIVE, null, 100).items()).hasSize(5);
    Pages.Page<Integer> empty = Pages.page(List.<Integer>of(), null, 2);
    assertThat(empty.items()).isEmpty();
    assertThat(empty.nextCursor()).isNull();
    Pages.Page<Integer> atEnd = Pages.page(FIVE, Pages.encode(5), 2);
    assertThat(atEnd.items()).isEmpty();
    assertThat(atEnd.nextCursor()).isNull();
  }

  @Test
  void foreignOrStaleCursorsAreInvalidParams() {
    for (String bad : List.of("", "!!", "not base64 at all", cursorOf("mcpkit:-1"), cursorOf("mcpkit:abc"),
        cursorOf("other:2"), cursorOf("mcpkit:99999999999"), cursorOf("mcpkit:"), cursorOf("mcpkit:1 "))) {
      assertThatThrownBy(() -> Pages.page(FIVE, bad, 2)).as(bad).isInstanceOfSatisfying(McpException.class, e -> {
        assertThat(e.code()).isEqualTo(-32602);
        assertThat(e.getMessage()).isEqualTo("Invalid cursor");
      });
    }
    assertThatThrownBy(() -> Pages.page(FIVE, Pages.encode(6), 2)).isInstanceOfSatisfying(McpException.class,
        e -> assertThat(e.getMessage()).contains("past the end"));
  }
}
