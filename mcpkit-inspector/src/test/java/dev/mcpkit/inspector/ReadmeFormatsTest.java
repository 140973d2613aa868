package dev.mcpkit.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.testing.Repo;
import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The format examples in the module README are read by the code they document (and the committed demo collection). */
class ReadmeFormatsTest {

  private static String example(String marker) throws Exception {
    String readme = Files.readString(Repo.root().resolve("mcpkit-inspector/README.md"));
    Matcher m = Pattern.compile("<!-- " + marker + " -->\\n```json\\n(.*?)\\n```", Pattern.DOTALL).matcher(readme);
    assertThat(m.find()).as(marker + " in the README").isTrue();
    return m.group(1);
  }

  @Test
  void theSnapshotExampleIsASnapshot() throws Exception {
    Snapshot s = Snapshot.parse(example("snapshot-example"));
    assertThat(s.definitions("tools").get(0).path("name").asString()).isEqualTo("add");
    // the example's hashes are real: the guard's pin hashes of its definitions
    assertThat(s.hash("tools/add")).isEqualTo(dev.mcpkit.guard.Pins.definition(s.definitions("tools").get(0), "")
        .sha256());
    assertThat(s.hash("instructions")).isEqualTo(dev.mcpkit.guard.Pins.definition(s.document().get("instructions"),
        "").sha256());
    assertThat(SurfaceDiff.of(s, s).changes()).isEmpty();
  }

  @Test
  void theCollectionExampleAndTheDemoCollectionAreCollections() throws Exception {
    CallCollection c = CallCollection.parse(example("collection-example"));
    assertThat(c.calls()).hasSize(2);
    assertThat(c.resolvedHeaders(Map.of("CALC_TOKEN", "t"))).containsEntry("Authorization", "Bearer t");
    CallCollection demo = CallCollection.parse(Files.readString(Repo.root().resolve("mcpkit-inspector/collections/demo.json")));
    assertThat(demo.calls()).hasSizeGreaterThan(4);
  }
}
