package dev.mcpkit.cli;

import static dev.mcpkit.cli.HostileServer.EVIL;
import static dev.mcpkit.cli.HostileServer.RAW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Hostile servers through the shaded jar: a hostile server on loopback cannot reach the terminal with
 * escapes (human output, {@code --json}, errors, {@code -v}, the sign-in texts), its token is sent
 * to no other path of its origin, a huge {@code expires_in} is clamped, a stdio server does not see
 * the environment's secrets, and secrets substituted into a config file are never printed.
 * {@code -Dmcpkit.jar=/path/to/old/mcpkit.jar} runs the same tests against another build.
 */
class HostileServerCliIT {

  @TempDir Path tmp;

  private static void assertNothingRaw(Cli.Result r) {
    assertThat(r.out()).as("stdout").doesNotContain(RAW);
    assertThat(r.err()).as("stderr").doesNotContain(RAW);
  }

  private static List<String> args(String... a) {
    return new ArrayList<>(List.of(a));
  }

  @Test
  void errorsResultsJsonAndFrameDumpsShowTheServersEscapesEscaped() throws Exception {
    try (HostileServer s = new HostileServer(false)) {
      Cli.Result list = Cli.run("list", s.url());
      assertThat(list.exit()).as(list.toString()).isEqualTo(ExitCodes.PROTOCOL);
      assertThat(list.err()).contains("listing tools failed", "osc\\u{1b}]52;c;aGk=\\u{7}", "csi\\u{9b}2J",
          "tag\\u{e0041}\\u{e007f}", "sep\\u{2028}");
      assertNothingRaw(list);

      Cli.Result error = Cli.run("call", s.url(), "tools/list");
      assertThat(error.exit()).as(error.toString()).isEqualTo(ExitCodes.PROTOCOL);
      assertThat(error.err()).contains("mcpkit: protocol error:", "clear\\u{1b}[2J", "osc8\\u{9d}8;;http://x\\u{9c}");
      assertNothingRaw(error);

      Cli.Result jsonError = Cli.run("call", "--json", s.url(), "tools/list");
      assertNothingRaw(jsonError);
      assertThat(Json.parse(jsonError.out()).path("error").path("message").asString()).contains("osc\\u{1b}]52;c;aGk=");

      Cli.Result call = Cli.run("call", s.url(), "tools/call", "--tool", "t");
      assertThat(call.exit()).as(call.toString()).isZero();
      assertThat(call.out()).contains("result osc\\u{1b}]52", "zw\\u{200b} rlo\\u{202e}", "fill\\u{3164}");
      assertNothingRaw(call);

      // --json: still valid JSON meaning exactly what the server said, but nothing non-printing travels raw.
      Cli.Result json = Cli.run("call", "--json", s.url(), "tools/call", "--tool", "t");
      assertThat(json.exit()).as(json.toString()).isZero();
      assertNothingRaw(json);
      JsonNode parsed = Json.parse(json.out());
      assertThat(parsed.path("content").get(0).path("text").asString()).isEqualTo("result " + EVIL);

      Cli.Result verbose = Cli.run("call", "-v", s.url(), "tools/call", "--tool", "t");
      assertThat(verbose.err()).contains("< {").contains("\\u009b2J");
      assertNothingRaw(verbose);
    }
  }

  @Test
  void signInTextsAreEscapedTheTokenStaysOnItsResourceAndAHugeExpiresInIsClamped() throws Exception {
    Path credentials = tmp.resolve("credentials.json");
    try (HostileServer s = new HostileServer(true)) {
      // No terminal: the suggested login command carries the server's scope, escaped.
      Cli.Result required = Cli.run("call", s.url(), "tools/list", "--credentials", credentials.toString());
      assertThat(required.exit()).as(required.toString()).isEqualTo(ExitCodes.AUTH_REQUIRED);
      assertThat(required.err()).contains("mcpkit login " + s.url() + " --scope", "read\\u{9b}2J\\u{9d}52;c;aGk=\\u{9c}");
      assertNothingRaw(required);

      // A "browser" that follows the authorization server's redirect back to mcpkit's loopback listener.
      Path browser = tmp.resolve("browser.sh");
      Files.writeString(browser, "#!/bin/sh\nexec curl -s -o /dev/null -L --max-redirs 3 \"$1\"\n");
      Files.setPosixFilePermissions(browser, PosixFilePermissions.fromString("rwx------"));
      Cli.Result login = Cli.run(Map.of("MCPKIT_BROWSER", browser.toString()),
          args("login", s.url(), "--credentials", credentials.toString()));
      assertThat(login.exit()).as(login.toString()).isZero();
      assertThat(login.out()).contains("client-osc\\u{1b}]52;c;aGk=\\u{7}", "scope-osc\\u{1b}]52", "tag\\u{e0041}");
      assertThat(login.err()).doesNotContain("overflow");
      assertNothingRaw(login);

      Cli.Result call = Cli.run("call", s.url(), "tools/call", "--tool", "t", "--credentials", credentials.toString());
      assertThat(call.exit()).as(call.toString()).isZero();
      assertThat(s.seen).contains("POST /mcp Bearer tok-1");

      // Another path of the same origin is another resource: the /mcp token is not sent there.
      Cli.Result other = Cli.run("call", s.origin + "/tenant-b/mcp", "tools/call", "--tool", "t", "--credentials",
          credentials.toString());
      assertThat(other.exit()).as(other.toString()).isEqualTo(ExitCodes.AUTH_REQUIRED);
      assertThat(s.seen).filteredOn(l -> l.contains("/tenant-b/")).isNotEmpty().noneMatch(l -> l.contains("Bearer"));
    }
  }

