package dev.mcpkit.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.module.ModuleDescriptor.Requires;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library modules' descriptors hide their internals from other modules: code in another module that imports an
 * {@code internal} package does not compile, while the API packages do. The probe is compiled by javac against the
 * modules as built (this test's class path, used as a module path), as a user's modular application would be.
 */
class ModuleBoundaryTest {

  @TempDir Path dir;

  @Test
  void theApiPackagesOfEveryLibraryModuleCompileFromAnotherModule() throws IOException {
    String result = compile("""
        import dev.mcpkit.auth.client.OAuthClient;
        import dev.mcpkit.auth.resource.ResourceServerGuard;
        import dev.mcpkit.auth.server.AuthorizationServer;
        import dev.mcpkit.client.McpClient;
        import dev.mcpkit.core.json.Json;
        import dev.mcpkit.core.net.Hosts;
        import dev.mcpkit.server.McpServer;
        import dev.mcpkit.server.http.McpHttpServer;
        import dev.mcpkit.store.Store;
        class Probe { McpServer s; McpClient c; OAuthClient o; ResourceServerGuard g; AuthorizationServer a;
          McpHttpServer h; Store st; boolean l = Hosts.isLoopback("::1"); int j = Json.MAX_NESTING_DEPTH; }
        """);
    assertThat(result).isEmpty();
  }

  @Test
  void theServersInternalsDoNotCompileFromAnotherModule() throws IOException {
    assertThat(compile("import dev.mcpkit.server.internal.Dispatcher; class Probe { Dispatcher d; }"))
        .contains("package dev.mcpkit.server.internal is not visible");
  }

  @Test
  void theClientsInternalsDoNotCompileFromAnotherModule() throws IOException {
    assertThat(compile("import dev.mcpkit.client.internal.Rpc; class Probe { Rpc r; }"))
        .contains("package dev.mcpkit.client.internal is not visible");
  }

  /**
   * On the module path at run time, too: an McpServer answers over stdio (records written by Jackson, params checked
   * against the bundled schemas, which are resources of mcpkit-core read from another module's code).
   */
  @Test
  void aServerRunsOnTheModulePath() throws Exception {
    assertThat(compile("""
        import dev.mcpkit.server.McpServer;
        import dev.mcpkit.server.stdio.StdioServer;
        import java.io.ByteArrayInputStream;
        import java.io.ByteArrayOutputStream;
        import java.nio.charset.StandardCharsets;
        public class Probe {
          public static void main(String[] args) {
            String in = String.join("\\n",
                "{\\"jsonrpc\\":\\"2.0\\",\\"id\\":1,\\"method\\":\\"initialize\\",\\"params\\":{\\"protocolVersion\\":\\"2025-11-25\\",\\"capabilities\\":{},\\"clientInfo\\":{\\"name\\":\\"p\\",\\"version\\":\\"1\\"}}}",
                "{\\"jsonrpc\\":\\"2.0\\",\\"method\\":\\"notifications/initialized\\"}",
                "{\\"jsonrpc\\":\\"2.0\\",\\"id\\":2,\\"method\\":\\"tools/list\\",\\"params\\":{\\"cursor\\":7}}", "");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new StdioServer(McpServer.builder().name("probe").enableTools().build(),
                new ByteArrayInputStream(in.getBytes(StandardCharsets.UTF_8)), out).run();
            System.out.print(out.toString(StandardCharsets.UTF_8));
          }
        }
        """)).isEmpty();
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--module-path", modulePath() + File.pathSeparator + dir.resolve("out"), "-m", "probe/probe.Probe")
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(output).contains("\"id\":1,\"result\":{").contains("\"serverInfo\":{\"name\":\"probe\"")
        .contains("\"id\":2,\"error\":{\"code\":-32602").doesNotContain("Exception");
  }

  /** Compiles one class in a module that requires mcpkit-auth (and so every library module); returns javac's errors. */
  private String compile(String source) throws IOException {
    Path src = dir.resolve("src");
    Files.createDirectories(src.resolve("probe"));
    Files.writeString(src.resolve("module-info.java"), "module probe { requires dev.mcpkit.auth; }");
    Files.writeString(src.resolve("probe/Probe.java"), "package probe;\n" + source);
    List<String> args = new ArrayList<>(List.of("-d", dir.resolve("out").toString(), "--module-path", modulePath(),
        "-Xlint:none"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter errors = new StringWriter();
    boolean ok = javac.getTask(errors, null, null, args, null,
        javac.getStandardFileManager(null, null, null).getJavaFileObjects(
            src.resolve("module-info.java"), src.resolve("probe/Probe.java"))).call();
    return ok ? "" : errors.toString();
  }

  /**
   * The module path a user's application would have: mcpkit-auth and what it requires, transitively, found among
   * this test's class path entries (test tools are left out: as automatic modules they would be read by everyone).
   */
  private static String modulePath() {
    Map<String, ModuleReference> byName = new HashMap<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      try {
        ModuleFinder.of(Path.of(entry)).findAll().forEach(m -> byName.putIfAbsent(m.descriptor().name(), m));
      } catch (RuntimeException e) { // FindException: no module name can be derived for this entry
      }
    }
    Set<String> needed = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of("dev.mcpkit.auth"));
    while (!todo.isEmpty()) {
      ModuleReference m = byName.get(todo.pop());
      if (m != null && needed.add(m.descriptor().name())) {
        m.descriptor().requires().stream().filter(r -> !r.modifiers().contains(Requires.Modifier.STATIC))
            .forEach(r -> todo.push(r.name()));
      }
    }
    return needed.stream().map(n -> Path.of(byName.get(n).location().orElseThrow()).toString())
        .collect(Collectors.joining(File.pathSeparator));
  }

}
