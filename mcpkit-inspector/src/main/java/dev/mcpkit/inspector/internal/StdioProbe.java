package dev.mcpkit.inspector.internal;

import dev.mcpkit.client.transport.StdioCommand;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.inspector.ConnectionDoctor.Diagnosis;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;

/**
 * Watches a stdio server start: sends {@code initialize} and reads what comes back on stdout (a JSON-RPC line, a log
 * line, or nothing before the process exits), keeping its last stderr lines.
 */
public final class StdioProbe {

  private static final int STDERR_LINES = 20;
  private static final String EOF = "\u0000eof";

  private StdioProbe() {}

  /** Why the stdio server at {@code argv} fails to connect; {@code error} is what the client said. */
  public static Diagnosis diagnose(List<String> argv, Map<String, String> env, Duration timeout, String error) {
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.environment().clear();
    pb.environment().putAll(StdioCommand.defaultEnvironment());
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return new Diagnosis(false, "the command cannot be started: " + e.getMessage(),
          "check the program name and that it is installed and on PATH (mcpkit runs it without a shell, so shell"
              + " syntax and aliases do not work)", List.of());
    }
    ConcurrentLinkedDeque<String> stderr = new ConcurrentLinkedDeque<>();
    BlockingQueue<String> stdout = new ArrayBlockingQueue<>(64);
    try {
      Thread.ofVirtual().start(() -> lines(p, true, stderr, null));
      Thread.ofVirtual().start(() -> lines(p, false, null, stdout));
      try (OutputStream in = p.getOutputStream()) {
        in.write(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
            + "\"" + dev.mcpkit.core.protocol.ProtocolVersion.V2025_11_25.id() + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"mcpkit-doctor\",\"version\":\"1\"}}}\n")
            .getBytes(StandardCharsets.UTF_8));
        in.flush();
      } catch (IOException e) {
        // it died already: the exit code and stderr tell why
      }
      String first = stdout.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      while (first != null && first.isBlank()) {
        first = stdout.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
      if (first != null && !first.equals(EOF) && !isJson(first)) {
        return new Diagnosis(false, "the server writes logs to stdout: its first line there is not JSON-RPC: \""
            + clip(first) + "\"", "send logs to stderr: in the stdio transport stdout carries only JSON-RPC"
            + " messages (one per line), so any other line breaks the connection", tail(stderr));
      }
      if (first == null) {
        return new Diagnosis(false, "the server started but did not answer initialize within "
            + timeout.toSeconds() + " s", "check that the command starts an MCP server on stdio (some need an"
            + " argument such as --stdio); its stderr is below", tail(stderr));
      }
      if (first.equals(EOF) || !p.isAlive()) {
        p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Thread.sleep(100);   // the stderr reader may still hold the last lines
        String code = p.isAlive() ? "?" : String.valueOf(p.exitValue());
        return new Diagnosis(false, "the server died at start (exit code " + code + ") before answering",
            "read its stderr below: usually a missing environment variable, argument or dependency; mcpkit passes"
                + " only PATH, HOME and a few others unless given --env NAME=VALUE or --inherit-env", tail(stderr));
      }
      return new Diagnosis(false, "the server answers on stdio, but the client failed: " + error,
          "run the command again with --verbose to see every frame and the server's stderr", tail(stderr));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Diagnosis(false, "interrupted", "", List.of());
    } finally {
      p.destroyForcibly();
    }
  }

  private static void lines(Process p, boolean err, ConcurrentLinkedDeque<String> keep, BlockingQueue<String> queue) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(err ? p.getErrorStream() : p.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (keep != null) {
          keep.add(line);
          while (keep.size() > STDERR_LINES) {
            keep.pollFirst();
          }
        } else {
          queue.offer(line);
        }
      }
    } catch (IOException e) {
      // the process ended
    }
    if (queue != null) {
      queue.offer(EOF);
    }
  }

  private static boolean isJson(String line) {
    try {
      return Json.parse(line).isObject();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static List<String> tail(ConcurrentLinkedDeque<String> stderr) {
    List<String> out = new ArrayList<>();
    stderr.forEach(l -> out.add("stderr: " + clip(l)));
    return out;
  }

  static String clip(String s) {
    return s.length() > 300 ? s.substring(0, 297) + "..." : s;
  }
}
