package dev.mcpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.testing.Repo;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.stdio.StdioServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The README's tool example is compiled from the README itself, then served over stdio and called:
 * if the API or the README changes so that the example breaks, this test fails.
 */
class ReadmeExampleTest {

  @Test
  void readmeToolExampleCompilesAndWorks() throws Exception {
    String readme = Files.readString(Repo.root().resolve("README.md"));
    Matcher m = Pattern.compile("## A tool in a few lines\\s+```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(m.find()).as("the README has the tool example").isTrue();
    String source = m.group(1);

    Path dir = Files.createTempDirectory("readme-example");
    Files.writeString(dir.resolve("Hello.java"), source);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int rc = javac.run(null, diagnostics, diagnostics, "--release", "21", "-d", dir.toString(),
        "-cp", System.getProperty("java.class.path"), dir.resolve("Hello.java").toString());
    assertThat(rc).as("javac output:\n" + diagnostics).isZero();

    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      McpServer server = (McpServer) loader.loadClass("Hello").getMethod("server").invoke(null);
      String input = String.join("\n",
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
              + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}",
          "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
          "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"greet\",\"arguments\":{\"name\":\"Ada\"}}}",
          "");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      new StdioServer(server, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out).run();
      List<JsonNode> lines = out.toString(StandardCharsets.UTF_8).lines().map(Json::parse).toList();
      JsonNode call = lines.stream().filter(l -> l.path("id").asInt() == 2).findFirst().orElseThrow();
      assertThat(call.path("result").path("content").get(0).path("text").asString()).isEqualTo("Hello, Ada!");
    }
  }
}
