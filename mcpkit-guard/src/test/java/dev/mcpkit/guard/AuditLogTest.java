package dev.mcpkit.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The audit log: one JSON object per line with the decision's fields, and a file that stays within its bound. */
class AuditLogTest {

  @TempDir Path tmp;

  @Test
  void eachDecisionIsOneJsonLineAndTheFileIsRotatedAtItsBound() throws Exception {
    Path file = tmp.resolve("audit.jsonl");
    AuditLog log = AuditLog.file(file, 4096);
    for (int i = 0; i < 200; i++) {
      log.event(i % 2 == 0 ? "allowed" : "blocked").caller("alice").server("calc").tool("tools/add")
          .code(i % 2 == 0 ? null : "MCP-G060").hash("sha256:00").detail("line \"" + i + "\"\nnext").write();
    }
    assertThat(Files.size(file)).isLessThanOrEqualTo(4096);
    Path old = tmp.resolve("audit.jsonl.1");
    assertThat(Files.size(old)).isLessThanOrEqualTo(4096);
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).isNotEmpty().allSatisfy(l -> {
      JsonNode e = Json.parse(l);
      assertThat(e.path("time").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
      assertThat(e.path("server").asString()).isEqualTo("calc");
      assertThat(e.path("caller").asString()).isEqualTo("alice");
    });
    JsonNode last = Json.parse(lines.getLast());
    assertThat(last.path("decision").asString()).isEqualTo("blocked");
    assertThat(last.path("code").asString()).isEqualTo("MCP-G060");
    assertThat(last.path("detail").asString()).isEqualTo("line \"199\"\nnext");
    assertThat(Json.parse(Files.readAllLines(old).getFirst()).has("code")).as("absent values are left out")
        .isIn(true, false);
    assertThatThrownBy(() -> AuditLog.file(file, 10)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4096");
  }
}
