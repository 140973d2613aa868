package dev.mcpkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.client.ClientHandlers;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.McpRpcException;
import dev.mcpkit.client.RequestOptions;
import dev.mcpkit.client.ServerNotification;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.CreateMessageRequestParams;
import dev.mcpkit.core.schema.CreateMessageResult;
import dev.mcpkit.core.schema.ElicitRequestFormParams;
import dev.mcpkit.core.schema.ElicitRequestParams;
import dev.mcpkit.core.schema.ElicitRequestURLParams;
import dev.mcpkit.core.schema.ElicitResult;
import dev.mcpkit.core.schema.GetPromptResult;
import dev.mcpkit.core.schema.LoggingLevel;
import dev.mcpkit.core.schema.PromptMessage;
import dev.mcpkit.core.schema.Role;
import dev.mcpkit.core.schema.Root;
import dev.mcpkit.core.schema.SamplingContent;
import dev.mcpkit.core.schema.SamplingMessage;
import dev.mcpkit.core.schema.TextContent;
import dev.mcpkit.core.schema.TextResourceContents;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ResourceNotFoundException;
import dev.mcpkit.server.ServerPrompt;
import dev.mcpkit.server.ServerResource;
import dev.mcpkit.server.ServerResourceTemplate;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each upstream era × each downstream era (2025-11-25 session, 2026-07-28 stateless), on real loopback servers: a
 * tool call, a resource read (and not found in the downstream era's code), a prompt, progress, logging, ping (2025),
 * cancellation, and the upstream's elicitation, sampling and roots requests answered by the downstream client in its
 * own form (a 2025 server-to-client request, or an {@code InputRequiredResult} and a retry).
 */
class GatewayEraMatrixTest {

  static final ProtocolVersion OLD = ProtocolVersion.V2025_11_25;
  static final ProtocolVersion NEW = ProtocolVersion.V2026_07_28;

  /** Started and cancelled {@code hang} calls of the matrix upstreams. */
  static final AtomicInteger STARTED = new AtomicInteger();
  static final AtomicInteger CANCELLED = new AtomicInteger();

  static Stream<Arguments> eras() {
    return Stream.of(Arguments.of(OLD, OLD), Arguments.of(OLD, NEW), Arguments.of(NEW, OLD), Arguments.of(NEW, NEW));
  }

  /** An upstream that serves only the era of {@code version}. */
  static McpHttpServer upstream(ProtocolVersion version) throws Exception {
    return McpHttpServer.builder(server(version)).port(0).build().start();
  }

  /** The matrix upstream's server: only the era of {@code version}. */
  static McpServer server(ProtocolVersion version) {
    Set<ProtocolVersion> versions = version == NEW ? Set.of(NEW) : Set.of(OLD, ProtocolVersion.V2025_06_18);
    McpServer server = McpServer.builder().name("up").version("1").versions(versions)
        .tool(Upstreams.echo("up"))
        .tool(ServerTool.of("steps", "Reports progress", call -> {
          for (int i = 1; i <= 3; i++) {
            call.progress(i, 3.0, "step " + i);
          }
          return ToolResults.text("done");
        }))
        .tool(ServerTool.of("token", "Says whether the request carries a progress token", call ->
            ToolResults.text(call.meta().has("progressToken") ? "token" : "none")))
        .tool(ServerTool.of("ask", "Asks the user's name", call -> {
          ElicitResult r = call.elicit(ElicitRequestFormParams.of("Your name?", (tools.jackson.databind.node.ObjectNode)
              Json.parse("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]}")));
          return ToolResults.text(r.action() + " " + (r.content() == null ? "" : r.content().path("name").asString()));
        }))
        .tool(ServerTool.of("open", "Sends the user to a page (URL-mode elicitation)", call -> {
          ElicitResult r = call.elicit(new ElicitRequestURLParams("url", "Sign in", "https://example.com/login",
              version == NEW ? null : "e-1", null, null)); // 2025-11-25 has an elicitationId, 2026-07-28 none
          return ToolResults.text(r.action());
        }))
        .tool(ServerTool.of("think", "Asks the client's model", call -> {
          CreateMessageResult r = call.sample(CreateMessageRequestParams.of(List.of(new SamplingMessage(Role.USER,
              SamplingContent.of(new TextContent("hi", null, null)), null)), 10));
          return ToolResults.text(r.model() + ": " + ((TextContent) r.content().blocks().getFirst()).text());
        }))
        .tool(ServerTool.of("roots", "Lists the client's roots", call ->
            ToolResults.text(call.listRoots().roots().getFirst().uri())))
        .tool(ServerTool.of("log", "Logs, then answers", call -> {
          call.log(LoggingLevel.DEBUG, "up", "too fine");
          call.log(LoggingLevel.WARNING, "up", "working");
          return ToolResults.text("logged");
        }))
        .tool(ServerTool.of("hang", "Never answers", call -> {
          STARTED.incrementAndGet();
          try {
            Thread.sleep(Long.MAX_VALUE);
          } finally {
            CANCELLED.incrementAndGet();
          }
          return ToolResults.text("unreachable");
        }))
        .resource(ServerResource.builder("m://doc", "doc").mimeType("text/plain").text("the doc").build())
        .resourceTemplate(ServerResourceTemplate.builder("m://items/{id}", "item").reader(read -> {
          throw new ResourceNotFoundException(read.uri());
        }).build())
        .prompt(ServerPrompt.builder("greet").handler(req -> GetPromptResult.of(null, PromptMessage.user("Hello, Ada")))
            .build())
        .build();
    return server;
  }

  /** A downstream client that answers every kind of question, and keeps the log messages it gets. */
  static McpClient client(McpHttpServer front, ProtocolVersion version, List<ServerNotification.LogMessage> logs,
      List<ElicitRequestParams> asked) {
    ClientHandlers handlers = ClientHandlers.none().withUrlElicitation(true)
        .withElicitation(p -> {
          asked.add(p);
          return p instanceof ElicitRequestURLParams ? new ElicitResult("accept", null, null)
              : new ElicitResult("accept", Json.object().put("name", "Ada"), null);
        })
        .withSampling(p -> new CreateMessageResult(Role.ASSISTANT, SamplingContent.of(new TextContent(
            "hello from " + ((TextContent) p.messages().getFirst().content().blocks().getFirst()).text(), null, null)),
            "model-" + version.id(), null, null))
        .withRoots(List.of(new Root("file:///work", "work", null)));
    return McpClient.builder().url(front.endpoint().toString()).protocolVersion(version).handlers(handlers)
        .onNotification(n -> {
          if (n instanceof ServerNotification.LogMessage m) {
            logs.add(m);
          }
        }).connect();
  }

  static String text(dev.mcpkit.core.schema.CallToolResult r) {
    return ((TextContent) r.content().getFirst()).text();
  }

  @ParameterizedTest(name = "upstream {0}, downstream {1}")
  @MethodSource("eras")
  void everythingInBetweenPassesThrough(ProtocolVersion up, ProtocolVersion down) throws Exception {
    List<ServerNotification.LogMessage> logs = new CopyOnWriteArrayList<>();
    List<ElicitRequestParams> asked = new CopyOnWriteArrayList<>();
    try (McpHttpServer upstream = upstream(up);
        Gateway gw = Gateway.builder().upstream(Upstream.http("u", upstream.endpoint().toString())).build();
        McpHttpServer front = McpHttpServer.builder(gw.server()).port(0).build().start();
        McpClient c = client(front, down, logs, asked)) {
      assertThat(c.serverInfo().protocolVersion()).isEqualTo(down);
      assertThat(text(c.callTool("u__echo", Map.of("text", "x")))).isEqualTo("up: x");

      // a resource read; not found in the downstream client's era
      assertThat(((TextResourceContents) c.readResource("m://doc").contents().getFirst()).text()).isEqualTo("the doc");
      assertThatThrownBy(() -> c.readResource("m://items/missing")).isInstanceOfSatisfying(McpRpcException.class,
          e -> assertThat(e.code()).isEqualTo(down == NEW ? -32602 : -32002));

      // a prompt
      assertThat(((TextContent) c.getPrompt("u__greet", Map.of()).messages().getFirst().content()).text())
          .isEqualTo("Hello, Ada");

      // progress reaches the caller's progress token
      List<Double> progress = new CopyOnWriteArrayList<>();
      assertThat(text(c.callTool("u__steps", Json.object(), RequestOptions.defaults()
          .withProgress(p -> progress.add(p.progress()))))).isEqualTo("done");
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> progress.size() == 3);
      assertThat(progress).containsExactly(1.0, 2.0, 3.0);
      // the upstream is asked for progress only when the caller asked for it (a progress token makes an upstream
      // answer a plain call as an event stream, at a cost)
      assertThat(text(c.callTool("u__token", Map.of()))).isEqualTo("none");
      assertThat(text(c.callTool("u__token", Json.object(), RequestOptions.defaults().withProgress(p -> { }))))
          .isEqualTo("token");

      // the upstream's questions, answered by the downstream client in its era
      assertThat(text(c.callTool("u__ask", Map.of()))).isEqualTo("accept Ada");
      assertThat(text(c.callTool("u__open", Map.of()))).isEqualTo("accept");
      // URL mode: an elicitationId in the 2025 era only (the gateway makes one up for a 2026 upstream's request)
      assertThat(asked.getLast()).isInstanceOfSatisfying(ElicitRequestURLParams.class, u -> {
        assertThat(u.url()).isEqualTo("https://example.com/login");
        if (down == NEW) {
          assertThat(u.elicitationId()).isNull();
        } else {
          assertThat(u.elicitationId()).isEqualTo(up == OLD ? "e-1" : u.elicitationId()).startsWith(up == OLD ? "e-1" : "gw-");
        }
      });
      assertThat(text(c.callTool("u__think", Map.of()))).isEqualTo("model-" + down.id() + ": hello from hi");
      assertThat(text(c.callTool("u__roots", Map.of()))).isEqualTo("file:///work");

      // logging: declared, and the upstream's messages reach the caller at the level it asked for
      assertThat(c.serverInfo().capabilities().logging()).isNotNull();
      c.setLoggingLevel(LoggingLevel.INFO);
      assertThat(text(c.callTool("u__log", Map.of()))).isEqualTo("logged");
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !logs.isEmpty());
      assertThat(logs).extracting(m -> m.data().asString()).containsExactly("working");

      if (down == OLD) {
        c.ping(); // 2025 only: answered by the gateway itself
      }

      // a downstream cancellation cancels the upstream call
      int started = STARTED.get();
      int cancelled = CANCELLED.get();
      var call = c.callToolAsync("u__hang", Json.object(), RequestOptions.defaults());
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> STARTED.get() > started);
      call.cancel(true);
      Awaitility.await("the upstream call is cancelled").atMost(Duration.ofSeconds(20))
          .until(() -> CANCELLED.get() > cancelled);
    }
  }

  /** A 2025-era stdio upstream with {@code ask} (the matrix upstream's tools), for {@link #stdioArgv}. */
  public static void main(String[] args) throws Exception {
    dev.mcpkit.server.stdio.StdioServer.serve(server(OLD));
  }

  /** A stdio upstream answers on one long-lived reader: its questions go to the one request in flight. */
  @org.junit.jupiter.api.Test
  void aStdioUpstreamsQuestionsReachTheCallerInItsEra() throws Exception {
    java.util.List<String> argv = new java.util.ArrayList<>(Upstreams.stdioArgv());
    argv.set(argv.size() - 1, GatewayEraMatrixTest.class.getName());
    try (Gateway gw = Gateway.builder().upstream(Upstream.stdio("s", argv)).build();
        McpHttpServer front = McpHttpServer.builder(gw.server()).port(0).build().start()) {
      for (ProtocolVersion down : List.of(OLD, NEW)) {
        List<ServerNotification.LogMessage> logs = new CopyOnWriteArrayList<>();
        try (McpClient c = client(front, down, logs, new CopyOnWriteArrayList<>())) {
          assertThat(text(c.callTool("s__ask", Map.of()))).as(down.id()).isEqualTo("accept Ada");
          assertThat(text(c.callTool("s__roots", Map.of()))).as(down.id()).isEqualTo("file:///work");
          c.setLoggingLevel(LoggingLevel.INFO);
          assertThat(text(c.callTool("s__log", Map.of()))).isEqualTo("logged");
          Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !logs.isEmpty());
          assertThat(logs).extracting(m -> m.data().asString()).containsExactly("working");
        }
      }
    }
  }
}
