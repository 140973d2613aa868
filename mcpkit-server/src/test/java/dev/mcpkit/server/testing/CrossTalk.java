package dev.mcpkit.server.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Looks for one connection's bytes in another connection's response. "A"
 * connections send a request whose header block is over the server's limit, so that the HTTP
 * parser rejects it (431) while the rest of the head and the body are still unread; "B"
 * connections send small valid requests at the same time. Every B response must start with its
 * own status line and hold none of A's bytes (each A request is full of {@link #MARKER}). Busy
 * threads can keep the CPUs loaded, as the defect showed only on a busy machine.
 */
public final class CrossTalk {

  /** The text every A request is made of; a B response that holds it has A's bytes. */
  public static final String MARKER = "XSECRETX";

  /** What a run saw: the pairs tried and the B responses that were not B's own. */
  public record Result(int pairs, int bResponses, List<String> foreign) {}

  private CrossTalk() {}

  /**
   * Runs up to {@code pairs} A requests (header block of {@code headerBytes}) against {@code path}
   * while B requests ({@code bRequest}: a whole request, with {@code Connection: close}) run in a
   * loop, stopping at {@code bound}; {@code busy} threads spin meanwhile.
   */
  public static Result run(int port, String path, int headerBytes, String bRequest, int pairs, Duration bound,
      int busy) throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> threads = new CopyOnWriteArrayList<>();
    for (int i = 0; i < busy; i++) {
      threads.add(Thread.ofPlatform().daemon().start(() -> {
        long x = 0;
        while (!stop.get()) {
          x += System.nanoTime() & 7; // load only
        }
      }));
    }
    long end = System.nanoTime() + bound.toNanos();
    AtomicInteger aCount = new AtomicInteger();
    AtomicInteger bCount = new AtomicInteger();
    List<String> foreign = new CopyOnWriteArrayList<>();
    Thread[] workers = new Thread[6];
    for (int i = 0; i < workers.length; i++) {
      boolean isA = i < 2; // two A, four B
      workers[i] = Thread.ofPlatform().start(() -> {
        while (!stop.get() && System.nanoTime() < end) {
          if (isA) {
            if (aCount.incrementAndGet() > pairs) {
              stop.set(true);
              return;
            }
            sendA(port, path, headerBytes);
          } else {
            bCount.incrementAndGet();
            String r = exchange(port, bRequest);
            if (r != null && (!r.startsWith("HTTP/1.1 ") || r.contains(MARKER))) {
              foreign.add(r.substring(0, Math.min(r.length(), 300)));
            }
          }
        }
      });
    }
    for (Thread w : workers) {
      w.join();
    }
    stop.set(true);
    for (Thread t : threads) {
      t.join();
    }
    return new Result(Math.min(aCount.get(), pairs), bCount.get(), List.copyOf(foreign));
  }

  /**
   * A: the head, then (once the server has started to answer) the body, in pieces: a client still
   * uploading while the server rejects its head.
   */
  private static void sendA(int port, String path, int headerBytes) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      String body = MARKER.repeat(500);
      String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
          + "Authorization: Bearer " + MARKER + "\r\nContent-Type: application/json\r\n"
          + "X-Pad: " + MARKER.repeat(headerBytes / MARKER.length()) + "\r\n"
          + "Content-Length: " + body.length() + "\r\n\r\n";
      OutputStream out = s.getOutputStream();
      try {
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        s.getInputStream().read();
        byte[] b = body.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < b.length; i += 1000) {
          out.write(b, i, Math.min(1000, b.length - i));
          out.flush();
        }
        s.getInputStream().readAllBytes();
      } catch (IOException e) {
        // the server may close A's connection while A still writes: expected after a 431
      }
    } catch (IOException e) {
      // connect refused under load: try the next pair
    }
  }

  private static String exchange(int port, String request) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return null; // a B that could not connect proves nothing either way
    }
  }

  /** A whole POST request with {@code Connection: close}. */
  public static String post(int port, String path, String contentType, String body) {
    return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: " + contentType + "\r\n"
        + "Accept: application/json, text/event-stream\r\nConnection: close\r\nContent-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
  }
}
