package dev.mcpkit.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.JsonNode;

/**
 * Workload (d): holds N streams open at once, one virtual thread and one socket each, then reads
 * the server's heap (after a full GC) and RSS, and compares them with the figures before.
 *
 * <p>Flavors: {@code listen} (2026 {@code subscriptions/listen}, waits for the acknowledgement),
 * {@code get} (2025: initialize, initialized, then the GET stream on the same connection).
 * Memory: {@code java} (jcmd GC.run + jstat), {@code node} (SIGUSR2 makes the Node contender
 * write {@code process.memoryUsage()} after a GC to MEMFILE).
 *
 * <p>args: FLAVOR URL N PID java|node [MEMFILE]; prints one {@code RESULT} line on stdout.
 */
final class Streams {

  private Streams() {}

  static void run(String[] a) throws Exception {
    String flavor = a[0];
    URI url = URI.create(a[1]);
    int n = Integer.parseInt(a[2]);
    long pid = Long.parseLong(a[3]);
    String kind = a[4];
    Path memFile = a.length > 5 ? Path.of(a[5]) : null;

    double[] before = memory(pid, kind, memFile);
    ConcurrentLinkedQueue<RawHttp> open = new ConcurrentLinkedQueue<>();
    AtomicInteger failed = new AtomicInteger();
    AtomicReference<String> firstFailure = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(n);
    Semaphore opening = new Semaphore(32); // connects in flight at once (the accept queue is finite)
    // A server that runs out of heap opens streams ever more slowly: stop trying after the deadline
    // and count what did not open.
    long deadlineSeconds = Long.getLong("bench.deadline", 90);
    long t0 = System.nanoTime();
    try (var exec = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < n; i++) {
        exec.submit(() -> {
          RawHttp http = null;
          try {
            opening.acquire();
            try {
              // A connection refused or reset before the request went out (a full accept queue)
              // is tried again, twice: the workload measures held streams, not connect storms.
              for (int attempt = 1; ; attempt++) {
                try {
                  http = new RawHttp(url);
                  http.timeout(60_000);
                  sendOne(http, flavor);
                  break;
                } catch (java.net.SocketException e) {
                  if (http != null) {
                    http.close();
                  }
                  http = null;
                  if (attempt == 3) {
                    throw e;
                  }
                  Thread.sleep(50);
                }
              }
            } finally {
              opening.release();
            }
            awaitOpen(http, flavor);
            open.add(http);
          } catch (Exception | AssertionError e) {
            failed.incrementAndGet();
            firstFailure.compareAndSet(null, String.valueOf(e.getMessage()));
            if (http != null) {
              http.close();
            }
          } finally {
            done.countDown();
          }
          return null;
        });
      }
      boolean all = done.await(deadlineSeconds, TimeUnit.SECONDS);
      long openMs = (System.nanoTime() - t0) / 1_000_000;
      int ok = open.size();
      if (!all) {
        failed.set(n - ok);
        firstFailure.compareAndSet(null, "not open within " + deadlineSeconds + " s");
      }
      Thread.sleep(500);
      double[] after = memory(pid, kind, memFile);
      System.out.printf("RESULT streams=%d failed=%d open_ms=%d heap_before_mb=%.1f heap_after_mb=%.1f"
              + " rss_before_mb=%.1f rss_after_mb=%.1f heap_per_stream_kb=%.2f rss_per_stream_kb=%.2f%n",
          ok, failed.get(), openMs, before[0], after[0], before[1], after[1],
          ok == 0 ? 0 : (after[0] - before[0]) * 1024 / ok, ok == 0 ? 0 : (after[1] - before[1]) * 1024 / ok);
      if (failed.get() > 0) {
        System.err.println("streams: " + failed.get() + " failed; first: " + firstFailure.get());
      }
      Thread.sleep(Long.getLong("bench.hold", 0) * 1000); // -Dbench.hold=S: time to take a heap dump or JFR
      open.forEach(RawHttp::close);
      exec.shutdownNow();
    }
    System.exit(failed.get() == 0 ? 0 : 1);
  }

  private static void sendOne(RawHttp http, String flavor) throws IOException {
    switch (flavor) {
      case "listen" -> http.send("POST", Wire.modernHeaders("subscriptions/listen", null), Wire.listenModern(1));
      case "get", "get-lazy" -> {
        RawHttp.Response init = http.exchange("POST", Wire.legacyHeaders(null), Wire.initialize(1));
        String sid = init.header("mcp-session-id");
        Check.need(init.status() == 200 && sid != null, "initialize: HTTP " + init.status());
        RawHttp.Response ack = http.exchange("POST", Wire.legacyHeaders(sid), Wire.INITIALIZED);
        Check.need(ack.status() / 100 == 2, "initialized: HTTP " + ack.status());
        List<String> h = new ArrayList<>(List.of("Accept: text/event-stream", "Mcp-Session-Id: " + sid,
            "MCP-Protocol-Version: " + Wire.LEGACY));
        http.send("GET", h, null);
      }
      default -> throw new IllegalArgumentException("unknown flavor " + flavor);
    }
  }

  /**
   * Waits until the stream is open: its headers arrived (and for listen, the acknowledgement).
   * {@code get-lazy} is for servers that send no headers before their first event (the Java
   * SDK): the stream counts as open when neither an answer nor a close came within 3 s.
   */
  private static void awaitOpen(RawHttp http, String flavor) throws IOException {
    if (flavor.equals("get-lazy")) {
      http.timeout(3_000);
      try {
        RawHttp.Response r = http.read(false);
        Check.need(r.status() == 200, "GET: HTTP " + r.status());
      } catch (java.net.SocketTimeoutException e) {
        // held open without a word: what this server does
      }
      return;
    }
    switch (flavor) {
      case "listen" -> {
        RawHttp.Response r = http.read(false);
        Check.need(r.status() == 200, "listen: HTTP " + r.status());
        Check.need(String.valueOf(r.header("content-type")).startsWith("text/event-stream"),
            "listen: not a stream: " + r.header("content-type"));
        for (String line = http.streamLine(); ; line = http.streamLine()) { // the acknowledgement
          Check.need(line != null, "listen: stream ended before the acknowledgement");
          if (line.contains("notifications/subscriptions/acknowledged")) {
            break;
          }
        }
      }
      case "get" -> {
        RawHttp.Response r = http.read(false);
        Check.need(r.status() == 200, "GET: HTTP " + r.status());
        Check.need(String.valueOf(r.header("content-type")).startsWith("text/event-stream"),
            "GET: not a stream: " + r.header("content-type"));
      }
      default -> throw new IllegalArgumentException("unknown flavor " + flavor);
    }
  }

  /** {heap MiB, RSS MiB} of the server process. */
  static double[] memory(long pid, String kind, Path memFile) throws Exception {
    double heap;
    if (kind.equals("java")) {
      String bin = Path.of(System.getProperty("java.home"), "bin").toString();
      exec(bin + "/jcmd", String.valueOf(pid), "GC.run");
      String[] lines = exec(bin + "/jstat", "-gc", String.valueOf(pid)).trim().split("\n");
      String[] cols = lines[0].trim().split("\\s+");
      String[] vals = lines[lines.length - 1].trim().split("\\s+");
      double kb = 0;
      for (int i = 0; i < cols.length; i++) {
        if (List.of("S0U", "S1U", "EU", "OU").contains(cols[i])) {
          kb += Double.parseDouble(vals[i]);
        }
      }
      heap = kb / 1024;
    } else {
      Files.deleteIfExists(memFile);
      exec("kill", "-USR2", String.valueOf(pid));
      for (int i = 0; i < 100 && !Files.exists(memFile); i++) {
        Thread.sleep(50);
      }
      Thread.sleep(100);
      JsonNode m = Wire.JSON.readTree(Files.readString(memFile));
      heap = m.path("heapUsed").asDouble() / (1024 * 1024);
    }
    return new double[] {heap, rssMb(pid)};
  }

  static double rssMb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Double.parseDouble(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    return Double.NaN;
  }

  static String exec(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }
    return out;
  }

}
