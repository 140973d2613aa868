package dev.mcpkit.auth.client;

import dev.mcpkit.core.text.PeerText;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the authorization URL in the system browser, safely: only {@code https} URLs (or {@code
 * http} to a loopback host), checked again here whatever the caller checked; the URL is one argv
 * element of a fixed command ({@code xdg-open} on Linux and BSD, {@code open} on macOS, {@code
 * rundll32 url.dll,FileProtocolHandler} on Windows), started with {@link ProcessBuilder}, never
 * through a shell. The URL is always printed too, in case no browser starts. The environment
 * variable {@code MCPKIT_BROWSER} names another program (one path, no arguments) to run instead.
 */
public final class BrowserLauncher implements UserAgent {

  private static final Logger LOG = LoggerFactory.getLogger(BrowserLauncher.class);

  private final List<String> command;
  private final PrintWriter notice;

  /**
   * @param command the program and its fixed arguments; the URL is appended as one more argument
   * @param notice where the URL is printed for the user
   */
  public BrowserLauncher(List<String> command, PrintWriter notice) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("no browser command");
    }
    this.command = List.copyOf(command);
    this.notice = notice;
  }

  /** The platform's opener, or {@code MCPKIT_BROWSER}. */
  public static BrowserLauncher system(PrintWriter notice) {
    String override = System.getenv("MCPKIT_BROWSER");
    if (override != null && !override.isBlank()) {
      return new BrowserLauncher(List.of(override.trim()), notice);
    }
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    List<String> cmd;
    if (os.contains("mac")) {
      cmd = List.of("open");
    } else if (os.contains("win")) {
      cmd = List.of("rundll32", "url.dll,FileProtocolHandler");
    } else {
      cmd = List.of("xdg-open");
    }
    return new BrowserLauncher(cmd, notice);
  }

  /** The command this launcher runs, before the URL. */
  public List<String> command() {
    return command;
  }

  @Override
  public void open(URI authorizationUrl, URI redirectUri) {
    URI url = checkOpenable(authorizationUrl.toString());
    notice.println("Opening your browser to sign in. If it does not open, visit:");
    notice.println("  " + PeerText.line(url.toASCIIString(), 8000));
    notice.flush();
    List<String> argv = new ArrayList<>(command);
    argv.add(url.toASCIIString());
    try {
      new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File(isWindows() ? "NUL" : "/dev/null"))).start();
    } catch (Exception e) {
      LOG.debug("could not start the browser with {}", command.getFirst(), e);
      notice.println("(no browser could be started: open the URL above yourself)");
      notice.flush();
    }
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
  }

  /**
   * The rules for a URL handed to a browser: an absolute {@code https} URL, or {@code http} to a
   * loopback host; no user information; no whitespace, quotes, control characters or other
   * characters a URL may not contain. Everything else ({@code javascript:}, {@code data:}, {@code
   * file:}, {@code vbscript:}, shell metacharacters that are not valid in a URL) is refused.
   */
  public static URI checkOpenable(String url) {
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '`' || c == '^' || c == '{'
          || c == '}' || c == '|') {
        throw refuse("it contains a character that a URL may not contain");
      }
    }
    URI u;
    try {
      u = new URI(url);
    } catch (java.net.URISyntaxException e) {
      throw refuse("it is not a valid URL");
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || (scheme.equals("http") && dev.mcpkit.core.net.Hosts.isLoopback(u.getHost())))) {
      throw refuse("only https URLs (or http to this machine) are opened, not \"" + PeerText.line(scheme, 20) + ":\"");
    }
    if (u.getHost() == null || u.getRawUserInfo() != null) {
      throw refuse("it has no host, or has user information");
    }
    return u;
  }

  private static OAuthException refuse(String why) {
    return new OAuthException(OAuthException.Reason.UNSAFE_URL, "refused to open the authorization URL: " + why);
  }
}
