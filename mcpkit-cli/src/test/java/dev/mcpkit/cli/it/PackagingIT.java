package dev.mcpkit.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * What ships in the runnable jar: none of the stacks DESIGN.md rules out (Project Reactor, the
 * servlet API, the official MCP Java SDK, Spring), and the pieces it promises.
 */
class PackagingIT {

  @Test
  void theJarHoldsNoReactorNoServletApiNoOfficialSdk() throws Exception {
    try (JarFile jar = new JarFile(McpkitProcess.jar().toFile())) {
      List<String> names = jar.stream().map(e -> e.getName()).toList();
      assertThat(names).filteredOn(n -> n.startsWith("reactor/")).as("Project Reactor").isEmpty();
      assertThat(names).filteredOn(n -> n.startsWith("jakarta/servlet/") || n.startsWith("javax/servlet/"))
          .as("servlet API").isEmpty();
      assertThat(names).filteredOn(n -> n.startsWith("io/modelcontextprotocol/")).as("official MCP SDK").isEmpty();
      assertThat(names).filteredOn(n -> n.startsWith("org/springframework/")).as("Spring").isEmpty();
      assertThat(names).contains("dev/mcpkit/server/McpServer.class", "org/eclipse/jetty/server/Server.class",
          "tools/jackson/databind/ObjectMapper.class", "picocli/CommandLine.class");
    }
  }
}
