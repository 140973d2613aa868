package dev.mcpkit.guard.internal;

import dev.mcpkit.client.config.ServerSpec;
import dev.mcpkit.core.text.PeerText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a host configuration entry would start: its command line as one text for the launch patterns, and the two
 * launch detectors that need the argv itself (unpinned packages, inlined secrets). Never runs anything.
 */
public final class LaunchChecks {

  /** A launch hit: the JSON pointer into the server's entry and the excerpt (secrets masked). */
  public record Hit(String pointer, String excerpt) {}

  private static final Pattern SECRET_NAME = Pattern.compile(
      "(?i).*(token|secret|passw(or)?d|api[_-]?key|apikey|private[_-]?key|credential|auth).*");
  private static final Pattern SECRET_VALUE = Secrets.VALUE;
  private static final Pattern SECRET_FLAG = Pattern.compile("(?i)--?(token|api[-_]?key|password|secret|auth)(=.+)?");
  private static final Pattern PLACEHOLDER = Pattern.compile("(?i)|\\$\\{.*}|<.*>|your[-_ ].*|x{3,}|\\*+|changeme|"
      + "none|null|true|false|\\d{1,5}");
  private static final Pattern URL_SECRET = Pattern.compile(
      "(?i)[?&](token|key|api_?key|secret|access_token|password)=([^&#]{8,})");
  private static final Pattern NPM_PINNED = Pattern.compile("(@[^/@\\s]+/)?[^@\\s]+@v?\\d+\\.\\d+\\.\\d+[\\w.+-]*");
  private static final Pattern PY_PINNED = Pattern.compile("[^=@\\s]+(==|@)v?\\d+(\\.\\d+)*[\\w.+-]*");

  private LaunchChecks() {}

  /**
   * The entry's command line as the launch patterns see it: {@code NAME=value} for each env variable, then the argv.
   * Values that look like secrets (by name or by form) are masked here already, since an excerpt of this line is
   * printed.
   */
  public static String commandLine(ServerSpec spec) {
    StringBuilder b = new StringBuilder();
    spec.env().forEach((k, v) -> b.append(k).append('=').append(v == null ? ""
        : SECRET_NAME.matcher(k).matches() || SECRET_VALUE.matcher(v).find() ? mask(v) : v).append(' '));
    b.append(String.join(" ", spec.argv().stream().map(a -> SECRET_VALUE.matcher(a).find() ? mask(a) : a).toList()));
    return b.toString();
  }

  /** Runs {@code unpinned-package} or {@code inline-secret} on one entry. */
  public static List<Hit> run(String detector, ServerSpec spec) {
    return switch (detector) {
      case "unpinned-package" -> spec.isStdio() ? unpinned(spec.argv()) : List.of();
      case "inline-secret" -> secrets(spec);
      default -> List.of();
    };
  }

  private static List<Hit> unpinned(List<String> argv) {
    if (argv.isEmpty()) {
      return List.of();
    }
    String exe = argv.getFirst().replaceAll(".*[/\\\\]", "").toLowerCase(Locale.ROOT).replaceAll("\\.(cmd|exe)$", "");
    int start;
    boolean python;
    Set<String> valued;
    switch (exe) {
      case "npx", "bunx" -> { start = 1; python = false; valued = Set.of("-p", "--package", "-c", "--call"); }
      case "pnpm", "npm" -> {
        if (argv.size() < 2 || !Set.of("dlx", "exec", "x").contains(argv.get(1))) {
          return List.of();
        }
        start = 2; python = false; valued = Set.of("-p", "--package", "-c", "--call");
      }
      case "uvx" -> { start = 1; python = true; valued = Set.of("--from", "--with", "--python", "-p", "--index-url",
          "--with-requirements", "--extra-index-url"); }
      case "pipx" -> {
        if (argv.size() < 2 || !argv.get(1).equals("run")) {
          return List.of();
        }
        start = 2; python = true; valued = Set.of("--spec", "--python", "--pip-args", "--index-url");
      }
      default -> { return List.of(); }
    }
    String pkg = null;
    int at = -1;
    for (int i = start; i < argv.size(); i++) {
      String a = argv.get(i);
      if (Set.of("-p", "--package", "--from", "--spec").contains(a) && i + 1 < argv.size()) {
        pkg = argv.get(i + 1);
        at = i + 1;
        break;
      }
      if (a.startsWith("--package=") || a.startsWith("--from=") || a.startsWith("--spec=")) {
        pkg = a.substring(a.indexOf('=') + 1);
        at = i;
        break;
      }
      if (valued.contains(a)) {
        i++;
      } else if (!a.startsWith("-")) {
        pkg = a;
        at = i;
        break;
      }
    }
    if (pkg == null || pkg.startsWith(".") || pkg.startsWith("/") || pkg.startsWith("file:") || pkg.startsWith("git+")
        || (python ? PY_PINNED : NPM_PINNED).matcher(pkg).matches()) {
      return List.of();
    }
    return List.of(new Hit("/args/" + (at - 1), PeerText.line(String.join(" ", argv), 300)
        + " (the package \"" + PeerText.line(pkg, 120) + "\" has no exact version)"));
  }

  private static List<Hit> secrets(ServerSpec spec) {
    List<Hit> hits = new ArrayList<>();
    Set<String> substituted = spec.secrets();
    for (Map.Entry<String, String> e : spec.env().entrySet()) {
      String v = e.getValue();
      if (v != null && !substituted.contains(v) && !PLACEHOLDER.matcher(v).matches()
          && (SECRET_NAME.matcher(e.getKey()).matches() || SECRET_VALUE.matcher(v).find())) {
        hits.add(new Hit("/env/" + pointerEscape(e.getKey()), e.getKey() + "=" + mask(v)));
      }
    }
    List<String> argv = spec.argv();
    for (int i = 1; i < argv.size(); i++) {
      String a = argv.get(i);
      if (substituted.contains(a)) {
        continue;
      }
      var flag = SECRET_FLAG.matcher(a);
      boolean flagged = flag.matches();
      String value = flagged ? (flag.group(2) != null ? flag.group(2).substring(1)
          : i + 1 < argv.size() ? argv.get(i + 1) : "") : a;
      if ((flagged && !value.isEmpty() && !substituted.contains(value) && !PLACEHOLDER.matcher(value).matches()
          && !value.startsWith("-")) || SECRET_VALUE.matcher(a).find()) {
        hits.add(new Hit("/args/" + (i - 1), (flagged ? flag.group(1) + " " : "") + mask(value)));
      }
    }
    spec.headers().forEach((k, v) -> {
      if (!substituted.contains(v) && !v.contains("${") && (k.equalsIgnoreCase("authorization")
          || SECRET_NAME.matcher(k).matches()) && !PLACEHOLDER.matcher(v).matches()) {
        hits.add(new Hit("/headers/" + pointerEscape(k), k + ": " + mask(v)));
      }
    });
    if (spec.url() != null) {
      var q = URL_SECRET.matcher(spec.url());
      while (q.find()) {
        if (!substituted.contains(q.group(2))) {
          hits.add(new Hit("/url", "the query parameter " + q.group(1) + "=" + mask(q.group(2))));
        }
      }
    }
    return hits;
  }

  /** The first four characters and the length: enough to find the value, not enough to use it. */
  static String mask(String v) {
    int keep = Math.min(4, v.length() / 4);
    return PeerText.line(v.substring(0, keep), 10) + "... (" + v.length() + " characters, hidden)";
  }

  /** RFC 6901: {@code ~} as {@code ~0}, {@code /} as {@code ~1}. */
  public static String pointerEscape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
