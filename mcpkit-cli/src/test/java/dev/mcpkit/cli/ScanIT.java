package dev.mcpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.guard.SarifSchemaTest;
import dev.mcpkit.guard.corpus.MaliciousServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code mcpkit scan} from the shaded jar, as a user runs it: a host configuration naming every server of the
 * malicious corpus as a stdio command (plus a shell launch line that must not run), scanned with {@code --sarif}; the
 * log validates against the SARIF 2.1.0 schema and has each case's code. The old jar has no {@code scan} (exit 2).
 */
class ScanIT {

  @TempDir Path tmp;

  @Test
  void theJarScansAHostConfigurationOfMaliciousServersIntoValidSarif() throws Exception {
    Path canary = tmp.resolve("canary");
    StringBuilder servers = new StringBuilder();
    for (String name : MaliciousServers.CASES.keySet()) {
      List<String> args = List.of("-cp", System.getProperty("java.class.path"), MaliciousServers.class.getName(), name);
      servers.append(Json.write(name)).append(": {\"command\": ").append(Json.write(Cli.java()))
          .append(", \"args\": ").append(Json.write(args)).append("},\n");
    }
    servers.append("\"shell\": {\"command\": \"sh\", \"args\": [\"-c\", ").append(Json.write("touch " + canary))
        .append("]}");
    Path config = tmp.resolve("mcp.json");
    Files.writeString(config, "{\"mcpServers\": {" + servers + "}}");

    Cli.Result r = Cli.run("scan", "--sarif", "--timeout", "60s", "--config", config.toString());
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.FAILURE);
    JsonNode log = Json.parse(r.out());
    assertThat(SarifSchemaTest.validate(log)).isEmpty();
    List<String> hits = new ArrayList<>();
    log.at("/runs/0/results").forEach(res -> hits.add(res.at("/properties/target").asString() + " "
        + res.path("ruleId").asString()));
    MaliciousServers.CASES.values().forEach(c -> assertThat(hits).as(r.toString()).contains(c.name() + " "
        + c.expectedCode()));
    assertThat(hits).contains("shell MCP-G050");
    assertThat(canary).doesNotExist();
    assertThat(r.out()).doesNotContain("\udb40", "\u001b", "\u200b");
  }
}
