package dev.mcpkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.schema.ToolAnnotations;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Toxic flows in what a gateway serves: three upstreams that together read untrusted content, read
 * private data and send data out give a {@code TOXIC_FLOW} notice naming the served tools; two of them give none.
 */
class GatewayToxicFlowTest {

  private static McpHttpServer serve(String name, String tool, String description, ToolAnnotations ann)
      throws Exception {
    ServerTool.Builder t = ServerTool.builder(tool).description(description).handler(c -> ToolResults.text("ok"));
    if (ann != null) {
      t.annotations(ann);
    }
    return McpHttpServer.builder(McpServer.builder().name(name).version("1").tool(t.build()).build()).port(0).build()
        .start();
  }

  @Test
  void threeUpstreamsThatMakeAToxicFlowAreANoticeAndTwoAreNot() throws Exception {
    ToolAnnotations readOnly = new ToolAnnotations(null, true, null, null, null);
    try (McpHttpServer web = serve("web", "fetch", "Fetches a URL.", new ToolAnnotations(null, true, null, null, true));
        McpHttpServer files = serve("files", "read_file", "Reads a file of the workspace.", readOnly);
        McpHttpServer mail = serve("mail", "send_email", "Sends an e-mail to a recipient.", null)) {
      try (Gateway gw = Gateway.builder().upstream(Upstream.http("web", web.endpoint().toString()))
          .upstream(Upstream.http("files", files.endpoint().toString()))
          .upstream(Upstream.http("mail", mail.endpoint().toString())).build()) {
        assertThat(gw.notices()).filteredOn(n -> n.kind() == GatewayNotice.Kind.TOXIC_FLOW).singleElement()
            .satisfies(n -> {
              assertThat(n.upstream()).isEqualTo("web, files, mail");
              assertThat(n.message()).startsWith("MCP-G070 (medium) Toxic flow: untrusted input, private data and a"
                  + " way out: reads untrusted content: web__fetch (web); reads private data: files__read_file"
                  + " (files); sends data out: mail__send_email (mail).");
            });
      }
      try (Gateway gw = Gateway.builder().upstream(Upstream.http("web", web.endpoint().toString()))
          .upstream(Upstream.http("files", files.endpoint().toString())).build()) {
        assertThat(gw.notices()).extracting(GatewayNotice::kind).doesNotContain(GatewayNotice.Kind.TOXIC_FLOW);
      }
    }
  }
}
