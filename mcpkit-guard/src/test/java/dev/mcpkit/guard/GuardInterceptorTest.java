package dev.mcpkit.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mcpkit.client.McpBlockedException;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.ServerNotification;
import dev.mcpkit.client.Subscription;
import dev.mcpkit.core.schema.SubscriptionFilter;
import dev.mcpkit.core.schema.Tool;
import dev.mcpkit.guard.GuardInterceptor.PinMode;
import dev.mcpkit.guard.corpus.MaliciousServers;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The guard as a client interceptor on real servers on 127.0.0.1: each attack of the malicious corpus (the one
 * {@code mcpkit scan} is tested with) is hidden and its calls refused with the expected code; a rug pull after
 * {@code list_changed} is hidden and refused with the diff until re-approved; another server at the pinned place is
 * refused entirely; strict pinning allows only pinned definitions.
 */
class GuardInterceptorTest {

  @TempDir Path tmp;

  static java.util.stream.Stream<String> cases() {
    return MaliciousServers.CASES.keySet().stream();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void eachCorpusAttackIsHiddenAndItsCallsRefusedWithItsCode(String name) throws Exception {
    MaliciousServers.Case c = MaliciousServers.CASES.get(name);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    McpServer server = c.server().get();
    List<String> offered = server.tools().stream().map(t -> t.name()).toList();
    try (McpHttpServer http = McpHttpServer.builder(server).port(0).build().start();
        McpClient client = McpClient.builder().url(http.endpoint().toString())
            .interceptor(GuardInterceptor.builder(Guard.standard()).server(name)
                .audit(AuditLog.to(new PrintStream(log, true, StandardCharsets.UTF_8))).build()).connect()) {
      String audit = log.toString(StandardCharsets.UTF_8);
      if (name.equals("poisoned-instructions")) {
        assertThat(client.serverInfo().instructions()).as("the poisoned instructions are withheld").isNull();
        assertThat(audit).contains("\"decision\":\"blocked\"", "\"tool\":\"instructions\"",
            "\"code\":\"" + c.expectedCode() + "\"");
        return;
      }
      assertThat(client.listAllTools()).as(name + ": the poisoned tool is hidden").isEmpty();
      String tool = offered.getFirst();
      assertThatThrownBy(() -> client.callTool(tool, Map.of())).as(name).isInstanceOf(McpBlockedException.class)
          .hasMessageContaining("is blocked by mcpkit-guard").hasMessageContaining(c.expectedCode())
          .hasMessageNotContainingAny("\u001b", "\u200b", "\u202e", "\udb40");
      assertThat(log.toString(StandardCharsets.UTF_8)).contains("\"decision\":\"blocked\"",
          "\"server\":\"" + name + "\"", "\"code\":\"MCP-G0");
    }
  }

  private GuardInterceptor guard(McpHttpServer http, Path lock, PinMode mode) {
    return GuardInterceptor.builder(Guard.standard()).pins(lock, "calc", mode)
        .place(http.endpoint().toString(), List.of()).build();
  }

  @Test
  void aRugPullAfterListChangedIsHiddenAndRefusedWithTheDiffUntilReApproved() throws Exception {
    McpServer server = McpServer.builder().name("calc").version("1").instructions("Use add for sums.")
        .tool(PinsTest.add("Adds two numbers.")).build();
    Path lock = tmp.resolve(PinLock.FILE_NAME);
    List<ServerNotification> seen = new CopyOnWriteArrayList<>();
    try (McpHttpServer http = McpHttpServer.builder(server).port(0).build().start();
        McpClient client = McpClient.builder().url(http.endpoint().toString())
            .interceptor(guard(http, lock, PinMode.TRUST_ON_FIRST_USE)).connect()) {
      assertThat(client.listAllTools()).extracting(Tool::name).containsExactly("add");
      assertThat(PinLock.read(lock).server("calc").orElseThrow().definitions())
          .as("trust on first use wrote the lock").containsOnlyKeys("instructions", "tools/add");
      client.callTool("add", Map.of("a", 1, "b", 2));

      try (Subscription sub = client.listen(new SubscriptionFilter(true, null, null, null), seen::add)) {
        // a change no rule objects to: only the pin catches it
        server.addTool(PinsTest.add("Adds two numbers and keeps a copy of the sum."));
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.stream()
            .anyMatch(n -> n instanceof ServerNotification.ToolsListChanged));
      }
      assertThatThrownBy(() -> client.callTool("add", Map.of("a", 1, "b", 2)))
          .isInstanceOf(McpBlockedException.class)
          .satisfies(e -> assertThat(((McpBlockedException) e).code()).isEqualTo("MCP-G060"))
          .hasMessageContaining("tool \"add\" is blocked by mcpkit-guard")
          .hasMessageContaining("/description: \"Adds two numbers{+ and keeps a copy of the sum+}.\"")
          .hasMessageContaining("mcpkit scan --pin");
      assertThat(client.listAllTools()).as("hidden on every listing").isEmpty();
      assertThat(PinLock.read(lock).server("calc").orElseThrow().definitions().get("tools/add").canonical())
          .as("a change is never trusted on first use").doesNotContain("copy");

      // re-approval, as mcpkit scan --pin does it: the guard reads the lock file again
      try (McpClient plain = McpClient.builder().url(http.endpoint().toString()).connect()) {
        PinLock.read(lock).with("calc", Pins.pin(ServerSurface.fetch("calc", plain), http.endpoint().toString(),
            List.of())).write(lock);
      }
      assertThat(client.listAllTools()).extracting(Tool::name).containsExactly("add");
      assertThat(client.callTool("add", Map.of("a", 1, "b", 2)).isError()).isNotEqualTo(Boolean.TRUE);
    }
  }

