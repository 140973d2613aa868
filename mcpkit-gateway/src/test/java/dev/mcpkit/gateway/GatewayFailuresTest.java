package dev.mcpkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.McpRpcException;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.Resource;
import dev.mcpkit.core.schema.TextContent;
import dev.mcpkit.core.schema.TextResourceContents;
import dev.mcpkit.core.schema.Tool;
import dev.mcpkit.core.testing.LoopbackPorts;
import dev.mcpkit.gateway.GatewayNotice.Kind;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerResource;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** What the gateway does when upstreams collide, are down, stay silent, or use names it must change. */
class GatewayFailuresTest {

  @Test
  void aCollisionIsReportedAndTheFirstUpstreamKeepsTheName() throws Exception {
    try (McpHttpServer a = Upstreams.remote(); McpHttpServer b = Upstreams.other();
        Gateway gw = Gateway.builder()
            .upstream(Upstream.builder("a", Upstreams.http("a", a.endpoint().toString())).prefix("").build())
            .upstream(Upstream.builder("b", Upstreams.http("b", b.endpoint().toString())).prefix("").build())
            .build();
        McpHttpServer front = McpHttpServer.builder(gw.server()).port(0).build().start();
        McpClient c = McpClient.connect(front.endpoint().toString())) {
      assertThat(gw.notices()).containsExactly(new GatewayNotice(Kind.COLLISION, "b", "tool 'echo' of upstream 'b'"
          + " is not served: upstream 'a' already serves that name (give one of them another prefix)"));
      assertThat(c.listAllTools()).extracting(Tool::name).containsExactly("echo", "hang", "steps");
      assertThat(((TextContent) c.callTool("echo", Map.of("text", "x")).content().getFirst()).text())
          .isEqualTo("remote: x");
    }
  }

  @Test
  void aResourceUriServedByTwoUpstreamsIsRewrittenForTheSecond() throws Exception {
    McpServer first = McpServer.builder().resource(ServerResource.builder("docs://readme", "readme").text("first")
        .build()).build();
    McpServer second = McpServer.builder().resource(ServerResource.builder("docs://readme", "readme").text("second")
        .build()).build();
    try (McpHttpServer a = McpHttpServer.builder(first).port(0).build().start();
        McpHttpServer b = McpHttpServer.builder(second).port(0).build().start();
        Gateway gw = Gateway.builder().upstream(Upstream.http("a", a.endpoint().toString()))
            .upstream(Upstream.http("b b", b.endpoint().toString())).build();
        McpHttpServer front = McpHttpServer.builder(gw.server()).port(0).build().start();
        McpClient c = McpClient.connect(front.endpoint().toString())) {
      String rewritten = "mcpkit-gateway://b%20b/docs%3A%2F%2Freadme";
      assertThat(gw.notices()).containsExactly(new GatewayNotice(Kind.COLLISION, "b b", "resource 'docs://readme' of"
          + " upstream 'b b' is served as '" + rewritten + "': upstream 'a' already serves that URI"));
      assertThat(c.listAllResources()).extracting(Resource::uri).containsExactly("docs://readme", rewritten);
      var kept = (TextResourceContents) c.readResource("docs://readme").contents().getFirst();
      assertThat(kept.text()).isEqualTo("first");
      var moved = (TextResourceContents) c.readResource(rewritten).contents().getFirst();
      assertThat(moved.text()).isEqualTo("second");
      assertThat(moved.uri()).as("the contents name the URI that was read").isEqualTo(rewritten);
    }
  }

