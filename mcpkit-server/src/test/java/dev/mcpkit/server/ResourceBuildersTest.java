package dev.mcpkit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.schema.Annotations;
import dev.mcpkit.core.schema.Icon;
import dev.mcpkit.core.schema.ResourceContents;
import dev.mcpkit.core.schema.Role;
import dev.mcpkit.core.schema.TextResourceContents;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * The builders of {@link ServerResource} and {@link ServerResourceTemplate} share their common settings (one base
 * class): every setting reaches the definition, and {@code toBuilder()} copies all of them, the shared ones and each
 * builder's own, without changing the original.
 */
class ResourceBuildersTest {

  private static final Annotations HINTS = new Annotations(List.of(Role.USER), 0.5, "2026-12-07T00:00:00Z");
  private static final List<Icon> ICONS = List.of(new Icon("https://example.test/i.png", "image/png", null, null));
  private static final ResourceReader EMPTY = read -> List.of();

  private static ObjectNode meta() {
    ObjectNode m = Json.object();
    m.put("k", "v");
    return m;
  }

  @Test
  void aResourceCopyKeepsEverySetting() {
    ServerResource r = ServerResource.builder("notes://a", "a").title("A").description("the a note")
        .mimeType("text/plain").annotations(HINTS).icons(ICONS).meta(meta()).size(42L).reader(EMPTY)
        .requiredScopes("notes:read").build();
    for (ServerResource copy : List.of(r, r.toBuilder().build())) {
      assertThat(copy.definition().uri()).isEqualTo("notes://a");
      assertThat(copy.definition().name()).isEqualTo("a");
      assertThat(copy.definition().title()).isEqualTo("A");
      assertThat(copy.definition().description()).isEqualTo("the a note");
      assertThat(copy.definition().mimeType()).isEqualTo("text/plain");
      assertThat(copy.definition().annotations()).isEqualTo(HINTS);
      assertThat(copy.definition().icons()).isEqualTo(ICONS);
      assertThat(copy.definition().meta()).isEqualTo(meta());
      assertThat(copy.definition().size()).isEqualTo(42L);
      assertThat(copy.reader()).isSameAs(EMPTY);
      assertThat(copy.requiredScopes()).containsExactly("notes:read");
    }
    ServerResource changed = r.toBuilder().title("B").build();
    assertThat(changed.definition().title()).isEqualTo("B");
    assertThat(r.definition().title()).isEqualTo("A"); // the original is unchanged
  }

  @Test
  void fixedContentsAndAReaderReplaceEachOtherAndSurviveACopy() throws Exception {
    ServerResource text = ServerResource.builder("notes://t", "t").mimeType("text/plain").reader(EMPTY).text("hi")
        .build();
    List<ResourceContents> read = text.toBuilder().build().reader().read(null);
    assertThat(read).singleElement().isInstanceOfSatisfying(TextResourceContents.class, c -> {
      assertThat(c.text()).isEqualTo("hi");
      assertThat(c.mimeType()).isEqualTo("text/plain");
    });
    assertThat(text.toBuilder().reader(EMPTY).build().reader()).isSameAs(EMPTY); // the reader replaces the text
    ServerResource blob = ServerResource.builder("bin://b", "b").blob(new byte[] {1, 2, 3}).build();
    assertThat(blob.toBuilder().build().definition().size()).isEqualTo(3L);
    assertThatThrownBy(() -> ServerResource.builder("x://none", "none").build())
        .isInstanceOf(NullPointerException.class).hasMessageContaining("no reader");
  }

  @Test
  void aTemplateCopyKeepsEverySetting() {
    ServerResourceTemplate t = ServerResourceTemplate.builder("files://{path}", "file").title("File")
        .description("a file").mimeType("text/plain").annotations(HINTS).icons(ICONS).meta(meta()).reader(EMPTY)
        .completer("path", (arg, ctx) -> List.of()).requiredScopes("files:read").build();
    for (ServerResourceTemplate copy : List.of(t, t.toBuilder().build())) {
      assertThat(copy.definition().uriTemplate()).isEqualTo("files://{path}");
      assertThat(copy.definition().name()).isEqualTo("file");
      assertThat(copy.definition().title()).isEqualTo("File");
      assertThat(copy.definition().description()).isEqualTo("a file");
      assertThat(copy.definition().mimeType()).isEqualTo("text/plain");
      assertThat(copy.definition().annotations()).isEqualTo(HINTS);
      assertThat(copy.definition().icons()).isEqualTo(ICONS);
      assertThat(copy.definition().meta()).isEqualTo(meta());
      assertThat(copy.reader()).isSameAs(EMPTY);
      assertThat(copy.completers()).containsOnlyKeys("path");
      assertThat(copy.requiredScopes()).containsExactly("files:read");
    }
    assertThatThrownBy(() -> ServerResourceTemplate.builder("t://{v}", "t").build())
        .isInstanceOf(NullPointerException.class).hasMessageContaining("no reader");
    assertThatThrownBy(() -> ServerResourceTemplate.builder(null, "t"))
        .isInstanceOf(NullPointerException.class).hasMessage("uriTemplate");
    assertThatThrownBy(() -> ServerResource.builder(null, "r"))
        .isInstanceOf(NullPointerException.class).hasMessage("uri");
  }
}
