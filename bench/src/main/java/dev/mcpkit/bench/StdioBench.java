package dev.mcpkit.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Workload (e), stdio: spawn to the first {@code tools/call} result (cold start), then sequential
 * round trips in one process. {@code modern} servers get the 2026 call as their first line;
 * {@code legacy} ones (the Java SDK) get initialize, wait for its answer, initialized, then the call.
 *
 * <p>args: modern|legacy TOOL COLD ROUNDTRIPS -- CMD ARGS...; the first spawn and a tenth of the round
 * trips (at least 100) are warm-up and not counted. Prints one {@code RESULT} line on stdout.
 *
 * <p>{@link #train} is the training run that records a contender's start-up archive before the measured
 * spawns: one spawn of the same exchange, left to exit by itself (a JVM writes its archive at exit).
 */
final class StdioBench {

  private StdioBench() {}

  static void run(String[] a) throws Exception {
    String era = a[0];
    String tool = a[1];
    int cold = Integer.parseInt(a[2]);
    int roundTrips = Integer.parseInt(a[3]);
    List<String> cmd = Arrays.asList(a).subList(Arrays.asList(a).indexOf("--") + 1, a.length);

    long[] coldNs = new long[cold];
    for (int i = -1; i < cold; i++) {
      long t0 = System.nanoTime();
      try (Child c = new Child(cmd)) {
        c.open(era);
        c.call(era, tool, 1000);
        if (i >= 0) {
          coldNs[i] = System.nanoTime() - t0;
        }
      }
    }
    int warm = Math.max(100, roundTrips / 10);
    long[] rt = new long[roundTrips];
    try (Child c = new Child(cmd)) {
      c.open(era);
      for (int i = -warm; i < roundTrips; i++) {
        long t0 = System.nanoTime();
        c.call(era, tool, 2000 + i + warm);
        if (i >= 0) {
          rt[i] = System.nanoTime() - t0;
        }
      }
    }
    Arrays.sort(coldNs);
    Arrays.sort(rt);
    long total = Arrays.stream(rt).sum();
    System.out.printf("RESULT cold_ms=%.1f cold_min_ms=%.1f rt_p50_us=%.1f rt_p99_us=%.1f rt_per_s=%.0f%n",
        coldNs[cold / 2] / 1e6, coldNs[0] / 1e6, rt[roundTrips / 2] / 1e3,
        rt[(int) Math.min(roundTrips - 1, Math.ceil(roundTrips * 0.99) - 1)] / 1e3, roundTrips / (total / 1e9));
  }

  /**
   * A training run: one spawn that opens the session and makes {@link #TRAINING_CALLS} calls, then end of input
   * and up to two minutes for the server to exit by itself (JDK 25 assembles its AOT cache at exit, which takes
   * seconds). args: modern|legacy TOOL -- CMD ARGS...
   */
  static void train(String[] a) throws Exception {
    List<String> cmd = Arrays.asList(a).subList(Arrays.asList(a).indexOf("--") + 1, a.length);
    try (Child c = new Child(cmd, 120)) {
      c.open(a[0]);
      for (int i = 0; i < TRAINING_CALLS; i++) {
        c.call(a[0], a[1], 1000 + i);
      }
    }
  }

  /** Calls in a training run: the measured spawn makes one; a few more load what a second call loads. */
  private static final int TRAINING_CALLS = 5;

  /** One spawned server. */
  private static final class Child implements AutoCloseable {
    final Process p;
    final OutputStream in;
    final BufferedReader out;
    final int exitSeconds;

    Child(List<String> cmd) throws IOException {
      this(cmd, 15);
    }

    Child(List<String> cmd, int exitSeconds) throws IOException {
      this.exitSeconds = exitSeconds;
      p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      in = p.getOutputStream();
      out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    void open(String era) throws IOException {
      if (era.equals("legacy")) {
        send(Wire.initialize(1));
        await(1);
        send(Wire.INITIALIZED);
      }
    }

    void call(String era, String tool, long id) throws IOException {
      String body = era.equals("legacy") ? Wire.echoLegacy(id, Check.MESSAGE) : Wire.echoModern(id, Check.MESSAGE, false);
      send(body.replace("\"name\":\"echo\"", "\"name\":\"" + tool + "\""));
      JsonNode a = await(id);
      String text = a.path("result").path("content").path(0).path("text").asString("");
      Check.need(Check.MESSAGE.equals(text), "stdio " + tool + ": wrong answer " + a);
    }

    void send(String line) throws IOException {
      in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    }

    JsonNode await(long id) throws IOException {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.isBlank() || !line.startsWith("{")) {
          continue;
        }
        JsonNode m = Wire.JSON.readTree(line);
        if (m.has("id") && m.get("id").asLong() == id && (m.has("result") || m.has("error"))) {
          return m;
        }
      }
      throw new IOException("stdio server ended without answering request " + id + " (exit " + exitCode() + ")");
    }

    private String exitCode() {
      try {
        return String.valueOf(p.waitFor());
      } catch (InterruptedException e) {
        return "?";
      }
    }

    @Override
    public void close() throws IOException {
      // End of input, then time to exit by itself: a JVM writes its start-up archive only on a
      // normal exit, so a server ended by a signal would never get one (and start slower).
      in.close();
      try {
        if (!p.waitFor(exitSeconds, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroy();
          if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
          }
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
      }
    }
  }
}