  @Test
  void anUpstreamDownAtStartIsReportedAndItsNamesGetAClearError() throws Exception {
    int closedPort = LoopbackPorts.free();
    try (McpHttpServer up = Upstreams.other();
        Gateway gw = Gateway.builder()
            .upstream(Upstream.http("down", "http://127.0.0.1:" + closedPort + "/mcp"))
            .upstream(Upstream.http("up", up.endpoint().toString()))
            .build();
        McpHttpServer front = McpHttpServer.builder(gw.server()).port(0).build().start()) {
      assertThat(gw.notices()).singleElement().satisfies(n -> {
        assertThat(n.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(n.upstream()).isEqualTo("down");
      });
      assertThat(gw.upstreams()).extracting(UpstreamStatus::available).containsExactly(false, true);
      for (ProtocolVersion v : List.of(ProtocolVersion.V2026_07_28, ProtocolVersion.V2025_11_25)) {
        try (McpClient c = McpClient.builder().url(front.endpoint().toString()).protocolVersion(v).connect()) {
          assertThat(c.listAllTools()).extracting(Tool::name).containsExactly("up__echo");
          assertThat(((TextContent) c.callTool("up__echo", Map.of("text", "x")).content().getFirst()).text())
              .isEqualTo("other: x");
          assertThatThrownBy(() -> c.callTool("down__anything", Map.of()))
              .isInstanceOfSatisfying(McpRpcException.class, e -> {
                assertThat(e.code()).isEqualTo(-32603);
                assertThat(e.serverMessage()).startsWith("upstream 'down' is unavailable: ");
                assertThat(e.data().path("upstream").asString()).isEqualTo("down");
              });
          assertThatThrownBy(() -> c.callTool("elsewhere__x", Map.of()))
              .isInstanceOfSatisfying(McpRpcException.class, e -> assertThat(e.serverMessage())
                  .isEqualTo("Unknown tool: elsewhere__x"));
        }
      }
    }
  }

  @Test
  void anUpstreamThatAcceptsButNeverAnswersIsUnavailableWithinItsTimeout() throws Exception {
    List<Socket> held = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor = Thread.ofVirtual().start(() -> {
        try {
          while (true) {
            held.add(silent.accept()); // read nothing, answer nothing
          }
        } catch (Exception e) {
          // closed at the end of the test
        }
      });
      try (Gateway gw = Gateway.builder().upstream(Upstream.builder("mute", Upstreams.http("mute",
          "http://127.0.0.1:" + silent.getLocalPort() + "/mcp")).connectTimeout(Duration.ofSeconds(1)).build())
          .build()) {
        assertThat(gw.notices()).singleElement().satisfies(n -> {
          assertThat(n.kind()).isEqualTo(Kind.UNAVAILABLE);
          assertThat(n.message()).contains("did not answer within 1 s");
        });
      } finally {
        silent.close();
        acceptor.join(5_000);
        for (Socket s : held) {
          s.close();
        }
      }
    }
  }

  @Test
  void namesOutsideTheAllowedCharactersOrTooLongAreChangedAndReported() throws Exception {
    String longName = "t".repeat(150);
    McpServer odd = McpServer.builder()
        .tool(ServerTool.of("say hi", "a space", call -> ToolResults.text("hi")))
        .tool(ServerTool.of(longName, "long", call -> ToolResults.text("long")))
        .tool(ServerTool.of("esc\u001b[2J", "a terminal escape in its name", call -> ToolResults.text("esc")))
        .build();
    try (McpHttpServer up = McpHttpServer.builder(odd).port(0).build().start();
        Gateway gw = Gateway.builder().separator(".").upstream(Upstream.http("odd", up.endpoint().toString())).build();
        McpHttpServer front = McpHttpServer.builder(gw.server()).port(0).build().start();
        McpClient c = McpClient.connect(front.endpoint().toString())) {
      List<String> names = c.listAllTools().stream().map(Tool::name).toList();
      assertThat(names).hasSize(3).contains("odd.say_hi", "odd.esc__2J");
      String shortened = names.get(1);
      assertThat(shortened).hasSize(128).matches("odd\\.t{115}-[0-9a-f]{8}");
      assertThat(gw.notices()).extracting(GatewayNotice::kind).containsExactly(Kind.RENAMED, Kind.SHORTENED,
          Kind.RENAMED);
      // the upstream's name is shown escaped in the notice (and so in the log), never as a raw escape sequence
      assertThat(gw.notices().get(2).message()).startsWith("tool 'esc\\u{1b}[2J' is served as 'odd.esc__2J'")
          .doesNotContain("\u001b");
      assertThat(((TextContent) c.callTool("odd.esc__2J", Map.of()).content().getFirst()).text()).isEqualTo("esc");
      // calls go upstream under the upstream's own names
      assertThat(((TextContent) c.callTool("odd.say_hi", Map.of()).content().getFirst()).text()).isEqualTo("hi");
      assertThat(((TextContent) c.callTool(shortened, Map.of()).content().getFirst()).text()).isEqualTo("long");
    }
  }

