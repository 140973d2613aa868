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
 * next server starts (as Ctrl-C in its terminal) or the README is done. A command that ends in {@code &} is a server
 * run in the background: the next command runs once its shown output has appeared, and it keeps running until the
 * README is done (a README that needs two servers at once starts the first this way). A block right after a line {@code <!-- not run by the README test: REASON -->} is skipped.
 *
 * <p>A command that shows an authorization URL (a sign-in) gets it completed by the {@link Browser} the test passes, as
 * the person reading the README would in their browser. The commands run with {@code HOME} set to a fresh directory
 * (and {@code MCPKIT_CREDENTIALS} to {@code ~/.mcpkit/credentials.json} in it), so a README's sign-ins and
 * {@code ~/...} files never touch the real home; {@code MCPKIT_BROWSER} is a program that opens nothing. As in one
 * terminal, a variable a command sets is there for the commands after it.
 */
public final class ReadmeCommands {

  /** One {@code $} line and the output shown after it. */
  public record Command(String line, List<String> expected) {
    boolean isServer() {
      return isBackground() || expected.stream().anyMatch(l -> l.contains("Ctrl-C stops"));
    }

    /** {@code COMMAND &}: a server that stays up while later servers start. */
    boolean isBackground() {
      return line.endsWith(" &");
    }

    /** What bash runs: a background server runs in the foreground of its own shell, so stopping it reaches it. */
    String toRun() {
      return isBackground() ? line.substring(0, line.length() - 2) : line;
    }
  }

  /** Completes a sign-in at an authorization URL a command showed (headless Chromium in the examples' tests). */
  @FunctionalInterface
  public interface Browser {
    /** Signs in at {@code authorizationUrl} and returns once the browser has been sent back to the client. */
    void signIn(String authorizationUrl) throws Exception;
  }

  /** An authorization request URL as mcpkit's sign-in shows it ("visit:" and the URL on the next line). */
  private static final Pattern AUTHORIZE_URL = Pattern.compile("(https?://\\S+/authorize\\?\\S*response_type=\\S+)\\s");

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
    return run(readme, null);
  }

  /**
   * Runs every command of the README as {@link #run(Path)} does; an authorization URL a command shows is handed to
   * {@code browser} (one sign-in at a time, on a thread of its own, finished before the command is judged).
   */
  public static List<String> run(Path readme, Browser browser) throws IOException, InterruptedException {
    List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Process> servers = new ArrayList<>();
    List<Process> background = new ArrayList<>();
    Path home = Files.createTempDirectory("readme-home");
    try {
      for (Command c : parse(Files.readString(readme))) {
        if (c.isServer() && !c.isBackground()) {
          stop(servers); // a README starts a server again with other options after Ctrl-C in its terminal
        }
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", inSession(c.toRun()))
            .directory(Repo.root().toFile()).redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        environment(pb, home);
        Process p = pb.start();
        StringBuffer out = new StringBuffer();
        Thread signIn = null;
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
        if (browser != null && !c.isServer()) {
          signIn = Thread.ofPlatform().daemon().start(() -> signIn(browser, p, out, problems, c));
        }
        if (c.isServer()) {
          (c.isBackground() ? background : servers).add(p);
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
          if (signIn != null) {
            signIn.join(COMMAND_TIMEOUT.toMillis()); // ends at once when the command showed no authorization URL
          }
          if (!matches(c.expected(), lines(out.toString()))) {
            problems.add(report(c, out.toString()));
          }
        }
      }
    } finally {
      stop(servers);
      stop(background);
      try (var files = Files.walk(home)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
    return List.copyOf(problems);
  }

  /**
   * The command as one line of a terminal session: the variables earlier lines set ({@code TOKEN=$(jq ...)}) are
   * there, and the ones it sets are kept for the next lines (exported and saved; read-only ones left out).
   */
  static String inSession(String line) {
    return "[ -f \"$README_SESSION\" ] && . \"$README_SESSION\"\nset -a\n" + line + "\n__readme_rc=$?\nset +a\n"
        + "export -p | grep -v '^declare -[a-zA-Z]*r' > \"$README_SESSION\"\nexit $__readme_rc\n";
  }

  /** HOME is a fresh directory; Maven's wrapper keeps using the real ~/.m2 (the builds run offline). */
  private static void environment(ProcessBuilder pb, Path home) {
    var env = pb.environment();
    String realHome = System.getProperty("user.home");
    env.putIfAbsent("MAVEN_USER_HOME", Path.of(realHome, ".m2").toString());
    env.put("HOME", home.toString());
    env.put("MCPKIT_CREDENTIALS", home.resolve(".mcpkit/credentials.json").toString());
    env.put("MCPKIT_BROWSER", "/bin/true");
    env.put("README_SESSION", home.resolve(".readme-session").toString());
  }

  /** Waits (bounded) for the command to show an authorization URL, then has the browser sign in there. */
  private static void signIn(Browser browser, Process p, StringBuffer out, List<String> problems, Command c) {
    long deadline = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
    try {
      Matcher m = AUTHORIZE_URL.matcher("");
      while (!m.reset(out).find()) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          return; // no sign-in in this command
        }
        Thread.sleep(100);
      }
      browser.signIn(m.group(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      problems.add("$ " + c.line() + "\n--- the sign-in in the browser failed: " + e);
    }
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