  @Test
  void aStdioServerSeesOnlyTheAllowListedEnvironmentUnlessInheritEnvIsGiven() throws Exception {
    Map<String, String> env = Map.of("MCPKIT_TEST_SECRET", "s3cr3t-value-1");
    // `env` as the "server": each line it prints is not JSON-RPC, so mcpkit quotes it in a warning.
    Cli.Result clean = Cli.run(env, args("list", "-e", "GIVEN=yes", "--timeout", "5s", "--", "env"));
    assertThat(clean.err()).contains("GIVEN=yes").doesNotContain("s3cr3t-value-1", "MCPKIT_TEST_SECRET");
    Cli.Result inherited = Cli.run(env, args("list", "--inherit-env", "--timeout", "5s", "--", "env"));
    assertThat(inherited.err()).contains("MCPKIT_TEST_SECRET=s3cr3t-value-1");
  }

  /**
   * A server of a config file gets only PATH, HOME, LANG, TZ and its entry's env, not the wider list a
   * command typed after -- gets (LOGNAME, USER, SHELL, ...), and never the CLI's own secrets.
   */
  @Test
  void aStdioServerOfAConfigFileSeesOnlyPathHomeLangTzAndItsEnv() throws Exception {
    Path config = tmp.resolve("env.json");
    Files.writeString(config, "{\"mcpServers\": {\"printer\": {\"command\": \"printenv\", \"env\": {\"GIVEN\": \"yes\"}}}}");
    Map<String, String> env = Map.of("MCPKIT_TEST_SECRET", "s3cr3t-value-2", "LOGNAME", "cli-test-logname");
    Cli.Result fromConfig = Cli.run(env, args("list", "--timeout", "5s", "--config", config.toString(), "printer"));
    assertThat(fromConfig.err()).contains("GIVEN=yes", "PATH=")
        .doesNotContain("s3cr3t-value-2", "MCPKIT_TEST_SECRET", "cli-test-logname");
    Cli.Result typed = Cli.run(env, args("list", "--timeout", "5s", "--", "env"));
    assertThat(typed.err()).as("a typed command keeps the SAFE list").contains("LOGNAME=cli-test-logname")
        .doesNotContain("s3cr3t-value-2");
  }

  @Test
  void secretsSubstitutedIntoAConfigFileAreNeverPrinted() throws Exception {
    Path config = tmp.resolve("mcp.json");
    Files.writeString(config, """
        {"mcpServers": {
          "local": {"command": "/nonexistent/mcp-server", "args": ["--token", "${env:MCPKIT_TEST_TOKEN}"]},
          "remote": {"url": "http://127.0.0.1:1/mcp?key=${MCPKIT_TEST_TOKEN}"},
          "prompted": {"command": "/nonexistent/mcp-server", "args": ["--key=${input:key}"]}
        }}""");
    Map<String, String> env = Map.of("MCPKIT_TEST_TOKEN", "tok-s3cr3t-42");
    for (List<String> a : List.of(args("list", "--config", config.toString(), "local"),
        args("list", "--config", config.toString(), "remote"),
        args("list", "-v", "--json", "--config", config.toString(), "remote"),
        args("list", "--config", config.toString(), "--input", "key=in-s3cr3t-43", "prompted"))) {
      Cli.Result r = Cli.run(env, a);
      assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.CONNECTION);
      assertThat(r.out() + r.err()).as(r.toString()).doesNotContain("tok-s3cr3t-42", "in-s3cr3t-43").contains("***");
    }
  }
}