  @Test
  void aDownstreamCancellationCancelsTheUpstreamCall() throws Exception {
    try (McpHttpServer up = Upstreams.remote();
        Gateway gw = Gateway.builder().upstream(Upstream.http("r", up.endpoint().toString())).build();
        McpHttpServer front = McpHttpServer.builder(gw.server()).port(0).build().start()) {
      for (ProtocolVersion v : List.of(ProtocolVersion.V2026_07_28, ProtocolVersion.V2025_11_25)) {
        try (McpClient c = McpClient.builder().url(front.endpoint().toString()).protocolVersion(v).connect()) {
          int started = Upstreams.STARTED.get();
          int interrupted = Upstreams.INTERRUPTED.get();
          var call = c.callToolAsync("r__hang", dev.mcpkit.core.json.Json.object(),
              dev.mcpkit.client.RequestOptions.defaults());
          Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Upstreams.STARTED.get() > started);
          call.cancel(true);
          Awaitility.await(v + ": the upstream call is cancelled").atMost(Duration.ofSeconds(20))
              .until(() -> Upstreams.INTERRUPTED.get() > interrupted);
        }
      }
    }
  }

  @Test
  void anUpstreamThatDiesMidCallIsAnErrorNamingIt() throws Exception {
    try (Gateway gw = Gateway.builder().upstream(Upstream.stdio("local", Upstreams.stdioArgv())).build();
        McpHttpServer front = McpHttpServer.builder(gw.server()).port(0).build().start();
        McpClient c = McpClient.connect(front.endpoint().toString())) {
      assertThat(((TextContent) c.callTool("local__echo", Map.of("text", "x")).content().getFirst()).text())
          .isEqualTo("local: x");
      for (String tool : List.of("local__die", "local__echo")) { // the call in flight, then the next one
        assertThatThrownBy(() -> c.callTool(tool, Map.of()))
            .isInstanceOfSatisfying(McpRpcException.class, e -> {
              assertThat(e.code()).isEqualTo(-32603);
              // the rest (the exit code, the command line) is cut by the server's scrubber here, since this
              // test's command line names a Java class
              assertThat(e.serverMessage()).as(tool).startsWith("upstream 'local' is unavailable");
              assertThat(e.data().path("upstream").asString()).isEqualTo("local");
            });
      }
    }
  }

  @Test
  void substitutedSecretsNeverShowInNoticesOrErrors(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    int closedPort = LoopbackPorts.free();
    String secret = System.getenv("HOME");
    java.nio.file.Path file = dir.resolve("gateway.json");
    java.nio.file.Files.writeString(file, "{\"mcpServers\": {\"s\": {\"type\": \"http\", \"url\": "
        + "\"http://127.0.0.1:" + closedPort + "/mcp?key=${env:HOME}\"}}}");
    try (Gateway gw = GatewayConfig.read(file).builder().build();
        McpHttpServer front = McpHttpServer.builder(gw.server()).port(0).build().start();
        McpClient c = McpClient.connect(front.endpoint().toString())) {
      String notice = gw.notices().getFirst().message();
      assertThat(notice).contains("***").doesNotContain("key=" + secret)
          .doesNotContain(java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8));
      assertThatThrownBy(() -> c.callTool("s__x", Map.of())).isInstanceOfSatisfying(McpRpcException.class,
          e -> assertThat(e.serverMessage()).contains("***").doesNotContain("key=" + secret));
    }
  }

  @Test
  void aStreamableHttpUpstreamOfThe2025EraServesBothDownstreamEras() throws Exception {
    McpServer old = McpServer.builder().name("old").versions(java.util.Set.of(ProtocolVersion.V2025_11_25,
        ProtocolVersion.V2025_06_18)).tool(Upstreams.echo("old")).build();
    try (McpHttpServer up = McpHttpServer.builder(old).port(0).build().start();
        Gateway gw = Gateway.builder().upstream(Upstream.http("old", up.endpoint().toString())).build();
        McpHttpServer front = McpHttpServer.builder(gw.server()).port(0).build().start()) {
      assertThat(gw.upstreams()).singleElement().satisfies(s -> {
        assertThat(s.transport()).isEqualTo("streamable-http");
        assertThat(s.protocolVersion()).isEqualTo("2025-11-25");
      });
      for (ProtocolVersion v : List.of(ProtocolVersion.V2026_07_28, ProtocolVersion.V2025_11_25)) {
        try (McpClient c = McpClient.builder().url(front.endpoint().toString()).protocolVersion(v).connect()) {
          assertThat(((TextContent) c.callTool("old__echo", Map.of("text", v.id())).content().getFirst()).text())
              .isEqualTo("old: " + v.id());
        }
      }
    }
  }
}
