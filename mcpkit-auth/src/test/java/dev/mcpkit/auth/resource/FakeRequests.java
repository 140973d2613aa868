package dev.mcpkit.auth.resource;

import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import dev.mcpkit.server.testing.HttpTestClient;

/** Puts a guard in front of a one-tool server on an ephemeral port and sends it one bearer request. */
final class FakeRequests {

  private FakeRequests() {}

  /** The HTTP status a {@code tools/call} with {@code token} gets through {@code guard}. */
  static int authenticate(ResourceServerGuard guard, String token) {
    McpServer server = McpServer.builder().tool(ServerTool.builder("t").handler(c -> ToolResults.text("ok")).build())
        .build();
    try (McpHttpServer http = McpHttpServer.builder(server).port(0).guard(guard).build().start();
        HttpTestClient c = new HttpTestClient(http)) {
      return c.call(1, "t", null).header("Authorization", "Bearer " + token).send().status();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
