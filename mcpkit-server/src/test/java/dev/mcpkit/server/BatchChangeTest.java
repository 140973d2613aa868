package dev.mcpkit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@link McpServer#batch}: many additions and removals, one notification per list that changed. */
class BatchChangeTest {

  private static ServerTool tool(String name) {
    return ServerTool.of(name, "a tool", call -> ToolResults.text(name));
  }

  @Test
  void aBatchIsOneChangePerListAndSeenWhole() {
    McpServer server = McpServer.builder().tool(tool("a")).tool(tool("b"))
        .resourceTemplate(ServerResourceTemplate.builder("t://{x}", "t").reader(r -> List.of()).build()).build();
    List<ChangeHub.Kind> seen = new CopyOnWriteArrayList<>();
    List<List<String>> toolsWhenTold = new CopyOnWriteArrayList<>();
    server.changes().register((kind, uri) -> {
      seen.add(kind);
      toolsWhenTold.add(server.tools().stream().map(ServerTool::name).toList());
    });

    server.batch(() -> {
      server.removeTool("a");
      server.removeTool("b");
      server.addTool(tool("c"));
      server.addTool(tool("d"));
      assertThat(server.removeResourceTemplate("t://{x}")).isTrue();
    });

    assertThat(seen).containsExactlyInAnyOrder(ChangeHub.Kind.TOOLS, ChangeHub.Kind.RESOURCES);
    assertThat(toolsWhenTold.getFirst()).containsExactly("c", "d"); // told after the whole batch
    assertThat(server.resourceTemplates()).isEmpty();
    assertThat(server.removeResourceTemplate("t://{x}")).isFalse();

    seen.clear();
    server.addTool(tool("e")); // outside a batch: told at once, as before
    assertThat(seen).containsExactly(ChangeHub.Kind.TOOLS);
  }

  @Test
  void aFailingBatchStillTellsWhatItChanged() {
    McpServer server = McpServer.builder().tool(tool("a")).build();
    List<ChangeHub.Kind> seen = new CopyOnWriteArrayList<>();
    server.changes().register((kind, uri) -> seen.add(kind));
    assertThatThrownBy(() -> server.batch(() -> {
      server.removeTool("a");
      server.batch(() -> server.addPrompt(ServerPrompt.builder("p").handler(r -> null).build())); // joins the outer
      throw new IllegalStateException("boom");
    })).hasMessage("boom");
    assertThat(seen).containsExactlyInAnyOrder(ChangeHub.Kind.TOOLS, ChangeHub.Kind.PROMPTS);
    assertThat(server.tools()).isEmpty();
  }
}