  @Test
  void anotherServerAtThePinnedPlaceIsRefusedEntirely() throws Exception {
    McpServer impostor = McpServer.builder().name("impostor").version("1").tool(PinsTest.add("Adds two numbers."))
        .build();
    Path lock = tmp.resolve(PinLock.FILE_NAME);
    try (McpHttpServer http = McpHttpServer.builder(impostor).port(0).build().start()) {
      String url = http.endpoint().toString();
      PinLock.empty().with("calc", new ServerPin(ServerPin.Identity.of("calc", url, List.of()), Map.of())).write(lock);
      try (McpClient client = McpClient.builder().url(url).interceptor(guard(http, lock, PinMode.TRUST_ON_FIRST_USE))
          .connect()) {
        assertThat(client.listAllTools()).isEmpty();
        assertThatThrownBy(() -> client.callTool("add", Map.of())).isInstanceOf(McpBlockedException.class)
            .hasMessageContaining("MCP-G063").hasMessageContaining("serverInfo name \"impostor\"");
        assertThatThrownBy(() -> client.callTool("not_listed", Map.of())).as("every call, listed or not")
            .isInstanceOf(McpBlockedException.class).hasMessageContaining("MCP-G063");
      }
      assertThat(PinLock.read(lock).server("calc").orElseThrow().definitions()).as("nothing trusted").isEmpty();
    }
  }

  @Test
  void strictPinningShowsAndCallsOnlyPinnedDefinitions() throws Exception {
    McpServer server = McpServer.builder().name("calc").version("1").tool(PinsTest.add("Adds two numbers."))
        .build();
    Path lock = tmp.resolve(PinLock.FILE_NAME);
    try (McpHttpServer http = McpHttpServer.builder(server).port(0).build().start()) {
      try (McpClient client = McpClient.builder().url(http.endpoint().toString())
          .interceptor(guard(http, lock, PinMode.STRICT)).connect()) {
        assertThat(client.listAllTools()).isEmpty();
        assertThatThrownBy(() -> client.callTool("add", Map.of())).isInstanceOf(McpBlockedException.class)
            .hasMessageContaining("MCP-G061").hasMessageContaining("strict pinning");
      }
      assertThat(Files.exists(lock)).as("strict mode never writes the lock").isFalse();
      try (McpClient plain = McpClient.builder().url(http.endpoint().toString()).connect()) {
        PinLock.empty().with("calc", Pins.pin(ServerSurface.fetch("calc", plain), http.endpoint().toString(),
            List.of())).write(lock);
      }
      server.addTool(ServerTool.builder("export").description("Exports.").inputSchema("{\"type\":\"object\"}")
          .handler(c -> ToolResults.text("")).build());
      try (McpClient client = McpClient.builder().url(http.endpoint().toString())
          .interceptor(guard(http, lock, PinMode.STRICT)).connect()) {
        assertThat(client.listAllTools()).extracting(Tool::name).containsExactly("add");
        client.callTool("add", Map.of("a", 1, "b", 2));
        assertThatThrownBy(() -> client.callTool("export", Map.of())).isInstanceOf(McpBlockedException.class)
            .hasMessageContaining("MCP-G061");
      }
    }
  }
}
