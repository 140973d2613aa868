package dev.mcpkit.client.transport;

import dev.mcpkit.client.McpLaunchRefusedException;
import dev.mcpkit.core.text.PeerText;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which executables a stdio server may be started with, checked by {@link StdioTransport} before
 * anything is spawned: a refused launch is a {@link McpLaunchRefusedException} naming the server, the executable and
 * the setting that allows it, and no process.
 *
 * <p>{@link #standard()}, what a server of a host configuration file gets ({@code McpClientBuilder.server(spec)}, the
 * gateway's upstreams, {@code mcpkit call --config}, the inspector): any executable, looked up on {@code PATH} or given
 * as a path, except a shell or a launcher that runs a command spelled in its arguments ({@link #SHELLS}): a shell
 * turns one argument into a program ({@code sh -c "curl ... | sh"}), and a value substituted into it can add commands.
 * The executable is judged by the name it is given and by the file it resolves to after symbolic links, so {@code
 * /bin/sh} linked to {@code dash}, or a link named {@code node} to {@code bash}, is a shell too. {@link #allow} sets
 * an operator's list instead: only executables that match an entry run (a name, {@code node}, or an absolute path,
 * {@code /opt/mcp/bin/server}; {@code *} and {@code ?} as globs within a name or a path segment); a shell only when an
 * entry names it without a glob. A command built by hand ({@code StdioCommand.of}, what a user typed) gets {@link
 * #any()}. Immutable.
 */
public final class LaunchPolicy {

  /**
   * Shells and launchers that run a command given in their arguments, refused unless an operator names them: {@code
   * sh}, {@code bash}, {@code zsh}, {@code dash}, {@code fish}, {@code ksh}, {@code csh}, {@code tcsh}, {@code ash},
   * {@code mksh}, {@code busybox}, {@code env}, {@code sudo}, {@code doas}, {@code su}, {@code xargs}, {@code cmd},
   * {@code powershell}, {@code pwsh} (a Windows suffix such as {@code .exe} aside, any case).
   */
  public static final List<String> SHELLS = List.of("sh", "bash", "zsh", "dash", "fish", "ksh", "csh", "tcsh", "ash",
      "mksh", "busybox", "env", "sudo", "doas", "su", "xargs", "cmd", "powershell", "pwsh");

  /** The setting named in refusals unless the host names its own. */
  public static final String LIBRARY_SETTING = "McpClientBuilder.launchPolicy(LaunchPolicy.standard().allow(...))";

  private static final LaunchPolicy ANY = new LaunchPolicy(true, List.of(), LIBRARY_SETTING);
  private static final LaunchPolicy STANDARD = new LaunchPolicy(false, List.of(), LIBRARY_SETTING);

  private final boolean any;
  private final List<String> allowed;
  private final String setting;

  private LaunchPolicy(boolean any, List<String> allowed, String setting) {
    this.any = any;
    this.allowed = List.copyOf(allowed);
    this.setting = Objects.requireNonNull(setting, "setting");
  }

  /** Any executable except the {@link #SHELLS}: the default for servers of configuration files. */
  public static LaunchPolicy standard() {
    return STANDARD;
  }

  /** Every executable, shells included: commands built by hand (the user typed them). */
  public static LaunchPolicy any() {
    return ANY;
  }

  /**
   * This policy with an operator's allow-list: only executables matching an entry run (an empty list: the {@link
   * #standard()} rule). An entry is a name ({@code node}, {@code uv*}) or an absolute path ({@code /opt/mcp/bin/*}).
   *
   * @throws IllegalArgumentException for an entry that is blank, or a path that is not absolute
   */
  public LaunchPolicy allow(Collection<String> entries) {
    List<String> out = new ArrayList<>();
    int i = 0;
    for (String e : entries) {
      if (e == null || e.isBlank()) {
        throw new IllegalArgumentException("entry " + i + ": empty; name an executable (\"node\") or give its"
            + " absolute path");
      }
      if (separated(e) && !absolute(e)) {
        throw new IllegalArgumentException("entry " + i + ": \"" + PeerText.line(e, 200) + "\" is a relative path:"
            + " name the executable (\"node\") or give its absolute path");
      }
      out.add(e);
      i++;
    }
    return new LaunchPolicy(false, out, setting);
  }

  /** This policy naming {@code setting} (say {@code gateway.launch.allow in gw.json}) as what allows a refused one. */
  public LaunchPolicy setting(String setting) {
    return new LaunchPolicy(any, allowed, setting);
  }

  /** The operator's allow-list; empty for {@link #standard()} and {@link #any()}. */
  public List<String> allowed() {
    return allowed;
  }

  /** What a refusal names as the setting to change. */
  public String setting() {
    return setting;
  }

  /**
   * Checks the command's executable; nothing is started.
   *
   * @throws McpLaunchRefusedException naming the server, the executable and {@link #setting()}
   */
  public void check(StdioCommand command) {
    if (any) {
      return;
    }
    String exe = command.argv().getFirst();
    String name = fileName(exe);
    Path resolved = resolve(exe, command.workingDirectory());
    Path real = resolved;
    if (resolved != null) {
      try {
        real = resolved.toRealPath();
      } catch (IOException | SecurityException e) {
        real = resolved;
      }
    }
    String realName = real == null ? name : fileName(real.toString());
    boolean shell = isShell(name) || isShell(realName);
    String server = command.name() == null ? command.display() : command.name();
    String shown = PeerText.line(command.redact(exe), 300) + (real != null && !realName.equals(name)
        ? " (" + PeerText.line(command.redact(real.toString()), 300) + ")" : "");
    if (allowed.isEmpty()) {
      if (shell) {
        throw refused(server, exe, "the launch policy refuses to start the server \"" + PeerText.line(server, 200)
            + "\": its executable " + shown + " is a shell or a launcher, which runs whatever its arguments spell"
            + " out; name the server's own executable instead, or allow \"" + PeerText.line(name, 100) + "\" in "
            + setting);
      }
      return;
    }
    boolean match = false;
    boolean literal = false;
    for (String entry : allowed) {
      if (matches(entry, name, resolved, real)) {
        match = true;
        literal |= entry.indexOf('*') < 0 && entry.indexOf('?') < 0;
      }
    }
    if (match && (!shell || literal)) {
      return;
    }
    throw refused(server, exe, "the launch policy refuses to start the server \"" + PeerText.line(server, 200)
        + "\": its executable " + shown + (match ? " is a shell or a launcher, which a glob does not allow: name it"
        : " is not in the allowed executables " + PeerText.line(String.valueOf(allowed), 500) + ": add it")
        + " in " + setting);
  }

  private McpLaunchRefusedException refused(String server, String exe, String message) {
    return new McpLaunchRefusedException(message, server, exe, setting);
  }

  private static boolean matches(String entry, String name, Path resolved, Path real) {
    if (!separated(entry)) {
      Pattern p = glob(entry, true);
      return p.matcher(name).matches() || real != null && p.matcher(fileName(real.toString())).matches();
    }
    Pattern p = glob(entry, false);
    return resolved != null && p.matcher(resolved.toString()).matches()
        || real != null && p.matcher(real.toString()).matches();
  }

  /** {@code *} any run within a segment, {@code ?} one character; names ignore case and a Windows suffix. */
  private static Pattern glob(String entry, boolean name) {
    String text = name ? base(entry) : entry;
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '*') {
        re.append("[^/\\\\]*");
      } else if (c == '?') {
        re.append("[^/\\\\]");
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString(), name ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
  }

  private static boolean isShell(String fileName) {
    return SHELLS.contains(base(fileName));
  }

  /** The name without a Windows executable suffix, lower case: {@code PowerShell.EXE} is {@code powershell}. */
  private static String base(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    for (String suffix : List.of(".exe", ".com", ".bat", ".cmd")) {
      if (n.endsWith(suffix) && n.length() > suffix.length()) {
        return n.substring(0, n.length() - suffix.length());
      }
    }
    return n;
  }

  private static String fileName(String exe) {
    int cut = Math.max(exe.lastIndexOf('/'), exe.lastIndexOf('\\'));
    return exe.substring(cut + 1);
  }

  private static boolean separated(String s) {
    return s.indexOf('/') >= 0 || s.indexOf('\\') >= 0;
  }

  private static boolean absolute(String s) {
    try {
      return Path.of(s).isAbsolute() || s.startsWith("/");
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /**
   * The file the executable starts: a path against the working directory, a name on this process's {@code PATH}
   * (the JDK looks a name up on the parent's {@code PATH}); {@code null} when there is none.
   */
  private static Path resolve(String exe, Path workingDirectory) {
    try {
      if (separated(exe)) {
        Path p = Path.of(exe);
        return p.isAbsolute() ? p : (workingDirectory == null ? Path.of("") : workingDirectory).resolve(p)
            .toAbsolutePath();
      }
      String path = System.getenv("PATH");
      if (path == null) {
        return null;
      }
      for (String dir : path.split(File.pathSeparator)) {
        if (dir.isEmpty()) {
          continue;
        }
        Path candidate = Path.of(dir, exe);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate.toAbsolutePath();
        }
      }
      return null;
    } catch (InvalidPathException | SecurityException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return any ? "LaunchPolicy[any]" : "LaunchPolicy[" + (allowed.isEmpty() ? "standard" : "allow " + allowed) + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LaunchPolicy other && any == other.any && allowed.equals(other.allowed)
        && setting.equals(other.setting);
  }

  @Override
  public int hashCode() {
    return Objects.hash(any, allowed, setting);
  }
}
