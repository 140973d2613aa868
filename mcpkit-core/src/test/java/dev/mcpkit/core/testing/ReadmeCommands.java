package dev.mcpkit.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the commands a README shows and checks the output it shows after them (the convention of
 * {@code examples/README.md}): in each {@code ```console} block a line {@code $ COMMAND} is run by bash from the
 * repository root, and the lines after it, up to the next {@code $ } line, are its expected output (stdout and stderr
 * together, as a terminal shows them; trailing spaces ignored). {@code …} stands for any text within a line, and on a
 * line of its own for any number of lines. A command whose shown output says {@code Ctrl-C stops} is a server: it is
 * started in the background, the next command runs once its shown output has appeared, and it is stopped when the
 * next server starts (as Ctrl-C in its terminal) or the README is done. A block right after a line {@code <!-- not run by the README test: REASON -->} is skipped.
 */
public final class ReadmeCommands {

  /** One {@code $} line and the output shown after it. */
  public record Command(String line, List<String> expected) {
    boolean isServer() {
      return expected.stream().anyMatch(l -> l.contains("Ctrl-C stops"));
    }
  }

  private static final Pattern BLOCK = Pattern.compile("(?m)^(<!-- not run by the README test:[^\\n]*-->\\n)?```console\\n(.*?)^```",
      Pattern.DOTALL);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

  private ReadmeCommands() {}

  /** The commands of the README's runnable console blocks, in order. */
  public static List<Command> parse(String markdown) {
    List<Command> commands = new ArrayList<>();
    Matcher m = BLOCK.matcher(markdown);
    while (m.find()) {
      if (m.group(1) != null) {
        continue;
      }
      String line = null;
      List<String> expected = new ArrayList<>();
      for (String l : m.group(2).split("\n", -1)) {
        if (l.startsWith("$ ")) {
          if (line != null) {
            commands.add(new Command(line, trimEnd(expected)));
          }
          line = l.substring(2);
          expected = new ArrayList<>();
        } else if (line != null) {
          expected.add(l.stripTrailing());
        }
      }
      if (line != null) {
        commands.add(new Command(line, trimEnd(expected)));
      }
    }
    return commands;
  }

  /**
   * Runs every command of the README and returns what did not match (empty when all did). Servers started on the
   * way are stopped before this returns.
   */
  public static List<String> run(Path readme) throws IOException, InterruptedException {
    List<String> problems = new ArrayList<>();
    List<Process> servers = new ArrayList<>();
    try {
      for (Command c : parse(Files.readString(readme))) {
        if (c.isServer()) {
          stop(servers); // a README starts a server again with other options after Ctrl-C in its terminal
        }
        Process p = new ProcessBuilder("bash", "-c", c.line())
            .directory(Repo.root().toFile()).redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        StringBuffer out = new StringBuffer();
        // a thread of its own per process: a server's reader never ends, and the common pool may have one thread
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
          try (var in = p.getInputStream()) {
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) >= 0; ) {
              out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
          } catch (IOException ignored) {
            // the process ended
          }
        });
        if (c.isServer()) {
          servers.add(p);
          List<String> shown = new ArrayList<>(c.expected());
          shown.add("…"); // a server goes on logging
          long deadline = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
          while (!matches(shown, lines(out.toString())) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(200);
          }
          if (!matches(shown, lines(out.toString()))) {
            problems.add(report(c, out.toString()));
            break; // what follows needs this server
          }
        } else {
          if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
          }
          reader.join(COMMAND_TIMEOUT.toMillis());
          if (!matches(c.expected(), lines(out.toString()))) {
            problems.add(report(c, out.toString()));
          }
        }
      }
    } finally {
      stop(servers);
    }
    return problems;
  }

  private static void stop(List<Process> servers) throws InterruptedException {
    for (Process s : servers) {
      List<ProcessHandle> children = s.descendants().toList();
      children.forEach(ProcessHandle::destroy);
      s.destroy();
      for (ProcessHandle h : children) {
        if (!h.onExit().completeOnTimeout(h, 20, TimeUnit.SECONDS).join().isAlive()) {
          continue;
        }
        h.destroyForcibly();
      }
      if (!s.waitFor(20, TimeUnit.SECONDS)) {
        s.destroyForcibly();
      }
    }
    servers.clear();
  }

  /** Whether the actual lines are what the README shows, {@code …} being a wildcard. */
  static boolean matches(List<String> expected, List<String> actual) {
    return matches(expected, 0, actual, 0);
  }

  private static boolean matches(List<String> e, int i, List<String> a, int j) {
    if (i == e.size()) {
      return j == a.size();
    }
    if (e.get(i).strip().equals("…")) {
      for (int k = j; k <= a.size(); k++) {
        if (matches(e, i + 1, a, k)) {
          return true;
        }
      }
      return false;
    }
    return j < a.size() && lineMatches(e.get(i), a.get(j)) && matches(e, i + 1, a, j + 1);
  }

  private static boolean lineMatches(String expected, String actual) {
    if (!expected.contains("…")) {
      return expected.equals(actual);
    }
    StringBuilder regex = new StringBuilder();
    for (String part : expected.split("…", -1)) {
      if (!regex.isEmpty()) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(part));
    }
    return actual.matches(regex.toString());
  }

  private static List<String> lines(String output) {
    List<String> l = new ArrayList<>(output.lines().map(String::stripTrailing).toList());
    return trimEnd(l);
  }

  private static List<String> trimEnd(List<String> lines) {
    List<String> l = new ArrayList<>(lines);
    while (!l.isEmpty() && l.getLast().isEmpty()) {
      l.removeLast();
    }
    return l;
  }

  private static String report(Command c, String actual) {
    return "$ " + c.line() + "\n--- the README shows\n" + String.join("\n", c.expected()) + "\n--- it printed\n"
        + actual.stripTrailing();
  }
}
