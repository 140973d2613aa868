package dev.mcpkit.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.client.McpClient;
import dev.mcpkit.guard.corpus.MaliciousServers;
import dev.mcpkit.server.http.McpHttpServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each malicious server of the corpus, served on 127.0.0.1 and listed by a real client, is caught with its code. */
class GuardCorpusTest {

  static java.util.stream.Stream<String> cases() {
    return MaliciousServers.CASES.keySet().stream();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void eachAttackIsCaughtWithItsCode(String name) throws Exception {
    MaliciousServers.Case c = MaliciousServers.CASES.get(name);
    try (McpHttpServer http = McpHttpServer.builder(c.server().get()).port(0).build().start();
        McpClient client = McpClient.builder().url(http.endpoint().toString()).connect()) {
      var findings = Guard.standard().scan(ServerSurface.fetch(name, client));
      assertThat(findings).as(name).extracting(Finding::code).contains(c.expectedCode());
      assertThat(findings).as(name + ": excerpts are printable")
          .allSatisfy(f -> assertThat(f.excerpt()).doesNotContain("\u001b", "\u200b", "\u202e", "\udb40"));
    }
  }
}
