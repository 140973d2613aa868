package dev.mcpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.gateway.internal.CallGate;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The gateway's call log under the CLI's logging set-up (StderrLogging), in a JVM of its own as {@code mcpkit
 * gateway} runs: the lines go through the buffered appender, yet a lone line reaches stderr shortly after it is
 * logged without any further line, and every line logged before an orderly exit is on stderr once the process ends.
 */
class CallLogStderrTest {

  /** Logs one call line, waits for "more" on stdin, then logs {@code args[0]} more lines and exits at once. */
  public static void main(String[] args) throws Exception {
    var calls = LoggerFactory.getLogger(CallGate.LOGGER);
    calls.info("call 0");
    // which appender writes the call log, for the test to check that it is the buffered one
    var appender = ((ch.qos.logback.classic.Logger) calls).getAppender("STDERR-CALLS");
    System.out.println("logged " + (appender == null ? "unbuffered" : appender.getClass().getSimpleName()));
    System.out.flush();
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    int n = Integer.parseInt(args[0]);
    for (int i = 1; i <= n; i++) {
      calls.info("call {}", i);
    }
    System.exit(0); // no flush of its own: the shutdown hook's
  }

  @Test
  void aLineReachesStderrWithoutFurtherLinesAndNoneIsLostOnExit() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        CallLogStderrTest.class.getName(), "2000").start();
    List<String> err = new CopyOnWriteArrayList<>();
    Thread reader = Thread.ofPlatform().start(() -> {
      try (var r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
        String l;
        while ((l = r.readLine()) != null) {
          err.add(l);
        }
      } catch (java.io.IOException e) {
        // the process ended
      }
    });
    try (var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).isEqualTo("logged BufferedStderrAppender");
      // the first line, alone in the buffer, is written by the timer: wait for it (bounded), not for a fixed time
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (err.stream().noneMatch(l -> l.endsWith("calls - call 0")) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(err).anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  calls - call 0"));
      p.getOutputStream().write("more\n".getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().flush();
    }
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    reader.join(10_000);
    List<String> lines = err.stream().filter(l -> l.contains("calls - call ")).toList();
    assertThat(lines).hasSize(2001);
    assertThat(lines.get(2000)).endsWith("calls - call 2000");
  }
}
