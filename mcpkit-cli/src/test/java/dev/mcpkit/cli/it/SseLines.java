package dev.mcpkit.cli.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The lines of an open SSE response, read on a virtual thread so a test can wait for one with a bound. */
final class SseLines implements AutoCloseable {

  private static final String END = "\u0000end";
  private final InputStream in;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  SseLines(HttpResponse<InputStream> response) {
    this(response.body());
  }

  SseLines(InputStream in) {
    this.in = in;
    Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException ignored) {
        // closed
      }
      lines.add(END);
    });
  }

  /** The first line matching, or null when the stream ends or the time is up first. */
  String next(Predicate<String> wanted, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    try {
      while (true) {
        String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (line == null || line.equals(END)) {
          if (line != null) {
            lines.add(END);
          }
          return null;
        }
        if (wanted.test(line)) {
          return line;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  String lineContaining(String part, Duration within) {
    return next(l -> l.contains(part), within);
  }

  /** The data of the next event of this type. */
  String dataOf(String event, Duration within) {
    if (next(l -> l.equals("event: " + event) || l.equals("event:" + event), within) == null) {
      return null;
    }
    String data = next(l -> l.startsWith("data:"), within);
    return data == null ? null : data.substring(5).strip();
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
